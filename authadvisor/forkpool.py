"""Work on every core, the one way lint and docs both do it: forked workers that inherit what the parent
set up (the lint plan, the pages to render), each given chunks of work in turn, results handed back in
chunk order, so the output is the same bytes whatever the number of workers.

How many: AUTHADVISOR_JOBS, or the number asked for, else every core from PARALLEL_MIN items on; one
process where fork is not available (the workers rely on inheriting the parent's state). multiprocessing
is imported only when workers are used (~12 ms of start-up)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any, Callable, Optional

PARALLEL_MIN = 200  #: below this many items the fork costs more than it saves
#: the function workers run on each chunk: set in the parent before forking, inherited by every worker
#: (so it may be a closure over anything: it is never pickled; only chunks and results are)
_JOB: Optional[Callable[[Any], Any]] = None


def workers(requested: Optional[int], n_items: int) -> int:
    """How many processes: AUTHADVISOR_JOBS or `requested`, else every core for many items; one where
    fork is not available."""
    env = os.environ.get("AUTHADVISOR_JOBS", "").strip()
    if requested is None and env.isdigit() and int(env) > 0:
        requested = int(env)
    if requested is not None:
        n = max(1, requested)
    elif n_items < PARALLEL_MIN:
        return 1
    else:
        try:
            n = max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
        except AttributeError:
            n = os.cpu_count() or 1
    if n > 1 and n_items > 1:
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return 1
    return n


def _run(chunk: Any) -> Any:
    if _JOB is None:  # pragma: no cover - set by fork_map before any chunk runs
        raise RuntimeError("no job for this worker")
    return _JOB(chunk)


def fork_map(func: Callable[[Any], Any], chunks: Sequence[Any], n_jobs: int) -> Iterator[Any]:
    """func(chunk) for each chunk, in chunk order: in `n_jobs` forked workers, or here for one job (or
    one chunk)."""
    global _JOB
    if n_jobs <= 1 or len(chunks) < 2:
        yield from map(func, chunks)
        return
    import multiprocessing

    _JOB = func
    try:
        with multiprocessing.get_context("fork").Pool(n_jobs) as pool:
            yield from pool.imap(_run, chunks)  # imap keeps the chunks' order: a deterministic merge
    finally:
        _JOB = None
