"""Render and write (or compare) the pages on every core, as lint lints: forked workers, each given a run of
consecutive page names, results merged in name order, so the output and the report are the same bytes
whatever the number of workers. A worker renders a page, writes or compares it, and drops it: nothing
but file names comes back. Below PARALLEL_MIN pages (or where fork is not available) one process does
it all; AUTHADVISOR_JOBS sets the number of processes, as for lint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable, Optional

#: (the function, its arguments after the chunk): set in the parent before forking; workers inherit it
_JOB: Optional[tuple[Callable[..., list], tuple]] = None


def jobs(n_pages: int) -> int:
    """How many processes for this many pages: lint's rule (AUTHADVISOR_JOBS, else every core from
    PARALLEL_MIN files on), and one where fork is not available."""
    from ..lint.run import workers

    n = workers(None, n_pages)
    if n > 1:
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return 1
    return n


def _run(chunk: Sequence[Any]) -> list:
    if _JOB is None:  # pragma: no cover - set by map_names before any chunk runs
        raise RuntimeError("no docs job")
    func, args = _JOB
    return func(chunk, *args)


def map_names(func: Callable[..., list], names: Sequence[Any], args: tuple, n_jobs: int) -> list:
    """func(chunk, *args) over `names` (page names, or lint targets) cut into runs, concatenated in order."""
    global _JOB
    if n_jobs <= 1 or len(names) < 2:
        return func(names, *args)
    import multiprocessing

    size = max(4, min(64, len(names) // (n_jobs * 8) or 1))
    chunks = [names[i:i + size] for i in range(0, len(names), size)]
    _JOB = (func, args)
    try:
        with multiprocessing.get_context("fork").Pool(n_jobs) as pool:
            out: list[Any] = []
            for part in pool.imap(_run, chunks):  # imap keeps the chunks' order: a deterministic merge
                out.extend(part)
            return out
    finally:
        _JOB = None
