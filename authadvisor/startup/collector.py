"""The cyclic garbage collector, tuned for a command that starts, works and exits.

Start-up allocates some 20,000 to 35,000 long-lived objects (modules, classes, functions, the rules table)
and no cyclic garbage, yet Python's default thresholds (a collection every 700 allocations, older
generations every 10 of those) scan them again and again while it imports: ~3% of a short command.

- defer() (the console script, first thing) puts the first collection off until START_THRESHOLD
  allocations, past start-up; after that first collection Python's own thresholds apply again, so a long
  run (lint over 100,000 files, docs, the stand-in server) collects exactly as it would have. Forked
  workers inherit the same state.

The exit's own collections are skipped by ending the process without tearing it down (quickexit.py).

Nothing here runs when authadvisor is used as a library.
"""

from __future__ import annotations

import gc

START_THRESHOLD = 100_000  #: allocations before the first collection: start-up makes ~20,000 to 35,000

_restore: list = []  #: the installed callback (once per process); no typing import: it comes before defer()


def defer() -> None:
    """Put off the first collection until START_THRESHOLD allocations; then Python's own thresholds."""
    if _restore:
        return
    thresholds = gc.get_threshold()

    def restore(phase: str, _info: dict) -> None:
        if phase == "stop" and restore in gc.callbacks:
            gc.set_threshold(*thresholds)
            gc.callbacks.remove(restore)

    _restore.append(restore)
    gc.callbacks.append(restore)
    gc.set_threshold(max(START_THRESHOLD, thresholds[0]), *thresholds[1:])

