"""Text from a manifest (or any file, or a file name) made inert before it is shown.

Every layer shows such text, so this is top level and imports nothing of the package. Control,
format (bidi overrides, zero-width), separator and other invisible characters are written as visible
escapes: `\\n`, `\\r`, `\\t`, `\\x1b`, `\\u202e`, `\\U000e0041`. What is left cannot start a line
(no forged `file:line:col: error:` or `::error` workflow command), cannot move the cursor, set the
terminal title or write the clipboard (no ESC, no OSC), and cannot reorder what follows (no bidi).
A backslash is kept as it is, so inert(inert(x)) == inert(x).
"""

from __future__ import annotations

import json
import re

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: the only escape sequences styled output may keep: SGR (colour, bold) as render.style writes them
_SGR = re.compile(r"(\x1b\[[0-9;]*m)")
LIMIT = 80  #: at most this many characters of a value are echoed


def _escape(c: str) -> str:
    if c in _SHORT:
        return _SHORT[c]
    o = ord(c)
    if o < 0x100:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"


def inert(text: str) -> str:
    """`text` on one line with every character that is not visible (str.isprintable: Unicode
    categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than the space) written as an escape."""
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def inert_lines(text: str, keep_style: bool = False) -> str:
    """Multi-line output made inert line by line (the line breaks are the renderer's own); with
    `keep_style`, the SGR colour sequences of render.style survive and every other ESC is escaped."""
    if text.isprintable() or text.replace("\n", "").isprintable():  # printable lines: nothing to escape
        return text
    lines = text.split("\n")
    if not keep_style:
        return "\n".join(inert(line) for line in lines)
    return "\n".join("".join(part if i % 2 else inert(part) for i, part in enumerate(_SGR.split(line)))
                     for line in lines)


def shorten(text: str, limit: int = LIMIT) -> str:
    """At most `limit` characters: longer text keeps its start and ends with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def quoted(text: str, limit: int = LIMIT) -> str:
    """`"text"` as a message quotes it: shortened, JSON-quoted, inert."""
    return inert(json.dumps(shorten(text, limit), ensure_ascii=False))
