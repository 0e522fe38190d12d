"""The engine and its condition language: hit policies, the trace, frozen and shared results."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from pydantic import ValidationError

from authadvisor import RulesError, load_manifest, load_rules, recommend
from authadvisor.manifest import facts as F
from authadvisor.rules import conditions as C


def key(**given) -> tuple:
    values = {name: None for name in F.NAMES}
    for name, value in given.items():
        values[name] = frozenset(value) if F.BY_NAME[name].multi else value
    return tuple(values[n] for n in F.NAMES)


@pytest.mark.parametrize("data, facts, holds", [
    ({"fact": "caller", "equals": "pos_terminal"}, {"caller": "pos_terminal"}, True),
    ({"fact": "caller", "equals": "pos_terminal"}, {"caller": "api_gateway"}, False),
    ({"fact": "caller", "in": ["api_gateway", "backend_service"]}, {"caller": "backend_service"}, True),
    ({"fact": "caller", "in": ["api_gateway"]}, {"caller": "backend_service"}, False),
    ({"fact": "customer_login", "contains": "social"}, {"customer_login": ["otp", "social"]}, True),
    ({"fact": "customer_login", "contains": "social"}, {"customer_login": ["otp"]}, False),
    ({"fact": "customer_login", "contains": "social"}, {}, False),
    ({"fact": "connector", "exists": True}, {"connector": "shopify"}, True),
    ({"fact": "connector", "exists": True}, {}, False),
    ({"fact": "connector", "exists": False}, {}, True),
    ({"all": [{"fact": "caller", "equals": "partner_app"}, {"fact": "pkce", "equals": False}]},
     {"caller": "partner_app", "pkce": False}, True),
    ({"all": [{"fact": "caller", "equals": "partner_app"}, {"fact": "pkce", "equals": False}]},
     {"caller": "partner_app", "pkce": True}, False),
    ({"any": [{"fact": "client_type", "equals": "public"}, {"fact": "pkce", "equals": True}]},
     {"pkce": True}, True),
    ({"any": [{"fact": "client_type", "equals": "public"}, {"fact": "pkce", "equals": True}]}, {}, False),
    ({"not": {"fact": "cluster", "equals": "eu"}}, {"cluster": "us"}, True),
    ({"not": {"fact": "cluster", "equals": "eu"}}, {"cluster": "eu"}, False),
    ({"all": []}, {}, True),
])
def test_condition_language(data, facts, holds) -> None:
    cond = C.parse(data)
    k = key(**facts)
    assert C.compile_condition(cond)(k) is holds
    assert (C.explain(cond, k) is None) is holds
    assert C.parse(C.to_data(cond)) == cond


@pytest.mark.parametrize("data, fragment", [
    ({"fact": "caler", "equals": "x"}, "unknown fact 'caler' (did you mean \"caller\"?)"),
    ({"fact": "caller", "equals": "pos_termnal"},
     'pos_termnal is not a value of fact \'caller\' (did you mean "pos_terminal"?)'),
    ({"fact": "caller", "equal": "pos_terminal"},
     'exactly one operator: equals, in, contains, exists (did you mean "equals"?)'),
    ({"fact": "caller", "contains": "pos_terminal"}, "'contains' applies to list facts"),
    ({"fact": "customer_login", "equals": "otp"}, "is a list fact"),
    ({"fact": "caller", "in": []}, "'in' takes a non-empty list"),
    ({"fact": "connector", "exists": "yes"}, "'exists' takes true or false"),
    ({"all": {"fact": "caller", "equals": "pos_terminal"}}, "'all' takes a list"),
    ({"all": [], "fact": "caller"}, "'all' must be the only key"),
    ("caller == pos_terminal", "a condition is a mapping"),
])
def test_bad_conditions_are_refused_at_parse_time(data, fragment) -> None:
    with pytest.raises(C.ConditionError) as info:
        C.parse(data)
    assert fragment in str(info.value)


def test_explain_reports_first_failing_condition() -> None:
    cond = C.parse({"all": [{"fact": "caller", "equals": "partner_app"}, {"fact": "pkce", "equals": False}]})
    failure = C.explain(cond, key(caller="partner_app", pkce=True))
    assert (failure.fact, failure.expected, failure.actual) == ("pkce", "false", "true")


def test_trace_covers_every_rule_in_order() -> None:
    rules = load_rules()
    rec = recommend({"authadvisor": 1, "name": "x", "integration": {"caller": "partner_app"}})
    assert [t.rule for t in rec.trace] == [r.id for r in rules.table.rules]
    selected = [t for t in rec.trace if t.selected]
    assert len(selected) == 1 and selected[0].rule == rec.rule
    failing = [t for t in rec.trace if not t.matched]
    assert all(t.failure is not None and t.failure.actual == "partner_app" for t in failing)


def test_results_are_frozen_and_shared() -> None:
    m = load_manifest(ROOT / "examples" / "pos-terminal.yaml")
    first, second = recommend(m), recommend(m)
    assert first is second  # memoized per fact key
    with pytest.raises(ValidationError):
        first.method = "oauth2_client_credentials"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        first.facts.caller = "partner_app"  # type: ignore[misc]
    assert isinstance(first.warnings, tuple) and isinstance(first.trace, tuple)


def test_every_fact_combination_gets_exactly_one_rule_under_unique() -> None:
    rules = load_rules()
    for k in F.enumerate_space(rules.referenced_facts()):
        assert len(rules.matching(k)) == 1, k
        assert rules.evaluate(k).rule == rules.matching(k)[0].rule.id


def _table(tmp_path: Path, policy: str, extra_rule: str) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target, ignore=shutil.ignore_patterns("tests"))
    table = target / "table.yaml"
    table.write_text(table.read_text().replace("hit_policy: unique", f"hit_policy: {policy}"))
    rules = target / "rules.yaml"
    rules.write_text(rules.read_text() + extra_rule)
    return target


OVERLAP = """
  - id: all-pos-central
    scenario: pos_client_to_server
    method: basic
    when: {fact: caller, in: [pos_central_server, pos_terminal]}
    rationale: deliberately overlapping rule for tests
