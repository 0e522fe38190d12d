"""Escaping filters for the snippet templates: one per syntax a manifest value can land in.

Every value that comes from a manifest goes through one of these, so text such as
`$(touch /tmp/x) \\`id\\` "; rm -rf ~ #` stays inert: quoted as a literal for code, and flattened to a
single line (newlines and other line terminators removed, invisible characters made visible) for comments.
"""

from __future__ import annotations

import json
import re
import shlex
import textwrap
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Optional

from ..errors import AuthAdvisorError
from ..manifest.chars import HIDDEN_CATEGORIES as _HIDDEN
from ..manifest.chars import has_hidden

# _HIDDEN: categories never written raw: controls (incl. \n, \r, \x85), format characters (bidi
# overrides), line/paragraph separators (line ends in JS and YAML), surrogates and private-use characters
_BREAKS = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")


class SnippetValueError(AuthAdvisorError, ValueError):
    """A value cannot be written safely into a snippet. The manifest's field checks refuse such values
    first (manifest.chars, shared with these filters), so reaching this is a bug, reported, never a
    traceback."""


def inert(text: Any) -> str:
    """`text` as one line of harmless characters: line breaks become spaces, other control, format and
    separator characters become visible \\u escapes (four hex digits), runs of spaces collapse."""
    text = str(text)
    if text.isprintable():  # no control, format, separator or unassigned character: nothing to escape
        return " ".join(text.split())
    return _inert(text)


@lru_cache(maxsize=4096)
def _inert(text: str) -> str:
    """inert() one character at a time (the rules table's texts repeat: each is escaped once per run)."""
    out = []
    for ch in text:
        if ch in _BREAKS:
            out.append(" ")
        elif unicodedata.category(ch) in _HIDDEN:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def has_control(text: str) -> bool:
    return has_hidden(text)


def comment(text: Any, prefix: str = "# ", first: str = "", width: int = 100) -> str:
    """`text` as comment lines, each starting with `prefix`; `first` labels the first line.

    The text is made inert first, so nothing in it can end the comment early in any of the target
    languages (bash, Python, JavaScript `//`, YAML, .env, .http)."""
    if text is None:
        return ""
    return _comment(str(text), prefix, first, width)


@lru_cache(maxsize=4096)
def _comment(text: str, prefix: str, first: str, width: int) -> str:
    """comment() of a string: the same rules-table notes wrap the same way in every manifest's snippets,
    so each is wrapped once per run."""
    body = inert(text)
    room = max(width - len(prefix) - len(first), 20)
    if len(body) <= room:  # one line: what textwrap.wrap gives such a text (inert leaves single spaces,
        lines = [body]     # none at either end), without its chunking (a test holds the two together)
    else:
        lines = textwrap.wrap(body, width=room, break_long_words=True, break_on_hyphens=False) or [""]
    indent = " " * len(first)
    return "\n".join((prefix + (first if i == 0 else indent) + line).rstrip() for i, line in enumerate(lines))


def _literal_guard(value: Any) -> str:
    if not isinstance(value, str):
        raise SnippetValueError(f"expected a string, got {type(value).__name__}")
    if has_control(value):
        raise SnippetValueError("refusing to write a control character into code")
    return value


def sh(value: Any) -> str:
    """A bash word for `value`, never expanded: single-quoted by shlex, or double-quoted when the text
    has a single quote and none of the characters that are special inside double quotes."""
    text = _literal_guard(value)
    if "'" in text and not any(c in text for c in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)


def py(value: Any) -> str:
    """A Python literal (repr) for a string, number, bool or None; double-quoted when repr's quoting
    allows it, as black and ruff format would write it."""
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    text = repr(_literal_guard(value))
    if text.startswith("'") and '"' not in value and "'" not in value:
        return '"' + text[1:-1] + '"'
    return text


def js(value: Any) -> str:
    """A JavaScript literal: JSON with every non-ASCII character escaped (no U+2028 surprises)."""
    return json.dumps(value, ensure_ascii=True)


