"""The docs' and snippets' fast paths (plain text skips per-character escaping; repeated rules text is
escaped once per run) give exactly what the per-character code gives, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from authadvisor.docs import markdown as md
from authadvisor.snippets import filters

SETTINGS = settings(max_examples=400, deadline=None)
any_text = st.one_of(st.text(), st.text(st.characters(max_codepoint=0x7F)),
                     st.from_regex(md._PLAIN, fullmatch=True),
                     st.text(st.sampled_from(list("1.)-_ aZ9:/'\"(,;\u00a0\u2028\t\n\x85\u200b#*<"))))


@SETTINGS
@given(any_text)
def test_inert_fast_path_is_the_character_walk(value: str) -> None:
    assert filters.inert(value) == filters._inert.__wrapped__(value)


@SETTINGS
@given(any_text)
def test_markdown_text_fast_path_and_cache_are_the_character_walk(value: str) -> None:
    expected = md.escaped(filters._inert.__wrapped__(value))
    assert md.text(value) == expected
    assert md.text(value) == expected  # the cached answer is the same
    assert type(md.text(value)) is md.Md


@SETTINGS
@given(st.from_regex(md._PLAIN, fullmatch=True))
def test_what_the_fast_path_skips_needs_no_escaping(value: str) -> None:
    flat = filters.inert(value)
    assert md.escaped(flat) == flat


@SETTINGS
@given(any_text, st.sampled_from(["# ", "// ", "  # "]), st.sampled_from(["", "Why: "]), st.integers(20, 120))
def test_comment_cache_gives_the_uncached_comment(value: str, prefix: str, first: str, width: int) -> None:
    assert filters.comment(value, prefix, first, width) == filters._comment.__wrapped__(value, prefix, first, width)


def _escaped_walk(flat: str) -> str:
    """markdown.escaped as it was: every character visited (the oracle for the one that visits only the
    characters that may mean something)."""
    listy = md._LIST_START.match(flat)
    out = []
    for i, ch in enumerate(flat):
        before, after = flat[i - 1: i], flat[i + 1: i + 2]
        if ch == "@" and md._EMAIL_AT.match(flat, i):
            out.append(md.BREAK + "@")
        elif ch in md._ENTITY:
            out.append(md._ENTITY[ch])
        elif (ch in md._BACKSLASH
              or (ch == "_" and not (before.isalnum() and after.isalnum()))
              or (ch == "." and (after.isalnum() or flat[i - 3: i].lower() == "www"))
              or (ch == ":" and after == "/")
              or (i == 0 and ch in md._START)
              or (listy is not None and i == listy.end() - 1)):
            out.append(md._escape(ch))
        else:
            out.append(ch)
    return "".join(out)


#: pieces whose neighbours decide their escaping (`:/`, `www.`, `a_b`, `x@y`, `1.` / `1)` at the start)
FRAGMENTS = [":/", ":", "/", "www.", "WwW.", ".", ".x", "x.", "_", "a_b", "_a", "@", "a@", "@b", "a@b.c", "1.", "1)",
             "12", ")", "-", "+", "=", "!", "?", " ", "a", "Z", "9", "<", "&", "|", "~", "$", "\\", "`", "*", "[",
             "]", "{", "}", "#", ">", "\u00e9", "\u00a0"]
markdown_text = st.one_of(any_text, st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join),
                          st.text(st.sampled_from(list("@<&|~$\\`*[]{}#>_.:-+=!?/)1a. wW"))),
                          st.from_regex(r"[0-9]{1,3}[.)][ a-z._@]{0,8}", fullmatch=True),
                          st.from_regex(r"([a-z0-9.+_-]{0,4}@[a-z0-9._\\-]{0,4}|www[.][a-z=\\-]{0,3}| ){1,4}",
                                        fullmatch=True))


@SETTINGS
@given(markdown_text)
def test_escaped_is_the_walk_over_every_character(value: str) -> None:
    for flat in (value, filters.inert(value)):
        assert md.escaped(flat) == _escaped_walk(flat), flat


@SETTINGS
@given(any_text, st.sampled_from(["# ", "// ", "  # ", ""]), st.sampled_from(["", "Why: ", "Description: "]),
       st.integers(0, 140))
def test_comment_is_textwrap_on_the_inert_text(value: str, prefix: str, first: str, width: int) -> None:
    """A comment that fits on one line skips textwrap: it is what textwrap gives, at every width."""
    import textwrap

    body = filters.inert(value)
    lines = textwrap.wrap(body, width=max(width - len(prefix) - len(first), 20), break_long_words=True,
                          break_on_hyphens=False) or [""]
    indent = " " * len(first)
    expected = "\n".join((prefix + (first if i == 0 else indent) + line).rstrip() for i, line in enumerate(lines))
    assert filters._comment.__wrapped__(value, prefix, first, width) == expected


def test_comment_at_every_length_around_the_line() -> None:
    """Texts one word short of, exactly at and just past the room on a line: one line only up to it."""
    import textwrap

    for width in (0, 20, 21, 40, 100):
        for prefix, first in (("# ", ""), ("// ", "Description: ")):
            room = max(width - len(prefix) - len(first), 20)
            for length in range(room - 3, room + 4):
                body = ("ab " * length)[:length].strip() or "a"
                lines = textwrap.wrap(body, width=room, break_long_words=True, break_on_hyphens=False)
                indent = " " * len(first)
                expected = "\n".join((prefix + (first if i == 0 else indent) + line).rstrip()
                                     for i, line in enumerate(lines))
                assert filters._comment.__wrapped__(body, prefix, first, width) == expected, (width, length)


def test_non_strings_are_escaped_as_their_text() -> None:
    assert md.text(None) == ""
    assert md.text(42) == "42" and md.text(1.5) == md.escaped("1.5")
    assert filters.comment(7) == "# 7" and filters.comment(None) == ""


@SETTINGS
@given(any_text)
def test_has_control_fast_path_is_the_character_walk(value: str) -> None:
    import unicodedata

    assert filters.has_control(value) == any(unicodedata.category(ch) in filters._HIDDEN for ch in value)


@SETTINGS
@given(any_text)
def test_code_and_url_caches_give_the_uncached_answer(value: str) -> None:
    assert md.code(value) == md._code.__wrapped__(value)
    link = "https://docs.capillarytech.com/" + value
    try:
        expected = md._url.__wrapped__(link)
    except ValueError:
        try:
            md.url(link)
        except ValueError:
            return
        raise AssertionError("the cache accepted a URL the uncached check refuses") from None
    assert md.url(link) == expected


@SETTINGS
@given(any_text)
def test_yaml_scalar_cache_gives_the_uncached_scalar(value: str) -> None:
    import yaml

    assert filters.yaml_scalar(value) == filters._yaml_scalar.__wrapped__(value)
    assert yaml.safe_load(filters.yaml_scalar(value)) == value


@SETTINGS
@given(st.one_of(any_text, st.text(st.sampled_from("`a \n")), st.integers(0, 40).map(lambda n: "x" + "`" * n + "y"),
                 st.tuples(st.integers(50, 200), st.integers(1, 12)).map(lambda t: ("`" * t[1] + "a") * t[0])))
def test_longest_run_is_the_regex_scan(value: str) -> None:
    """Both ways: visiting each of a few occurrences, and searching per length when there are many."""
    import re

    assert md.longest_run(value, "`") == max((len(m) for m in re.findall(r"`+", value)), default=0)


@SETTINGS
@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_yaml_scalar_fast_path_is_the_emitter(value: str) -> None:
    assert filters.yaml_scalar(value) == filters._yaml_scalar.__wrapped__(value)


@SETTINGS
@given(st.one_of(any_text, st.lists(any_text, max_size=4).map("\n".join)), st.booleans())
def test_inert_lines_fast_path_is_line_by_line(value: str, keep_style: bool) -> None:
    import re

    from authadvisor.inert import inert, inert_lines

    sgr = re.compile(r"(\x1b\[[0-9;]*m)")
    lines = value.split("\n")
    if keep_style:
        expected = "\n".join("".join(p if i % 2 else inert(p) for i, p in enumerate(sgr.split(line)))
                             for line in lines)
    else:
        expected = "\n".join(inert(line) for line in lines)
    assert inert_lines(value, keep_style=keep_style) == expected


KEYS = st.one_of(st.sampled_from(["items", "keys", "get", "pop", "update", "__class__", "__init__", "mro",
                                  "title", "x", "_private", "format"]), st.from_regex(r"[a-z_]{1,8}", fullmatch=True))


@SETTINGS
@given(st.dictionaries(KEYS, st.one_of(st.text(max_size=5), st.integers())), KEYS)
def test_sandbox_attribute_fast_path_is_the_sandbox(data: dict, attribute: str) -> None:
    """`obj.attr` on a dict gives what Jinja's sandbox gives: the key's value, a dict method, undefined
    (StrictUndefined: an error) or the sandbox's refusal, for any keys."""
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError, UndefinedError
    from jinja2.sandbox import SandboxedEnvironment

    from authadvisor.render.sandbox import Sandbox

    def attr(env):
        try:
            return ("ok", env.from_string("{{ d." + attribute + " }}").render(d=data))
        except UndefinedError as exc:
            return ("undefined", str(exc))
        except SecurityError as exc:
            return ("security", str(exc))

    assert attr(Sandbox(undefined=StrictUndefined)) == attr(SandboxedEnvironment(undefined=StrictUndefined))