"""


def test_unique_policy_refuses_an_overlap(tmp_path) -> None:
    rules = load_rules(_table(tmp_path, "unique", OVERLAP))
    with pytest.raises(RulesError) as info:
        recommend({"authadvisor": 1, "name": "x", "integration": {"caller": "pos_central_server"}}, rules)
    assert "rules pos-server-to-server, all-pos-central all match caller=pos_central_server" in str(info.value)


def test_first_policy_takes_the_first_match(tmp_path) -> None:
    rules = load_rules(_table(tmp_path, "first", OVERLAP))
    rec = recommend({"authadvisor": 1, "name": "x", "integration": {"caller": "pos_central_server"}}, rules)
    assert rec.rule == "pos-server-to-server" and rec.hit_policy == "first"
    matched = [t.rule for t in rec.trace if t.matched]
    assert matched == ["pos-server-to-server", "all-pos-central"]
    assert [t.rule for t in rec.trace if t.selected] == ["pos-server-to-server"]


def test_a_gap_is_a_rules_error(tmp_path) -> None:
    target = _table(tmp_path, "unique", "")
    rules_file = target / "rules.yaml"
    # the partner rule now claims end_customer_app, leaving partner_app with no rule at all
    rules_file.write_text(rules_file.read_text().replace("equals: partner_app", "equals: end_customer_app", 1))
    rules = load_rules(target)
    with pytest.raises(RulesError) as info:
        recommend({"authadvisor": 1, "name": "x", "integration": {"caller": "partner_app"}}, rules)
    assert "no rule in" in str(info.value) and "caller=partner_app" in str(info.value)


def test_engine_imports_no_io_layers() -> None:
    import subprocess
    import sys

    code = ("import sys, authadvisor.rules.engine, authadvisor.rules.conditions, authadvisor.manifest.facts,"
            " authadvisor.rules.result;"
            "bad = [m for m in ('yaml', 'jinja2', 'click') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("word, choices, expected", [
    ("pos_termnal", ["pos_terminal", "pos_store_server"], "pos_terminal"),
    ("rfc7671", ["rfc7636", "rfc7617"], "rfc7617"),  # a swapped pair is one edit
    ("conector", ["caller", "connector"], "connector"),
    ("zzzzzz", ["caller", "connector"], None),
])
def test_did_you_mean(word, choices, expected) -> None:
    from authadvisor.suggest import closest

    assert closest(word, choices) == expected
