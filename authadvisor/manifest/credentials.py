"""Spotting credentials in manifests. Reports where, never what: no function here returns a value."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

_KEY = re.compile(
    r"(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|client[_-]?secret|private[_-]?key"
    r"|access[_-]?key|auth[_-]?key|bearer|session[_-]?id)",
    re.IGNORECASE,
)
#: (kind, pattern, cheap test that must hold for the pattern to match): most strings need no regex at
#: all (lint scans every value of every manifest)
_VALUE_CHECKS = (
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"),
     lambda v: "eyJ" in v),
    ("an HTTP Basic authorization header", re.compile(r"(?i)\bbasic\s+[A-Za-z0-9+/]{8,}={0,2}"),
     lambda v: "basic" in v.lower()),
    ("a PEM private key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"),
     lambda v: "-----BEGIN" in v),
    ("a 32-hex-digit MD5 digest (a hashed till password is as good as the password)",
     re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])"), lambda v: len(v) >= 32),
    ("a URL with a user name and password", re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"),
     lambda v: "@" in v and "://" in v),
)

#: the value patterns, stricter where an English word could match (for redacting free text)
_REDACT = (
    re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"),
    re.compile(r"(?i)\bbasic\s+(?=[A-Za-z0-9+/]*[0-9+/])[A-Za-z0-9+/]{8,}={0,2}"),
    re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END[^-]*-----|$)"),
    re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])"),
    re.compile(r"(?i)(?<=://)[^/\s:@]+:[^/\s@]+(?=@)"),
)


def value_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(kind, pattern) pairs credential_value looks for: the questionnaire page checks the same ones."""
    return tuple((kind, pattern) for kind, pattern, _ in _VALUE_CHECKS)


ADVICE = ("never put credentials in a manifest: keep them in environment variables or a secret manager "
          "and rotate any value that was committed")


@lru_cache(maxsize=4096)
def credential_key(key: str) -> bool:
    """True when a key's name says it holds a credential (password, secret, token, api_key, ...)."""
    return bool(_KEY.search(key))


def credential_value(value: Any) -> Optional[str]:
    """What kind of credential a string looks like (e.g. "a JSON Web Token"), or None."""
    if not isinstance(value, str) or len(value) < 8:
        return None
    for kind, pattern, may_match in _VALUE_CHECKS:
        if may_match(value) and pattern.search(value):
            return kind
    return None


def redact(text: str) -> str:
    """`text` with anything shaped like a credential value replaced by `(redacted)`: the last line of
    defence for messages, which must never carry a secret."""
    for pattern in _REDACT:
        if pattern.search(text):
            text = pattern.sub("(redacted)", text)
    return text


def scan(data: Any, known_keys: frozenset = frozenset(), path: tuple = ()) -> list[tuple[tuple, bool, str]]:
    """(path, is_key, description) for every credential-looking key or value under `data`.

    `known_keys` are schema field names that may look like credential words but are not
    (``credentials``). Iterative and cheap: lint scans every manifest.
    """
    out: list[tuple[tuple, bool, str]] = []
    stack: list[tuple[tuple, Any]] = [(path, data)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                at = (*here, key)
                kind = credential_value(key)
                if kind:
                    out.append((at, True, f"a key looks like {kind}"))
                elif (isinstance(key, str) and key not in known_keys and credential_key(key)
                      and value not in (None, "")):
                    out.append((at, True, f'key "{key}" looks like a credential'))
                elif isinstance(value, (dict, list)) or (isinstance(value, str) and len(value) >= 8):
                    stack.append((at, value))
        elif isinstance(node, list):
            stack.extend(((*here, i), item) for i, item in enumerate(node))
        else:
            kind = credential_value(node)
            if kind:
                out.append((here, False, f"this value looks like {kind}"))
    return out
