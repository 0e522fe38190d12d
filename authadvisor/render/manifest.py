"""A manifest dict -> YAML text, byte for byte what the questionnaire page's JS writes.

A deliberately tiny emitter (mappings, flow lists of scalars, strings, booleans, integers) so that the
Python and JS sides can be kept identical and tested against each other. A string is written plain
only when it cannot be read back as anything else; otherwise it is double-quoted with JSON escapes,
which YAML reads back exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Optional

_PLAIN = re.compile(r"[a-z][a-z0-9_-]*")
#: words YAML 1.1 readers take for booleans or null (y and n included: some readers do)
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
#: characters YAML may not carry raw inside a double-quoted scalar (beyond what JSON escapes)
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as a manifest scalar")
    if _PLAIN.fullmatch(value) and value not in _RESERVED:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _lines(data: dict, indent: str) -> Iterable[str]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield f"{indent}{key}:"
            yield from _lines(value, indent + "  ")
        elif isinstance(value, (list, tuple)):
            yield f"{indent}{key}: [{', '.join(scalar(v) for v in value)}]"
        else:
            yield f"{indent}{key}: {scalar(value)}"


def manifest_yaml(data: dict, method: Optional[str] = None, rule: Optional[str] = None) -> str:
    """The manifest as YAML with a short header saying where it came from and how to check it."""
    header = ["# authadvisor integration manifest, written by the authadvisor questionnaire."]
    if method and rule:
        header.append(f"# Recommended method: {method} (rule {rule}).")
    header.append("# Check it with: authadvisor recommend FILE (and authadvisor lint FILE)")
    return "\n".join([*header, *_lines(data, "")]) + "\n"
