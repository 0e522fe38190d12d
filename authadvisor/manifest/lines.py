"""One line table per text: where each line starts, counted the way editors and GitHub count them.

A line ends at LF, CRLF or a lone CR, and nowhere else. libyaml also breaks lines at U+0085, U+2028 and
U+2029 (YAML 1.1), so its `line` marks drift after one of them; its `index` (a character offset) does
not, so every position authadvisor reports goes from that offset through this table. Findings and inline
ignores share it, so an ignore and the finding it silences agree on the line.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..findings import Span

_BREAK = re.compile(r"\r\n?|\n")


class LineTable:
    """Start offsets of the lines of `text` (0-based character offsets)."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at `offset`; columns count characters."""
        offset = max(0, min(offset, len(self.text)))
        n = bisect_right(self.starts, offset) - 1
        return n + 1, offset - self.starts[n] + 1

    def span(self, start: int, end: int) -> Span:
        return Span(*self.position(start), *self.position(end))

    def offset(self, line: int, column: int) -> int:
        """The character offset of 1-based (line, column)."""
        return self.starts[line - 1] + column - 1

    def lines(self) -> list[str]:
        """The lines without their line ends (as many as `position` counts)."""
        text, starts = self.text, self.starts
        out = []
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(text)
            out.append(text[start:end].rstrip("\r\n") if i + 1 < len(starts) else text[start:end])
        return out
