"""The `checks:` section of the rules table: validated at load time with positions; adding a data
check touches only the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authadvisor.api import load_rules
from authadvisor.checks import Registry
from authadvisor.errors import RulesError, UsageError
from authadvisor.lint import lint_text
from tests.conftest import run_cli

CHECK = """  - id: {id}
    severity: error
    summary: A check.
    rationale: Because.
    help_uri: https://example.com/{id}
"""


@pytest.fixture
def rules_copy(table) -> Path:
    """The directory of conftest's copy of the built-in table."""
    return table.dir


def append_check(rules_copy: Path, text: str, name: str = "extra.yaml") -> Path:
    path = rules_copy / name
    path.write_text("checks:\n" + text, encoding="utf-8")
    return path


def problems(rules_copy: Path) -> list[str]:
    with pytest.raises(RulesError) as info:
        load_rules(rules_copy)
    return [f.format() for f in info.value.findings]


def test_builtin_checks_load() -> None:
    ids = [c.id for c in load_rules().table.checks]
    assert len(ids) == len(set(ids)) == 10


def test_a_data_check_is_added_in_one_place(rules_copy: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    check = CHECK.format(id="no-eu-cluster").replace("severity: error", "severity: warning")
    append_check(rules_copy, check + """\
    triggers:
      - when: {fact: cluster, equals: eu}
        at: capillary.cluster
        message: EU is not allowed in this programme; use us
""")
    rules = load_rules(rules_copy)
    text = "authadvisor: 1\nname: x\ncapillary:\n  cluster: eu\nintegration: {caller: backend_service}\n"
    findings = lint_text(text, rules=rules).findings
    found = [(f.check, f.severity, f.line, f.column) for f in findings]
    assert found == [("no-eu-cluster", "warning", 4, 12)]
    monkeypatch.chdir(tmp_path)
    listed = json.loads(run_cli(["--rules", str(rules_copy), "checks", "--format", "json"]).stdout)
    assert listed[-1]["id"] == "no-eu-cluster" and listed[-1]["kind"] == "data"


def test_duplicate_check_id(rules_copy: Path) -> None:
    path = append_check(rules_copy, CHECK.format(id="schema") + "    impl: loader\n")
    found = problems(rules_copy)
    assert any(line.startswith(f"{path}:2:9: error: duplicate check id 'schema' (first defined at ") and
               "checks.yaml:" in line for line in found), found


def test_unknown_impl_module(rules_copy: Path) -> None:
    path = append_check(rules_copy, CHECK.format(id="x-check") + "    impl: method_mismatc\n")
    found = problems(rules_copy)
    assert any(line.startswith(f"{path}:7:11: error: check 'x-check': no module 'method_mismatc'") and
               'did you mean "method_mismatch"' in line for line in found), found


def test_impl_or_triggers_exactly_one(rules_copy: Path) -> None:
    append_check(rules_copy, CHECK.format(id="x-check"))
    assert any("exactly one of them" in line for line in problems(rules_copy))


@pytest.mark.parametrize("at,words", [
    ("integration.caler", "'integration.caler' is not a manifest field"),
    ("integration.caller[social]", "[social] is not a value of a list field"),
    ("integration.customer_login[facebook]", "[facebook] is not a value of a list field"),
])
def test_trigger_at_must_name_a_manifest_field(rules_copy: Path, at: str, words: str) -> None:
    path = append_check(rules_copy, CHECK.format(id="x-check") + f"""\
    triggers:
      - when: {{fact: caller, equals: pos_terminal}}
        at: {at}
        message: m
""")
    found = problems(rules_copy)
    where = f"{path}:9:13: error: check 'x-check': "
    assert any(line.startswith(where) and words in line for line in found), found


def test_trigger_condition_is_checked_at_its_node(rules_copy: Path) -> None:
    path = append_check(rules_copy, CHECK.format(id="x-check") + """\
    triggers:
      - when: {fact: caller, equals: pos_termnal}
        at: integration.caller
        message: m
""")
    found = problems(rules_copy)
    hint = 'did you mean "pos_terminal"'
    assert any(line.startswith(f"{path}:8:38: error:") and hint in line for line in found), found


def test_a_table_without_checks_lints_with_the_builtin_checks(rules_copy: Path) -> None:
    (rules_copy / "checks.yaml").unlink()
    rules = load_rules(rules_copy)
    assert rules.table.checks == ()
    text = "authadvisor: 1\nname: x\nintegration: {caller: pos_terminal, credentials: shared}\n"
    assert [f.check for f in lint_text(text, rules=rules).findings] == ["shared-till-credentials"]


def test_unknown_severity_override() -> None:
    with pytest.raises(UsageError, match='did you mean "insecure-url"'):
        Registry.build(load_rules().table.checks, {"insecure-ulr": "off"})
