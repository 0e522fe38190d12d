"""The version: one source of truth, read by the build (pyproject: [tool.hatch.version]) and at run time
without importlib.metadata (which costs ~30 ms of start-up)."""

from __future__ import annotations

__version__ = "0.1.0"

#: The project's home: the one stable URL every output points at (SARIF informationUri and each check's
#: helpUri, `PROJECT_URL#check-<id>` = the check's section of the README; the editor schema's $id).
PROJECT_URL = "https://github.com/authadvisor/authadvisor"


def check_doc_url(check_id: str) -> str:
    """Where check `check_id` is documented: its README section (anchor `check-<id>`)."""
    return f"{PROJECT_URL}#check-{check_id}"


def version() -> str:
    return __version__
