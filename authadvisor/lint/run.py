"""Lint many files: one process for a few, every core for many (forked workers, chunked work,
results merged in a fixed order), streaming: no worker keeps a document once its file is done."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Optional

from .discover import Target
from .linter import FileResult, Plan, lint_file

PARALLEL_MIN = 200  #: below this many files the fork costs more than it saves
_PLAN: Optional[Plan] = None  # set in the parent before forking; workers inherit it


def _lint_chunk(chunk: Sequence[Target]) -> list[FileResult]:
    if _PLAN is None:  # pragma: no cover - set by lint_targets before any chunk runs
        raise RuntimeError("no lint plan")
    out = []
    for t in chunk:
        result = lint_file(t.path, t.name, _PLAN, t.explicit)
        if result is not None:
            out.append(result)
    return out


def workers(requested: Optional[int], n_files: int) -> int:
    """How many processes: AUTHADVISOR_JOBS or `requested`, else every core for many files."""
    env = os.environ.get("AUTHADVISOR_JOBS", "").strip()
    if requested is None and env.isdigit() and int(env) > 0:
        requested = int(env)
    if requested is not None:
        return max(1, requested)
    if n_files < PARALLEL_MIN:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, cores)


def lint_targets(targets: Sequence[Target], plan: Plan, jobs: Optional[int] = None) -> list[FileResult]:
    """FileResults for the targets that are manifests, in target order."""
    global _PLAN
    n = workers(jobs, len(targets))
    if n > 1 and len(targets) > 1:  # multiprocessing costs ~12 ms of start-up: only for several files
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            n = 1
    if n <= 1 or len(targets) < 2:
        _PLAN = plan
        try:
            return _lint_chunk(targets)
        finally:
            _PLAN = None
    import multiprocessing

    size = max(16, min(256, len(targets) // (n * 8) or 1))
    chunks = [targets[i:i + size] for i in range(0, len(targets), size)]
    _PLAN = plan
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            results = []
            for part in pool.imap(_lint_chunk, chunks):  # imap keeps chunk order: deterministic merge
                results.extend(part)
            return results
    finally:
        _PLAN = None
