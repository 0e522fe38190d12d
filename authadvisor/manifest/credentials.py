"""Spotting credentials in manifests. Reports where (and a fingerprint), never what: no function here
returns a value.

The shapes are data (secretshapes.SHAPES), compiled into one alternation with a named group per shape:
`scan` joins every string of a manifest (keys and values of 8+ characters) with NULs and searches that
text once, so the cost is one regex pass per file however many shapes there are.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate, compress
from typing import Any, Callable, Optional

from ..inert import quoted
from .secretshapes import CREDENTIAL_ISH_KEY, CREDENTIAL_KEY, HEX32, SHAPES

_KEY = re.compile(CREDENTIAL_KEY, re.IGNORECASE)
_ISH_KEY = re.compile(CREDENTIAL_ISH_KEY, re.IGNORECASE)
_PEM_BLOCK = r"[^\x00]*?(?:-----END[^-\x00]*-----|(?=\x00)|\Z)"  #: compiled on first use (re's cache)
_MIN = 8  #: no shape is shorter
_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*")


def _basic(text: str) -> bool:
    """An RFC 7617 credential decodes to `user-id:password`; a token with a digit, + or / is taken as one
    too (it cannot be an English word), so 'Basic authentication' is prose, not a header."""
    token = text.split()[-1]
    if re.search(r"[0-9+/]", token):
        return True
    raw = token.rstrip("=")
    raw = raw[: len(raw) // 4 * 4]
    import base64  # only for a Basic-looking token (rare): not a start-up cost
    import binascii

    try:
        decoded = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        return False
    return b":" in decoded and all(b >= 0x20 and b != 0x7F for b in decoded)


def _mixed(text: str) -> bool:
    """A bearer token has letters and digits: 'Bearer tokens_are_documented' is prose."""
    token = text.split()[-1]
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)


_VERIFY: dict[str, Callable[[str], bool]] = {"basic": _basic, "mixed": _mixed}


_HEXMAP = bytes(ord("x") if chr(b) in "0123456789abcdefABCDEF" else ord(".") for b in range(256))
_NEEDLES = tuple(needle for shape in SHAPES for needle in shape.needles if needle != HEX32)
_OWNERS = tuple(i for i, shape in enumerate(SHAPES) for needle in shape.needles if needle != HEX32)
_ALL = frozenset(range(len(SHAPES)))
_HEX_SHAPES = frozenset(i for i, shape in enumerate(SHAPES) if HEX32 in shape.needles)


def _trie(words: Iterable[str]) -> str:
    """A regex matching any of `words` (literals), factored by common prefix (`g(?:h(?:o_|p_)|l...)`) so
    the regex engine tries each character once rather than every word at every position."""
    tree: dict = {}
    kept: Optional[str] = None
    for word in sorted(set(words)):
        if kept is not None and word.startswith(kept):
            continue  # a longer word adds nothing to "is any word here" (sorted: its prefix came just before)
        kept = word
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items())]
        return "" if not alts else alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(tree)


#: every needle in one prefix-factored pattern, compiled at import (where the console script's regex cache
#: keeps it across runs: entry.py)
_ANY_NEEDLE = re.compile(_trie(_NEEDLES))


_NONE: frozenset = frozenset()


def _candidates(text: str) -> frozenset:
    """The shapes that may match in `text`: those whose needle it contains (substring search only,
    every step in C: no Python loop per needle). Most text holds no needle at all, which one pass of
    a prefix-factored regex of every needle tells before the needles are tried one by one."""
    if not text.isascii():  # Unicode case folding (e.g. U+017F matches s) is the regex's to judge
        return _ALL
    low = text.lower()
    found = _NONE
    if _ANY_NEEDLE.search(low):
        found = frozenset(compress(_OWNERS, map(low.__contains__, _NEEDLES)))
    if len(text) >= 32 and b"x" * 32 in text.encode("utf-8", "surrogatepass").translate(_HEXMAP):
        found |= _HEX_SHAPES
    return found


def may_hold_secret(text: str) -> bool:
    """False when no shape can match anywhere in `text` (no needle of any shape in it). Every match
    contains a needle and no needle contains "/", so a path may be judged folder by folder."""
    return bool(_candidates(text))


@lru_cache(maxsize=256)
def _compiled(shapes: frozenset) -> re.Pattern:
    """One regex for the given shapes (by index), a named group each: `s<index>`."""
    parts = []
    for i in sorted(shapes):
        shape = SHAPES[i]
        parts.append(f"(?P<s{i}>{f'(?i:{shape.pattern})' if shape.ignorecase else shape.pattern})")
    return re.compile("|".join(parts))


def value_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(kind, pattern) pairs credential_value looks for: the questionnaire page checks the same ones."""
    return tuple((s.kind, re.compile(s.pattern, re.IGNORECASE if s.ignorecase else 0)) for s in SHAPES)


