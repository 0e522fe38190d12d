"""A broken rules table is reported at file:line:col, every problem, as a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from authadvisor import RulesError, load_rules


def line_of(text: str, nth: int = 1) -> int:
    """The 1-based line of the nth occurrence of `text` in the built-in rules.yaml."""
    from conftest import ROOT

    lines = (ROOT / "rules" / "rules.yaml").read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if text in line][nth - 1]


def problems(directory: Path) -> list[tuple]:
    with pytest.raises(RulesError) as info:
        load_rules(directory)
    return [(Path(f.file).name, f.line, f.column, f.message) for f in info.value.findings]


def test_builtin_table_loads() -> None:
    rules = load_rules()
    assert len(rules.compiled) == 8 and rules.hit_policy == "unique"
    assert set(rules.methods) == {"basic", "oauth2_client_credentials", "mobile_api_auth", "oauth2_authorization_code"}
    assert len(rules.scenarios) == 8


def test_bad_condition_value_points_at_the_value(table) -> None:
    table("rules.yaml", "when: {fact: caller, equals: pos_central_server}",
          "when: {fact: caller, equals: pos_centrl_server}")
    [(name, line, col, message)] = problems(table.dir)
    assert (name, line, col) == ("rules.yaml", line_of("when: {fact: caller, equals: pos_central_server}"), 34)
    assert 'did you mean "pos_central_server"' in message


def test_unknown_fact_and_operator(table) -> None:
    table("rules.yaml", "when: {fact: credentials, equals: shared}", "when: {fact: credential, equals: shared}")
    table("rules.yaml", "when: {fact: caller, equals: ftp_pipeline}", "when: {fact: caller, equal: ftp_pipeline}")
    found = problems(table.dir)
    assert [(f[1], f[2]) for f in found] == [(line_of("when: {fact: credentials, equals: shared}"), 22),
                                             (line_of("when: {fact: caller, equals: ftp_pipeline}"), 11)]
    assert "unknown fact 'credential'" in found[0][3] and 'did you mean "equals"' in found[1][3]


def test_unknown_method_id(table) -> None:
    table("rules.yaml", "    method: mobile_api_auth\n", "    method: mobile_api_aut\n")
    [(name, line, col, message)] = problems(table.dir)
    assert (name, line, col) == ("rules.yaml", line_of("    method: mobile_api_auth"), 13)
    assert message.startswith('unknown method "mobile_api_aut" (did you mean "mobile_api_auth"?); expected one of')


def test_missing_references_and_duplicates(table) -> None:
    table("rules.yaml", "sources: [capillary-authentication, capillary-hydra-sso]",
          "sources: [capillary-authentication, capillary-hydra]")
    table("rules.yaml", "id: prebuilt-connector", "id: ftp-server-to-server")
    found = problems(table.dir)
    messages = "\n".join(f"{f[1]}:{f[2]} {f[3]}" for f in found)
    assert "rule 'partner-app-ciam' refers to unknown source 'capillary-hydra'" in messages
    assert "duplicate rule id 'ftp-server-to-server' (first defined at" in messages


def test_yaml_errors_in_a_rules_file(table) -> None:
    path = table("scenarios.yaml", "  - id: pos_server_to_server\n", "  - id: pos_server_to_server\n    id: again\n")
    [(name, line, col, message)] = problems(table.dir)
    assert (name, line, col) == (path.name, 11, 5) and "duplicate key 'id'" in message


def test_unknown_section_and_field(table) -> None:
    table("table.yaml", "  hit_policy: unique", "  hit_policy: unique\n  hitpolicy: first")
    table("clusters.yaml", "clusters:", "clusterz: []\nclusters:")
    found = problems(table.dir)
    messages = [f[3] for f in found]
    assert any('unknown field "clusterz" (did you mean "clusters"?)' in m for m in messages)
    assert any('unknown field "table.hitpolicy" (did you mean "hit_policy"?)' in m for m in messages)


def test_no_table_section_and_empty_dir(tmp_path, table) -> None:
    (table.dir / "table.yaml").unlink()
    assert "no 'table:' section" in problems(table.dir)[0][3]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RulesError, match="no \\*.yaml files"):
        load_rules(empty)


def test_two_table_sections(table) -> None:
    (table.dir / "zz-extra.yaml").write_text("table: {version: 1, name: x, hit_policy: first}\n")
    [(name, line, col, message)] = problems(table.dir)
    assert name == "zz-extra.yaml" and "a second 'table:' section" in message


def test_builtin_table_also_validates_as_the_pydantic_model() -> None:
    from authadvisor.api import table_model

    model = table_model()
    assert model.table.hit_policy == "unique"
    assert [r.id for r in model.rules] == [r.id for r in load_rules().table.rules]


def test_records_are_read_only() -> None:
    rule = load_rules().table.rules[0]
    with pytest.raises(TypeError):
        rule["method"] = "oauth2_client_credentials"
    with pytest.raises(TypeError):
        rule.method = "oauth2_client_credentials"
