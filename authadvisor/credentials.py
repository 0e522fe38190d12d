"""Spotting credentials in manifests. Reports where, never what: no function here returns a value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Optional

_KEY = re.compile(
    r"(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|client[_-]?secret|private[_-]?key"
    r"|access[_-]?key|auth[_-]?key|bearer|session[_-]?id)",
    re.IGNORECASE,
)
_VALUE_PATTERNS = (
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")),
    ("an HTTP Basic authorization header", re.compile(r"(?i)\bbasic\s+[A-Za-z0-9+/]{8,}={0,2}")),
    ("a PEM private key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")),
    ("a 32-hex-digit MD5 digest (a hashed till password is as good as the password)",
     re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])")),
    ("a URL with a user name and password", re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")),
)

def value_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(kind, pattern) pairs credential_value looks for: the questionnaire page checks the same ones."""
    return _VALUE_PATTERNS


ADVICE = ("never put credentials in a manifest: keep them in environment variables or a secret manager "
          "and rotate any value that was committed")


def credential_key(key: str) -> bool:
    """True when a key's name says it holds a credential (password, secret, token, api_key, ...)."""
    return bool(_KEY.search(key))


def credential_value(value: Any) -> Optional[str]:
    """What kind of credential a string looks like (e.g. "a JSON Web Token"), or None."""
    if not isinstance(value, str) or len(value) < 8:
        return None
    for kind, pattern in _VALUE_PATTERNS:
        if pattern.search(value):
            return kind
    return None


def scan(data: Any, known_keys: frozenset = frozenset(), path: tuple = ()) -> Iterator[tuple[tuple, bool, str]]:
    """Yield (path, is_key, description) for every credential-looking key or value under `data`.

    `known_keys` are schema field names that may look like credential words but are not (``credentials``).
    """
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if isinstance(key, str) and key not in known_keys and credential_key(key) and value not in (None, ""):
                yield here, True, f'key "{key}" looks like a credential'
                continue
            yield from scan(value, known_keys, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from scan(item, known_keys, (*path, i))
    else:
        kind = credential_value(data)
        if kind:
            yield path, False, f"this value looks like {kind}"
