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
