"""The version: one source of truth, read by the build (pyproject: [tool.hatch.version]) and at run time
without importlib.metadata (which costs ~30 ms of start-up)."""

from __future__ import annotations

__version__ = "0.1.0"

#: the project's home: stable URLs under it name the tool (SARIF) and the manifest schema (its $id)
PROJECT_URL = "https://github.com/authadvisor/authadvisor"


def version() -> str:
    return __version__


def check_doc_url(check_id: str) -> str:
    """Where check `check_id` is documented: its section of the README (anchor `check-<id>`), the SARIF
    rule's helpUri and the default help link of a check."""
    return f"{PROJECT_URL}#check-{check_id}"
