"""Lint output formats: pure functions from a LintReport to text, siblings with one signature:
`render(report, style=Style()) -> str`. Only `text` uses the style (colour on a terminal)."""

from __future__ import annotations

import importlib
from typing import Any, Callable

from ..render.style import Style

FORMATS = ("text", "json", "sarif", "junit", "github")
PLAIN = Style()  #: no colour: the default style of every format


def formatter(name: str) -> Callable[..., str]:
    """The render function of format `name` (imported on first use)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; formats: {', '.join(FORMATS)}")
    module: Any = importlib.import_module(f"{__name__}.{name}_format")
    return module.render
