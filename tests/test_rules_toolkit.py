"""`authadvisor rules check | test | show` and custom tables (extends / override / disable)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.errors import RulesError
from authadvisor.rules.analysis import analyze
from authadvisor.rules.tables import load_rules


def check(directory: Path) -> tuple[int, list[dict]]:
    result = run_cli(["rules", "check", "--rules", str(directory), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["findings"]


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_builtin_table_is_clean() -> None:
    result = run_cli(["rules", "check"])
    assert result.exit_code == 0, result.stdout
    assert "built-in rules: clean (91 of 91 fact combinations checked)" in result.stdout


def test_gap(table) -> None:
    path = table("rules.yaml", "when: {fact: caller, equals: ftp_pipeline}",
                 "when: {all: [{fact: caller, equals: ftp_pipeline}, {fact: file_processing, exists: true}]}")
    code, found = check(table.dir)
    assert code == 1
    [gap] = [f for f in found if f["check"] == "rules-gap"]
    assert "no rule matches 1 combination(s) for caller ftp_pipeline, e.g. caller=ftp_pipeline" in gap["message"]
    assert gap["file"].endswith("table.yaml")
    assert path.exists()


def test_overlap_names_both_rules_with_positions(table) -> None:
    path = table("rules.yaml", "when: {fact: caller, equals: pos_central_server}",
                 "when: {fact: caller, in: [pos_central_server, pos_store_server]}")
    code, found = check(table.dir)
    assert code == 1
    [overlap] = [f for f in found if f["check"] == "rules-overlap"]
    first, second = line_of(path, "id: pos-client-to-server"), line_of(path, "id: pos-server-to-server")
    expected = f"rules pos-client-to-server ({path}:{first}:5), pos-server-to-server ({path}:{second}:5)"
    assert expected in overlap["message"]
    assert "e.g. caller=pos_store_server" in overlap["message"]
    assert overlap["rule"] == "pos-server-to-server"
    assert overlap["file"] == str(path)
    assert overlap["line"] == line_of(path, "in: [pos_central_server, pos_store_server]")


def test_shadowed_rule_under_first_policy(table) -> None:
    table("table.yaml", "hit_policy: unique", "hit_policy: first")
    path = table("rules.yaml", "when: {fact: caller, equals: pos_central_server}",
                 "when: {fact: caller, equals: pos_terminal}")
    code, found = check(table.dir)
    shadowed = [f for f in found if f["check"] == "rules-shadowed"]
    assert code == 1 and len(shadowed) == 1
    assert shadowed[0]["rule"] == "pos-server-to-server"
    assert "pos-client-to-server (" in shadowed[0]["message"] and "comes first" in shadowed[0]["message"]
    gaps = [f for f in found if f["check"] == "rules-gap"]
    assert "caller pos_central_server" in gaps[0]["message"]
    assert shadowed[0]["line"] == line_of(path, "when: {fact: caller, equals: pos_terminal}")


def test_dead_rule_and_dead_condition(table) -> None:
    path = table("rules.yaml", "when: {fact: caller, equals: partner_app}",
                 "when: {any: [{fact: caller, equals: partner_app}, "
                 "{all: [{fact: caller, equals: pos_terminal}, {fact: connector, equals: shopify}]}]}")
    table("rules.yaml", "when: {fact: caller, equals: end_customer_app}",
          "when: {all: [{fact: caller, equals: end_customer_app}, {fact: client_type, equals: public}]}")
    code, found = check(table.dir)
    assert code == 1
    dead = {(f["check"], f["rule"]) for f in found}
    assert ("rules-dead-rule", "end-customer-app") in dead
    assert ("rules-dead-condition", "partner-app-ciam") in dead
    [part] = [f for f in found if f["check"] == "rules-dead-condition" and f["rule"] == "partner-app-ciam"]
    assert "'caller = pos_terminal and connector = shopify' is never true" in part["message"]
    assert part["line"] == line_of(path, "{all: [{fact: caller, equals: pos_terminal}")


def test_dead_conditional_note(table) -> None:
    table("rules.yaml", "when: {fact: credentials, equals: shared}", "when: {fact: connector, equals: shopify}")
    code, found = check(table.dir)
    [note] = [f for f in found if f["check"] == "rules-dead-note"]
    assert code == 1 and note["severity"] == "warning"
    assert "warnings entry 'shared-till-credentials' of rule pos-client-to-server never applies" in note["message"]


@pytest.mark.parametrize("edit, fragment, file", [
    (("rules.yaml", "scenario: ftp_server_to_server", "scenario: ftp_srv"),
     "rule 'ftp-server-to-server' refers to unknown scenario 'ftp_srv'", "rules.yaml"),
    (("methods.yaml", "sources: [rfc7617, capillary-api-overview]", "sources: [rfc7671, capillary-api-overview]"),
     "refers to unknown source 'rfc7671' (did you mean \"rfc7617\"?)", "methods.yaml"),
    (("scenarios.yaml", "  - id: prebuilt_connector\n", "  - id: prebuilt_connector\n\tbad: tab\n"),
     "tab characters are not allowed", "scenarios.yaml"),
    (("rules.yaml", "  - id: partner-app-ciam", "  - id: end-customer-app"),
     "duplicate rule id 'end-customer-app'", "rules.yaml"),
])
def test_load_problems_are_reported_with_positions(table, edit, fragment, file) -> None:
    table(*edit)
    code, found = check(table.dir)
    assert code == 1
    assert any(fragment in f["message"] and f["file"].endswith(file) and f["line"] > 1 for f in found), found


def test_missing_directory_is_a_usage_error() -> None:
    assert run_cli(["rules", "check", "--rules", "/nonexistent"]).exit_code == 2
    assert run_cli(["rules", "show", "--rules", "/nonexistent"]).exit_code == 2


def test_large_fact_space_is_sampled_not_enumerated(monkeypatch) -> None:
    from authadvisor.rules import analysis as rulescheck

    monkeypatch.setattr(rulescheck, "MAX_SPACE", 10)
    monkeypatch.setattr(rulescheck, "SAMPLE", 50)
    analysis = rulescheck.Analysis(load_rules())
    found = analysis.run()
    assert analysis.sampled and len(analysis.keys) == 50
    assert [f.check for f in found] == ["rules-sampled"]
    assert "checked a seeded sample of 50" in found[0].message


# ---- custom tables ------------------------------------------------------------------------------

def write_custom(tmp_path: Path, text: str) -> Path:
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "table.yaml").write_text(text)
    return custom


def test_extends_adds_overrides_and_disables(tmp_path) -> None:
    custom = write_custom(tmp_path, """
