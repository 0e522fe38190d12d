"""Terminal styling as a value: Style(color=False) is the identity, so renderers stay pure."""

from __future__ import annotations

import textwrap
from typing import NamedTuple

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
          "magenta": "35", "cyan": "36"}


class Style(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    color: bool = False
    width: int = 88

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\033[{codes}m{text}\033[0m"

    def wrap(self, text: str, indent: str = "  ", first: str = "") -> str:
        """Fill `text` to the width; `first` replaces the indent on the first line (a bullet)."""
        return textwrap.fill(" ".join(text.split()), width=max(self.width, 40),
                             initial_indent=first or indent, subsequent_indent=indent,
                             break_on_hyphens=False, break_long_words=False)


SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow",), "info": ("cyan",),
                  "must": ("red",), "should": ("yellow",)}
