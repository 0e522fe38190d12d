"""The version: one source of truth, read by the build (pyproject: [tool.hatch.version]) and at run time
without importlib.metadata (which costs ~30 ms of start-up)."""

from __future__ import annotations

__version__ = "0.1.0"


def version() -> str:
    return __version__