def yaml_scalar(value: Any) -> str:
    """A one-line YAML scalar: a double-quoted string with every special character escaped."""
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    text = str(value)
    if _YAML_PLAIN.fullmatch(text):  # printable ASCII, no quote or backslash: the emitter escapes nothing
        return f'"{text}"'
    return _yaml_scalar(text)


#: what the emitter writes unchanged inside double quotes (a test holds yaml_scalar to the emitter)
_YAML_PLAIN = re.compile(r'[ !#-\[\]-~]*')


@lru_cache(maxsize=4096)
def _yaml_scalar(value: str) -> str:
    """yaml_scalar() of a string, once per run for each (the emitter is slow; rules text repeats)."""
    import yaml

    text = yaml.safe_dump(value, default_style='"', width=1 << 30, allow_unicode=True,
                          explicit_end=False).rstrip("\n")
    if "\n" in text:  # pragma: no cover - the emitter escapes every line break in this style
        raise SnippetValueError("YAML scalar spans lines")
    return text


def chunks(text: str, width: int = 76) -> list[str]:
    """`text` cut at spaces into pieces of about `width` characters that join back to exactly `text`
    (for long string literals written as several adjacent ones)."""
    pieces: list[str] = []
    for word in re.findall(r"\S+\s*|\s+", text):
        if pieces and len(pieces[-1]) + len(word.rstrip()) <= width:
            pieces[-1] += word
        else:
            pieces.append(word)
    return pieces or [""]


_DOTENV_PLAIN = re.compile(r"[A-Za-z0-9_./:@%+,=-]*")


def dotenv(value: Any) -> Optional[str]:
    """A .env value: bare when it is plain, else single-quoted; None when no dotenv dialect can carry it
    literally (the template then leaves it empty and says so)."""
    text = _literal_guard(value)
    if _DOTENV_PLAIN.fullmatch(text):
        return text
    if "'" in text or "\\" in text:
        return None
    return f"'{text}'"


def _utf16_escapes(text: str, escape: Callable[[str], str]) -> str:
    """`text` with every non-ASCII character as \\uHHHH UTF-16 code units (a surrogate pair above
    U+FFFF), and the ASCII characters passed through `escape`."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            out.append(escape(ch))
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return "".join(out)


def _backslash_quote(ch: str) -> str:
    return "\\" + ch if ch in '"\\' else ch


def java(value: Any) -> str:
    """A Java string literal, pure ASCII. Java turns \\uHHHH into its character before it lexes the
    source, so only non-ASCII characters are written that way (never a quote, backslash or line end);
    a backslash in the text is doubled, which leaves no \\u in it for the compiler to translate."""
    if value is None:
        return "null"
    return '"' + _utf16_escapes(_literal_guard(value), _backslash_quote) + '"'


def csharp(value: Any) -> str:
    """A C# regular string literal, pure ASCII: the same escapes as Java's (C# reads \\uHHHH inside
    the literal only, and no C# version needs more)."""
    return java(value)


def php(value: Any) -> str:
    """A PHP single-quoted string: nothing is interpolated; only \\\\ and \\' are escapes there. The
    text is written as UTF-8 (PHP source is bytes)."""
    if value is None:
        return "null"
    text = _literal_guard(value)
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def java_comments(block: str) -> str:
    """A block of Java comment lines made safe from the compiler's \\u translation (which happens
    inside comments too: the text \\u000a would end a // comment): every backslash doubled."""
    return block.replace("\\", "\\\\")


def php_comments(block: str) -> str:
    """A block of PHP // comment lines with every ?> broken up: it would end the comment and PHP mode."""
    while "?>" in block:
        block = block.replace("?>", "? >")
    return block


FILTERS: dict[str, Callable[..., Any]] = {
    "chunks": chunks,
    "comment": comment,
    "inert": inert,
    "sh": sh,
    "py": py,
    "js": js,
    "json": js,
    "yaml": yaml_scalar,
    "dotenv": dotenv,
    "java": java,
    "csharp": csharp,
    "php": php,
    "java_comments": java_comments,
    "php_comments": php_comments,
}
