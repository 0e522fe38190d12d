"""Snippets as text (one after another, each under a `==> file (target) <==` line) and as data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def snippets_text(snippets: Iterable[Any]) -> str:
    """Every snippet under a header line naming its file and target, like `head` does for files."""
    parts = [f"==> {s.filename} ({s.target}) <==\n{s.content}" for s in snippets]
    return "\n".join(p if p.endswith("\n") else p + "\n" for p in parts)


def snippets_data(snippets: Iterable[Any]) -> dict[str, dict[str, str]]:
    """target -> {"filename", "content"}, in the fixed target order."""
    return {s.target: s.to_dict() for s in snippets}
