"""render.style.fill is textwrap.fill with the options the text renderer uses, without importing textwrap
at start-up: the two agree on every text, width and indent."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from authadvisor.render.style import Style, fill

WORDS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
TEXTS = st.lists(st.one_of(WORDS, st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\r\n", "x" * 95])),
                 max_size=40).map("".join)
PREFIXES = st.sampled_from(["", "  ", "    ", "- ", "  * ", "\u2022 ", "12. "])


@settings(max_examples=600, deadline=None)
@given(TEXTS, st.integers(min_value=40, max_value=120), PREFIXES, PREFIXES)
def test_fill_is_textwrap_fill(text: str, width: int, first: str, indent: str) -> None:
    expected = textwrap.fill(" ".join(text.split()), width=width, initial_indent=first, subsequent_indent=indent,
                             break_on_hyphens=False, break_long_words=False)
    assert fill(text, width, first, indent) == expected


def test_wrap_keeps_its_examples() -> None:
    style = Style(width=40)
    assert style.wrap("a " * 30) == "\n".join(["  " + "a " * 18 + "a", "  " + "a " * 10 + "a"]).replace(" \n", "\n")
    assert style.wrap("averyveryveryveryveryveryveryveryverylongword and more", first="- ") == \
        "- averyveryveryveryveryveryveryveryverylongword\n  and more"
    assert style.wrap("") == ""