table:
  version: 1
  extends: builtin
  name: acme-rules
  disable: [custom-server-to-server]
rules:
  - id: acme-gateway-and-backend
    scenario: custom_server_to_server
    method: oauth2_client_credentials
    when: {fact: caller, in: [api_gateway, backend_service]}
    rationale: Acme routes every backend through its gateway; same method, Acme's own wording.
  - id: pos-server-to-server
    scenario: pos_server_to_server
    method: oauth2_client_credentials
    when: {fact: caller, equals: pos_central_server}
    rationale: Overridden by Acme.
""")
    rules = load_rules(custom)
    ids = [c.rule.id for c in rules.compiled]
    assert "custom-server-to-server" not in ids and ids[-1] == "acme-gateway-and-backend"
    assert ids.index("pos-server-to-server") == 1  # overridden in place
    assert rules.compiled[1].rule.rationale == "Overridden by Acme."
    assert rules.table.table.name == "acme-rules" and rules.table.table.hit_policy == "unique"
    assert "(extends the built-in rules)" in rules.origin
    assert analyze(rules) == []
    example = str(ROOT / "examples/backend-service.yaml")
    result = run_cli(["--rules", str(custom), "recommend", "--format", "json", example])
    assert json.loads(result.stdout)["rule"] == "acme-gateway-and-backend"
    shown = json.loads(run_cli(["rules", "show", "--rules", str(custom), "--format", "json"]).stdout)
    assert [r["id"] for r in shown["rules"]] == ids


def test_disabling_without_replacing_leaves_a_gap(tmp_path) -> None:
    custom = write_custom(tmp_path, "table: {version: 1, extends: builtin, disable: [ftp-server-to-server]}\n")
    code, found = check(custom)
    assert code == 1 and any("caller ftp_pipeline" in f["message"] for f in found if f["check"] == "rules-gap")


def test_disabling_an_unknown_id_is_an_error(tmp_path) -> None:
    custom = write_custom(tmp_path, "table: {version: 1, extends: builtin, disable: [ftp-server-to-srver]}\n")
    with pytest.raises(RulesError) as info:
        load_rules(custom)
    [finding] = info.value.findings
    assert (finding.line, finding.column) == (1, 49)
    assert "cannot disable 'ftp-server-to-srver'" in finding.message
    assert 'did you mean "ftp-server-to-server"' in finding.message


def test_a_table_that_does_not_extend_needs_name_and_hit_policy(tmp_path) -> None:
    custom = write_custom(tmp_path, "table: {version: 1}\n")
    with pytest.raises(RulesError) as info:
        load_rules(custom)
    messages = [f.message for f in info.value.findings]
    assert 'missing required field "table.name"' in messages and 'missing required field "table.hit_policy"' in messages


# ---- rules test ---------------------------------------------------------------------------------

def test_rules_test_passes_on_the_builtin_table() -> None:
    result = run_cli(["rules", "test", "--require-coverage"])
    assert result.exit_code == 0, result.stdout
    assert ("48 case(s) in 2 file(s): 48 passed, 0 failed; rules covered: 8/8; checks exercised: 10/10"
            in result.stdout)


def test_rules_test_reports_a_failing_case_with_its_position(table) -> None:
    path = table("tests/builtin.yaml", "      method: mobile_api_auth\n", "      method: basic\n")
    result = run_cli(["rules", "test", "--rules", str(table.dir)])
    assert result.exit_code == 1
    line = line_of(path, "- id: end-customer-otp")
    assert f"{path}:{line}:9: error: case end-customer-otp: expected method basic, got mobile_api_auth" in result.stdout
    data = json.loads(run_cli(["rules", "test", "--rules", str(table.dir), "--format", "json"]).stdout)
    assert data["summary"]["failed"] == 1


def test_rules_test_coverage(table) -> None:
    path = table.dir / "tests" / "builtin.yaml"
    cases = yaml.safe_load(path.read_text())["cases"]
    kept = [c for c in cases if c["id"] != "partner-public" and not c["id"].startswith("partner")
            and "partner_app" not in str(c["manifest"])]
    path.write_text(yaml.safe_dump({"cases": kept}))
    (table.dir / "tests" / "checks.yaml").unlink()
    result = run_cli(["rules", "test", "--rules", str(table.dir)])
    assert result.exit_code == 0 and "rules covered: 7/8; checks exercised: 1/10" in result.stdout
    assert "checks no passing case makes fire: yaml-syntax, schema, method-mismatch" in result.stdout
    assert "rules not exercised by any passing case: partner-app-ciam" in result.stdout
    assert run_cli(["rules", "test", "--rules", str(table.dir), "--require-coverage"]).exit_code == 1


def test_rules_test_bad_case_file(table) -> None:
    (table.dir / "tests" / "extra.yaml").write_text("cases:\n  - id: x\n    manifest: {}\n    expcet: {}\n")
    result = run_cli(["rules", "test", "--rules", str(table.dir)])
    assert result.exit_code == 1
    assert "extra.yaml:4:5: error: unknown field \"cases[0].expcet\" (did you mean \"expect\"?)" in result.stdout


def test_rules_show_formats() -> None:
    text = run_cli(["rules", "show"]).stdout  # 88 columns (not a terminal): too narrow for the table
    assert "\npos-client-to-server\n  scenario  pos_client_to_server\n  method    basic\n" in text
    md = run_cli(["rules", "show", "--format", "md"]).stdout
    from markdown_it import MarkdownIt

    tokens = MarkdownIt().enable("table").parse(md)
    assert sum(t.type == "tr_open" for t in tokens) == 9  # header + 8 rules
    data = json.loads(run_cli(["rules", "show", "--format", "json"]).stdout)
    assert data["rules"][0]["when"] == {"fact": "caller", "in": ["pos_terminal", "pos_store_server"]}


# ---- robustness ---------------------------------------------------------------------------------

FUZZED = ("rules.yaml", "checks.yaml", "questions.yaml", "methods.yaml")
TEXTS = {name: (ROOT / "rules" / name).read_text() for name in FUZZED}
TOKENS = sorted({t for text in TEXTS.values() for t in text.replace("[", " ").replace("]", " ").replace("{", " ")
                 .replace("}", " ").replace(",", " ").split() if t.isidentifier() or "-" in t or "_" in t})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FUZZED),
       st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(TOKENS + ["", "[]", "{}", "-", ":"])),
                min_size=1, max_size=4))
def test_random_edits_never_crash_the_checker(tmp_path_factory, name, edits) -> None:
    target = tmp_path_factory.mktemp("fuzz") / "rules"
    shutil.copytree(ROOT / "rules", target)
    text = TEXTS[name]
    for old, new in edits:
        text = text.replace(old, new, 1)
    (target / name).write_text(text)
    result = run_cli(["rules", "check", "--rules", str(target), "--format", "json"])
    assert result.exit_code in (0, 1)
    for finding in json.loads(result.stdout)["findings"]:
        assert finding["line"] >= 1 and finding["column"] >= 1 and finding["check"].startswith(("rules-", "yaml-"))


def test_rules_test_compares_the_lint_checks(table) -> None:
    path = table("tests/checks.yaml", "    expect: {method: oauth2_client_credentials, checks: [unused-waiver]}",
                 "    expect: {method: oauth2_client_credentials, checks: [unused-waivr, schema]}")
    table("tests/checks.yaml", "    expect: {method: basic, checks: []}",
          "    expect: {method: basic, checks: [schema]}")
    data = json.loads(run_cli(["rules", "test", "--rules", str(table.dir), "--format", "json"]).stdout)
    failed = {c["case"]: c["problems"] for c in data["cases"] if not c["passed"]}
    assert failed == {
        "unused-waiver": ["no check has id 'unused-waivr' (did you mean \"unused-waiver\"?)"],
        "clean-pos-terminal": ["expected checks [schema], lint reported [none]"],
    }
    assert "unused-waiver" in data["coverage"]["uncovered_checks"]
    assert path.name == "checks.yaml"


def test_dead_check_trigger(table) -> None:
    table("checks.yaml", "{fact: credentials, equals: shared}]}", "{fact: connector, equals: shopify}]}")
    code, found = check(table.dir)
    [dead] = [f for f in found if f["check"] == "rules-dead-condition"]
    assert code == 1 and "check shared-till-credentials: trigger #1" in dead["message"]
    assert dead["file"].endswith("checks.yaml")


def test_missing_snippet_template_and_unaskable_fact(table, tmp_path, monkeypatch) -> None:
    from authadvisor import resources

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "snippets" / "basic" / "http.j2").unlink()
    monkeypatch.setattr(resources, "templates_dir", lambda: templates)
    table("rules.yaml", "when: {fact: caller, equals: pos_central_server}",
          "when: {all: [{fact: caller, equals: pos_central_server}, {not: {fact: cluster, equals: china}}]}")
    table("rules.yaml", "  - id: custom-server-to-server\n",
          "  - id: central-in-china\n    scenario: pos_server_to_server\n    method: oauth2_client_credentials\n"
          "    when: {all: [{fact: caller, equals: pos_central_server}, {fact: cluster, equals: china}]}\n"
          "    rationale: China cluster.\n\n  - id: custom-server-to-server\n")
    questions = table.dir / "questions.yaml"
    text = questions.read_text()
    start = text.index("  - id: cluster\n")
    questions.write_text(text[:start] + text[text.index("  - id: name\n", start):])  # no cluster question
    code, found = check(table.dir)
    missing = [f for f in found if f["check"] == "rules-missing-reference"]
    messages = " | ".join(f["message"] for f in missing)
    assert code == 1
    assert "method basic has no snippet template for http" in messages
    assert "tests fact 'cluster', but no question in the questionnaire asks it" in messages
