"""Field checks a JSON Schema cannot express, shared by the pydantic models (library) and the fast
run-time validator (manifest.fastschema). Each takes a value that already has the right JSON type and returns
None when fine, else an error type that validate.py words for people."""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

from . import vocab
from .chars import has_hidden

_HTTPS_URL = re.compile(r"https://[A-Za-z0-9.-]+(:\d+)?(/[^\s?#]*)?")


def schema_version(value: Any) -> Optional[str]:
    return None if value == vocab.SCHEMA_VERSION else "unsupported_version"


def https_url(value: Any) -> Optional[str]:
    if re.match(r"(?i)http://", value):
        return "insecure_url"
    if has_hidden(value):  # what the snippet filters refuse to write (manifest.chars): refused here first
        return "url_hidden"
    return None if _HTTPS_URL.fullmatch(value) else "url_invalid"


def nonblank(value: Any) -> Optional[str]:
    return None if value.strip() else "reason_empty"


def unique_items(value: Any) -> Optional[str]:
    return None if len(set(value)) == len(value) else "list_repeats"


CHECKS: dict[str, Callable[[Any], Optional[str]]] = {
    "schema-version": schema_version,
    "https-url": https_url,
    "nonblank": nonblank,
    "unique-items": unique_items,
}
