"""Lint many files: one process for a few, every core for many (forked workers, chunked work,
results merged in a fixed order), streaming: no worker keeps a document once its file is done.

Forked workers inherit the plan and the target list, so a chunk travels as two indices and comes back
compact: the indices of the files that were not manifests, and (index, result) only for a file with
findings, suppressions or a shown name other than its own (a redacted one). A clean file costs the
parent nothing but its name, and its name is the target's own string (not a copy per file)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Optional

from .discover import Target
from .linter import FileResult, Plan, lint_file

PARALLEL_MIN = 200  #: below this many files the fork costs more than it saves
_PLAN: Optional[Plan] = None  # set in the parent before forking; workers inherit it
_TARGETS: Sequence[Target] = ()  # likewise

Chunk = tuple[list[int], list[tuple[int, FileResult]]]  #: (not manifests, (index, result) worth sending)


def _lint_range(bounds: tuple[int, int]) -> Chunk:
    if _PLAN is None:  # pragma: no cover - set by lint_targets before any chunk runs
        raise RuntimeError("no lint plan")
    skipped: list[int] = []
    kept: list[tuple[int, FileResult]] = []
    for i in range(*bounds):
        t = _TARGETS[i]
        result = lint_file(t.path, t.name, _PLAN, t.explicit)
        if result is None:
            skipped.append(i)
        elif result.findings or result.suppressed or result.file != t.name:
            kept.append((i, result))
    return skipped, kept


def _merge(targets: Sequence[Target], start: int, end: int, chunk: Chunk, out: list[FileResult]) -> None:
    """Append the results of targets[start:end] to `out`, in target order."""
    skipped, kept = chunk
    special = dict(kept)
    gone = set(skipped)
    for i in range(start, end):
        if i in gone:
            continue
        result = special.get(i)
        out.append(result if result is not None else FileResult(targets[i].name, ()))


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
    global _PLAN, _TARGETS
    n = workers(jobs, len(targets))
    if n > 1 and len(targets) > 1:  # multiprocessing costs ~12 ms of start-up: only for several files
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            n = 1
    results: list[FileResult] = []
    _PLAN, _TARGETS = plan, targets
    try:
        if n <= 1 or len(targets) < 2:
            _merge(targets, 0, len(targets), _lint_range((0, len(targets))), results)
            return results
        import multiprocessing

        size = max(16, min(256, len(targets) // (n * 8) or 1))
        bounds = [(i, min(i + size, len(targets))) for i in range(0, len(targets), size)]
        with multiprocessing.get_context("fork").Pool(n) as pool:
            # imap keeps chunk order: a deterministic merge
            for (start, end), chunk in zip(bounds, pool.imap(_lint_range, bounds)):
                _merge(targets, start, end, chunk, results)
        return results
    finally:
        _PLAN, _TARGETS = None, ()
