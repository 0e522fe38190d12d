"""Characters a manifest value may not carry into code: one predicate, used by the manifest's field
checks (a `schema` finding at the value) and by the snippet filters (which refuse to write them), so
lint and `snippets` agree on what is acceptable.

Hidden: controls (C0, C1 such as U+0085 and U+009F, DEL), format characters (U+200B zero-width space,
bidi overrides such as U+202E, U+FEFF), line and paragraph separators (U+2028, U+2029), surrogates and
private-use characters.
"""

from __future__ import annotations

import unicodedata
from typing import Optional

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})


def first_hidden(text: str) -> Optional[str]:
    """The first hidden character of `text`, or None."""
    if text.isascii() and text.isprintable():  # the common case, without a lookup per character
        return None
    return next((ch for ch in text if unicodedata.category(ch) in HIDDEN_CATEGORIES), None)


def has_hidden(text: str) -> bool:
    return first_hidden(text) is not None


def describe(ch: str) -> str:
    """`U+200B (ZERO WIDTH SPACE)`: how a message names a hidden character, never the character."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")
