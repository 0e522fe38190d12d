"""Why an unquoted value is not text: PyYAML reads YAML 1.1, where `on`, `no`, `yes`, `off`, `1:20` and
`2027-01-01` are booleans, numbers and dates, while YAML 1.2 (and so most editors) reads several of
them as text. A finding about such a value says what it was read as and how to quote it."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Optional

from .credentials import credential_value

#: the plain scalars YAML 1.2's core schema resolves to something other than a string (a pattern compiled
#: on first use, by re's own cache: only a message needs it, and compiling costs ~1 ms of every start)
_CORE_12 = (
    r"(null|Null|NULL|~)?|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def _read_as(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "null (no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date" if not isinstance(value, dt.datetime) else "a date and time"
    return f"a {type(value).__name__}"


def quoting_hint(raw: Optional[str], value: Any, loc: tuple) -> str:
    """'; YAML 1.1 ... quote it: name: "on"' for an unquoted scalar read as a non-string, else ''."""
    if not raw or raw == "~" or isinstance(value, str) or credential_value(raw):
        return ""
    quoted = json.dumps(raw, ensure_ascii=False)
    where = f"{loc[-1]}: {quoted}" if loc and isinstance(loc[-1], str) else f"- {quoted}"
    if re.fullmatch(_CORE_12, raw):
        return f"; YAML reads the unquoted {quoted} as {_read_as(value)}: to mean the text, quote it ({where})"
    return (f"; YAML 1.1, which authadvisor reads, takes the unquoted {quoted} as {_read_as(value)} "
            f"(YAML 1.2 editors show it as text): quote it ({where})")