def verifiers() -> tuple[str, ...]:
    """The name of the check each of value_patterns() must also pass ("" for none), in the same order."""
    return tuple(s.verify for s in SHAPES)


ADVICE = ("never put credentials in a manifest: keep them in environment variables or a secret manager "
          "and rotate any value that was committed")


@lru_cache(maxsize=4096)
def credential_key(key: str) -> bool:
    """True when a key's name says it holds a credential (password, secret, token, api_key, ...)."""
    return bool(_KEY.search(key))


_SECTIONS = frozenset({"auth"})  #: schema sections (mappings) whose names only sound like credentials


def credential_field(key: str) -> bool:
    """True when a field's value must never be echoed: its name says it holds a credential, strongly
    (password, token...) or weakly (credentials, auth_key...)."""
    return credential_key(key) or (_credential_ish(key) and key not in _SECTIONS)


@lru_cache(maxsize=4096)
def _credential_ish(key: str) -> bool:
    return bool(_ISH_KEY.search(key))


def _matches(text: str, pos: int = 0, end: Optional[int] = None) -> Any:
    """Each accepted match in text[pos:end], as (start, end, shape id, kind)."""
    shapes = _candidates(text)
    if not shapes:
        return
    pattern = _compiled(shapes)
    end = len(text) if end is None else end
    while pos < end:
        m = pattern.search(text, pos, end)
        if m is None:
            return
        shape = SHAPES[int((m.lastgroup or "s0")[1:])]
        if not shape.verify or _VERIFY[shape.verify](m.group()):
            yield m.start(), m.end(), shape.id, shape.kind
            pos = m.end()
        else:
            pos = m.start() + 1


def credential_shape(value: Any) -> Optional[tuple[str, str]]:
    """(shape id, kind) of the first credential shape in a string, or None."""
    if not isinstance(value, str) or len(value) < _MIN:
        return None
    for _start, _end, shape_id, kind in _matches(value):
        return shape_id, kind
    return None


def credential_value(value: Any) -> Optional[str]:
    """What kind of credential a string looks like (e.g. "a JSON Web Token"), or None."""
    found = credential_shape(value)
    return found[1] if found else None


def redact(text: str) -> str:
    """`text` with anything shaped like a credential value replaced by `(redacted)`: the last line of
    defence for messages, which must never carry a secret."""
    if len(text) < _MIN:
        return text
    out, last = [], 0
    for start, end, shape_id, _kind in _matches(text):
        if start < last:
            continue
        if shape_id == "private-key":  # the armoured body too, up to the END line
            tail = re.compile(_PEM_BLOCK).match(text, end)
            end = tail.end() if tail else len(text)
        out += [text[last:start], "(redacted)"]
        last = end
    return text if not out else "".join(out) + text[last:]


