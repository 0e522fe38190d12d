"""Lint output formats: pure functions from a LintReport to text, siblings with one signature:
`render(report, style=Style()) -> str`. Only `text` uses the style (colour on a terminal). A format
that can stream (sarif) also has `chunks(report, style) -> Iterator[str]`; `stream()` gives every
format in that shape."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any, Callable

from ..render.style import Style

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")
PLAIN = Style()  #: no colour: the default style of every format


def compact(value: Any) -> str:
    """Compact JSON (no spaces), for the streamed formats: one record per line."""
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _module(name: str) -> Any:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; formats: {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.{name}_format")


def formatter(name: str) -> Callable[..., str]:
    """The render function of format `name` (imported on first use)."""
    module: Any = _module(name)
    return module.render


def stream(name: str) -> Callable[..., Iterable[str]]:
    """Format `name` as a function yielding the output in pieces (one piece for most formats)."""
    module: Any = _module(name)
    chunks = getattr(module, "chunks", None)
    if chunks is not None:
        return chunks  # type: ignore[no-any-return]
    return lambda report, style=PLAIN, **options: (module.render(report, style, **options),)
