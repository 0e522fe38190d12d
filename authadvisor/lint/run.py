"""Lint many files: one process for a few, every core for many (forked workers, chunked work,
results merged in a fixed order), streaming: no worker keeps a document once its file is done.

Forked workers inherit the plan and the target list, so a chunk travels as two indices and comes back
compact: the indices of the files that were not manifests, and (index, result) only for a file with
findings, suppressions or a shown name other than its own (a redacted one). A clean file costs the
parent nothing but its name, and its name is the target's own string (not a copy per file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from ..forkpool import fork_map, workers
from .discover import Target
from .linter import FileResult, Plan, lint_file

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


def lint_targets(targets: Sequence[Target], plan: Plan, jobs: Optional[int] = None) -> list[FileResult]:
    """FileResults for the targets that are manifests, in target order (forkpool: every core for many)."""
    global _PLAN, _TARGETS
    n = workers(jobs, len(targets))
    results: list[FileResult] = []
    _PLAN, _TARGETS = plan, targets
    try:
        size = max(16, min(256, len(targets) // (n * 8) or 1)) if n > 1 else max(1, len(targets))
        bounds = [(i, min(i + size, len(targets))) for i in range(0, len(targets), size)]
        for (start, end), chunk in zip(bounds, fork_map(_lint_range, bounds, n)):
            _merge(targets, start, end, chunk, results)
        return results
    finally:
        _PLAN, _TARGETS = None, ()