def fingerprint(value: Any) -> str:
    """A short, stable hash naming a secret without showing it (waivers quote it; see checks.waivers)."""
    from ..resources import sha256  # the interpreter's own SHA-256: no OpenSSL at start-up

    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return sha256(b"authadvisor-secret-v1\x00" + text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def random_looking(text: str) -> bool:
    """High-entropy text, the way detect-secrets' entropy plugins judge it: one token of 12+
    characters mixing three character classes (or 20+ of two) at 3+ bits of entropy per character;
    lowercase identifiers (oauth2_client_credentials) only at 24+ characters and 4+ bits."""
    if len(text) < 12 or len(text) > 4096 or any(c.isspace() for c in text):
        return False
    classes = (any(c.islower() for c in text) + any(c.isupper() for c in text)
               + any(c.isdigit() for c in text) + any(not c.isalnum() for c in text))
    if classes < 2 or (classes == 2 and len(text) < 20):
        return False
    counts = Counter(text)
    entropy = -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())
    if _IDENTIFIER.fullmatch(text):  # snake_case or kebab-case words (an enum value mistyped) need more
        return len(text) >= 24 and entropy >= 4.0
    return entropy >= 3.0


Hit = tuple[tuple, bool, str, str]  #: (path, is_key, description, fingerprint)


def _walk(data: Any, known_keys: frozenset, path: tuple) -> tuple[list, list]:
    """(strings to search as (parent path, key or index, is_key, text, governing key), key-named
    credentials as (path, key, value)). Iterative, scalars handled in place, a piece's path built only
    when it is reported: lint walks every manifest."""
    pieces: list[tuple[tuple, Any, bool, str, Any]] = []
    named: list[tuple[tuple, str, Any]] = []
    stack: list[tuple[tuple, Any, Any]] = [(path, data, None)]
    add = pieces.append
    while stack:
        here, node, under = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str):
                    if key not in known_keys:  # a schema field name is neither a secret nor names one
                        if len(key) >= _MIN:
                            add((here, key, True, key, None))
                        if credential_key(key) and value not in (None, ""):
                            named.append(((*here, key), key, value))
                            continue
                    under_here = key
                else:
                    under_here = under
                if isinstance(value, str):
                    if len(value) >= _MIN:
                        add((here, key, False, value, under_here))
                elif isinstance(value, (dict, list)):
                    stack.append(((*here, key), value, under_here))
        else:
            for i, item in enumerate(node):
                if isinstance(item, str):
                    if len(item) >= _MIN:
                        add((here, i, False, item, under))
                elif isinstance(item, (dict, list)):
                    stack.append(((*here, i), item, under))
    return pieces, named


def scan(data: Any, known_keys: frozenset = frozenset(), path: tuple = ()) -> list[Hit]:
    """(path, is_key, description, fingerprint) for every credential-looking key or value under `data`.

    `known_keys` are schema field names that may look like credential words but are not
    (``credentials``); their values are still judged by entropy.
    """
    if isinstance(data, (dict, list)):
        pieces, named = _walk(data, known_keys, path)
    else:
        whole = isinstance(data, str) and len(data) >= _MIN
        pieces, named = ([(path[:-1], path[-1] if path else None, False, data, None)] if whole else []), []
    out: list[Hit] = []
    flagged: set[int] = set()
    starts: list[int] = []
    if pieces:
        joined = "\x00".join(p[3] for p in pieces)
        for start, _end, _shape, kind in _matches(joined):
            if not starts:  # offsets of the pieces, worked out only once something matched
                starts = [0, *accumulate(len(p[3]) + 1 for p in pieces[:-1])]
            i = bisect_right(starts, start) - 1
            if i in flagged:
                continue
            flagged.add(i)
            parent, step, is_key, text, _under = pieces[i]
            at = (*parent, step) if step is not None else parent
            what = f"a key looks like {kind}" if is_key else f"this value looks like {kind}"
            out.append((at, is_key, what, fingerprint(text)))
    shaped_keys = {(*pieces[i][0], pieces[i][1]) for i in flagged if pieces[i][2]}
    for at, key, value in named:
        if at not in shaped_keys:
            out.append((at, True, f"key {quoted(key)} looks like a credential", fingerprint(value)))
    for i, (parent, step, is_key, text, under) in enumerate(pieces):
        if not is_key and isinstance(under, str) and _credential_ish(under) and i not in flagged \
                and random_looking(text):
            at = (*parent, step) if step is not None else parent
            what = f"the value of {quoted(under)} looks like a random secret (high entropy)"
            out.append((at, False, what, fingerprint(text)))
    return out
