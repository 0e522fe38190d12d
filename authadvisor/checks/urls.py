"""insecure-url: any plain http:// URL in any value. capillary.base_url is reported by the loader (it
also stops `recommend`); this module reports every other value, never the same place twice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from . import FileContext

CHECK = "insecure-url"
_HTTP = re.compile(r"(?i)\bhttp://[^\s\"'<>]*")


def _strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _strings(item, (*path, i))


def run(ctx: FileContext) -> list[Finding]:
    text = ctx.text.lower() if ctx.text else ""
    if "http:" not in text and "\\" not in text:  # no URL, and no escape that could spell one
        return []
    from ..manifest.validate import dotted, show_value  # (after the early return: lint asks every file)

    done = {f.path for f in ctx.findings if f.check in (CHECK, "secret-in-manifest")}
    out = []
    for path, text in _strings(ctx.doc.data):
        match = _HTTP.search(text) if "http" in text.lower() else None
        if match is None or any(path[: len(d)] == d for d in done):
            continue
        url = match.group(0)
        out.append(ctx.doc.finding(
            f'"{dotted(path)}" has a plain http:// URL {show_value(url)}: anything sent to it, credentials '
            "and tokens included, travels in clear text; use https://", path, check=CHECK,
            severity=ctx.severity(CHECK)))
    return out
