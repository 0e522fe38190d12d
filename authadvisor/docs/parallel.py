"""Render and write (or compare) the pages on every core, as lint lints (authadvisor.forkpool): each
worker is given a run of consecutive page names, results are merged in name order, so the output and the
report are the same bytes whatever the number of workers. A worker renders a page, writes or compares
it, and drops it: nothing but file names comes back. Below forkpool.PARALLEL_MIN pages (or where fork
is not available) one process does it all; AUTHADVISOR_JOBS sets the number of processes, as for lint.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, Callable

from ..forkpool import fork_map, workers


def jobs(n_pages: int) -> int:
    """How many processes for this many pages: lint's rule (forkpool.workers)."""
    return workers(None, n_pages)


def map_names(func: Callable[..., list], names: Sequence[Any], args: tuple, n_jobs: int) -> list:
    """func(chunk, *args) over `names` (page names, or lint targets) cut into runs, concatenated in order."""
    if n_jobs <= 1 or len(names) < 2:
        return func(names, *args)
    size = max(4, min(64, len(names) // (n_jobs * 8) or 1))
    chunks = [names[i:i + size] for i in range(0, len(names), size)]
    out: list[Any] = []
    for part in fork_map(partial(_apply, func, args), chunks, n_jobs):
        out.extend(part)
    return out


def _apply(func: Callable[..., list], args: tuple, chunk: Sequence[Any]) -> list:
    return func(chunk, *args)
