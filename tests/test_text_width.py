"""Text for people fits the terminal (`recommend`, `explain`, `checks`, `rules show`): at any width from
40 columns, no line runs past it except a single word that cannot be broken (a URL, a path), every
`[id]` tag stays whole on one line, after its text when it fits and under it when it does not, and
nothing is lost. Colour changes nothing but the escape codes."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from authadvisor import load_manifest, recommend
from authadvisor.render.style import Style
from authadvisor.render.text import explain_text, recommendation_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")
OUTCOMES = [(path.name, recommend(load_manifest(path))) for path in sorted(EXAMPLES.glob("*.*"))]
NAMES = st.text(st.sampled_from("abc-0123456789"), min_size=1, max_size=64)  #: a manifest name: one word


def _overflowing(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if len(line) > width and len(line.split()) > 1]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(OUTCOMES), st.integers(min_value=38, max_value=130), NAMES, st.booleans())
def test_no_line_runs_past_the_width(case, width: int, name: str, color: bool) -> None:
    example, rec = case
    text = recommendation_text(rec, name=name, source=f"examples/{example}", style=Style(color, width))
    plain = ANSI.sub("", text)
    if color:
        assert plain == recommendation_text(rec, name=name, source=f"examples/{example}", style=Style(False, width))
    assert _overflowing(plain, max(width, 40)) == []
    tags = [rec.method, rec.scenario, *(n.id for n in (*rec.requirements, *rec.warnings))]
    lines = plain.splitlines()
    for tag in tags:  # whole, on one line, ending it
        assert any(line.endswith(f"[{tag}]") for line in lines), tag
    wide = recommendation_text(rec, name=name, source=f"examples/{example}", style=Style(False, 1000))
    assert plain.split() == wide.split()  # laid out differently, nothing lost or reordered


@pytest.mark.parametrize("width", [78, 86])
def test_a_tag_that_does_not_fit_goes_under_its_text(width: int) -> None:
    rec = dict(OUTCOMES)["api-gateway.yaml"]
    lines = recommendation_text(rec, name="gw", source="gw.yaml", style=Style(False, width)).splitlines()
    method = lines.index(next(line for line in lines if line.startswith("  Method")))
    line = f"  Method    {rec.method_title}  [{rec.method}]"
    if len(line) <= width:
        assert lines[method] == line
    else:
        assert lines[method:method + 2] == [f"  Method    {rec.method_title}", f"{' ' * 12}[{rec.method}]"]


def test_with_room_each_tag_stays_on_its_line() -> None:
    rec = dict(OUTCOMES)["api-gateway.yaml"]
    text = recommendation_text(rec, name="gw", source="gw.yaml", style=Style(False, 1000))
    assert f"  Method    {rec.method_title}  [{rec.method}]" in text.splitlines()
    assert not any(line.strip().startswith("[") for line in text.splitlines())


@pytest.mark.parametrize("no_color", ["1", ""])
def test_a_real_terminal_lays_it_out_for_its_width(no_color: str) -> None:
    """In a 64-column pseudo-terminal, coloured or not (NO_COLOR changes colour, not layout)."""
    import os
    import sys

    import pexpect
    from conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": no_color, "TERM": "xterm"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-m", "authadvisor", "recommend", str(EXAMPLES / "api-gateway.yaml")],
                          env=env, encoding="utf-8", timeout=60, dimensions=(200, 64))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    plain = ANSI.sub("", child.before.replace("\r\n", "\n"))
    assert ("\x1b[" in child.before) == (not no_color)
    method = "  Method    OAuth2 client credentials (API key and secret)\n            [oauth2_client_credentials]"
    assert method in plain
    assert _overflowing(plain, 62) == []


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(OUTCOMES), st.integers(min_value=38, max_value=130), NAMES, st.booleans(),
       st.sampled_from(["built-in rules", "/srv/acme/a-long-folder-of-rules/for-the-stores/table.yaml"]))
def test_explain_fits_the_width_and_keeps_every_word(case, width: int, name: str, color: bool, origin: str) -> None:
    example, rec = case

    def render(style: Style) -> str:
        return explain_text(rec, name=name, source=f"examples/{example}", origin=origin, style=style)

    plain = ANSI.sub("", render(Style(color, width)))
    if color:
        assert plain == render(Style(False, width))
    assert _overflowing(plain, max(width, 40)) == []
    assert plain.split() == render(Style(False, 1000)).split()
    assert f"result: {rec.method} via rule {rec.rule}" in " ".join(plain.split())


def test_explain_keeps_its_columns_when_there_is_room() -> None:
    rec = dict(OUTCOMES)["partner-app.yaml"]
    lines = explain_text(rec, name="t", source="t.yaml", origin="built-in rules", style=Style(False, 86)).splitlines()
    assert "  SELECTED  partner-app-ciam          when caller = partner_app" in lines
    assert "                                      -> oauth2_authorization_code (partner_app_ciam)" in lines
    narrow = explain_text(rec, name="t", source="t.yaml", origin="built-in rules", style=Style(False, 50))
    assert "  SELECTED  partner-app-ciam\n            when caller = partner_app\n" in narrow


def _tables() -> tuple:
    from authadvisor.checks import Registry
    from authadvisor.lint.linter import check_defs
    from authadvisor.rules.tables import load_rules

    rules = load_rules()
    return rules, tuple(Registry.build(check_defs(rules), {"pkce-required": "warning"}).checks.values())


RULES, CHECKS = _tables()


@settings(max_examples=120, deadline=None)
@given(st.integers(min_value=38, max_value=200), st.booleans(), st.integers(min_value=0, max_value=100))
def test_rules_show_and_checks_fit_the_width(width: int, color: bool, more: int) -> None:
    from authadvisor.render.checks import checks_text
    from authadvisor.render.rules import rules_data, rules_text

    for render, edge in ((lambda s: rules_text(RULES, s), width + more), (lambda s: checks_text(CHECKS, s), width)):
        text = render(Style(color, width, width + more))  # a table may use the whole terminal, prose not
        plain = ANSI.sub("", text)
        if color:
            assert plain == render(Style(False, width, width + more))
        assert _overflowing(plain, max(edge, 40)) == []
    words = " ".join(ANSI.sub("", rules_text(RULES, Style(color, width))).split())
    for row in rules_data(RULES)["rules"]:  # every cell, whole
        assert f"{row['id']} " in words and f" {row['condition']}" in words
        assert f" {row['scenario']} " in words and f" {row['method']} " in words
    words = " ".join(ANSI.sub("", checks_text(CHECKS, Style(color, width))).split())
    for c in CHECKS:
        assert f"{c.id} {c.severity if c.enabled else 'off'} {c.summary}" in words and c.help_uri in words
    assert "(default error)" in words


def test_rules_show_is_a_table_where_it_fits() -> None:
    from authadvisor.render.rules import rules_text

    wide = rules_text(RULES, Style(False, 140)).splitlines()
    assert wide[2].split() == ["RULE", "SCENARIO", "METHOD", "WHEN"]
    assert "pos-client-to-server      pos_client_to_server      basic" in wide[3]
    assert rules_text(RULES, Style(False, 98, columns=138)).splitlines() == wide  # a wide terminal
    narrow = rules_text(RULES, Style(False, 78))
    assert "pos-client-to-server\n  scenario  pos_client_to_server\n  method    basic\n  when      caller in" in narrow
