"""`lint --format sarif` as code scanning reads it, checked by Microsoft's SARIF multitool (the platform
binary itself, with the SARIF and GitHub rule kinds at levels Error and Warning: zero results) and the
official 2.1.0 JSON Schema: fingerprints, security ratings, repository-relative locations, rule names
and help, run-time severity overrides."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from authadvisor.formats.sarif_format import chunks, rule_name
from authadvisor.version import PROJECT_URL, check_doc_url
from tests.conftest import need_node_module, put, run_cli
from tests.lintcorpus import CLEAN, FINDINGS, WARNING_ONLY, make_corpus
from tests.test_lint_formats import sarif_validator

MULTITOOL = "@microsoft/sarif-multitool-linux/Sarif.Multitool"
#: a multitool finding: `FILE(line,col): error|warning RULE: message`
DIAGNOSTIC = re.compile(r"^(?P<file>.+?)\(\d+,\d+\): (?P<level>error|warning) (?P<rule>[A-Z]+\d+): ", re.M)
SECURITY = {"secret-in-manifest", "insecure-url", "pkce-required", "shared-till-credentials"}


def multitool(*logs: Path) -> list[str]:
    """The multitool's Error and Warning diagnostics for the logs (it exits 0 even when it finds some, so
    its output is read)."""
    tool = need_node_module(MULTITOOL)
    proc = subprocess.run([str(tool), "validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning",
                           *map(str, logs)], capture_output=True, text=True, timeout=300,
                          env={"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "PATH": "/usr/bin:/bin"})
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Analysis completed successfully" in out, out
    return [m.group(0) + line for m, line in ((m, out[m.end():].split("\n", 1)[0])
                                               for m in DIAGNOSTIC.finditer(out))]


def sarif(*args: str) -> dict:
    result = run_cli(["lint", "--format", "sarif", *args])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git checkout (a `.git` folder is all that marks its top level) with the lint corpus in
    `integrations/`, a configuration with severity overrides, and the current directory at its root."""
    (tmp_path / ".git").mkdir()
    make_corpus(tmp_path / "integrations")
    put(tmp_path, "pyproject.toml", '[tool.authadvisor]\npaths = ["integrations"]\n'
                                    '[tool.authadvisor.severity]\ninsecure-url = "warning"\nunused-waiver = "off"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUTHADVISOR_TODAY", "2027-01-01")
    return tmp_path


def test_multitool_finds_nothing_wrong(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("logs")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.yaml").write_text(FINDINGS)
    clean_dir = tmp_path_factory.mktemp("clean")
    (clean_dir / "ok.yaml").write_text(CLEAN)
    runs = {"corpus": [], "outside": [str(outside / "x.yaml"), "integrations/findings.yaml"],
            "clean": [str(clean_dir)]}
    logs = []
    for name, args in runs.items():
        assert run_cli(["lint", *args, "--format", f"sarif:{out / name}.sarif"]).exit_code in (0, 1)
        logs.append(out / f"{name}.sarif")
        sarif_validator().validate(json.loads(logs[-1].read_text()))
    assert multitool(*logs) == []


def test_multitool_reports_a_broken_log(tmp_path: Path) -> None:
    """The check above can fail: a log with an identical rule id and name is a SARIF1001 warning."""
    log = json.loads("".join(chunks(__import__("authadvisor.lint", fromlist=["lint_text"]).lint_text(FINDINGS))))
    log["runs"][0]["tool"]["driver"]["rules"][0]["name"] = log["runs"][0]["tool"]["driver"]["rules"][0]["id"]
    (tmp_path / "bad.sarif").write_text(json.dumps(log))
    assert any("SARIF1001" in line for line in multitool(tmp_path / "bad.sarif"))


def test_locations_are_relative_to_the_git_top_level(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at_root = sarif()
    monkeypatch.chdir(repo / "integrations" / "sub")
    below = sarif("..")  # run from a subdirectory: the same URIs, never ../x.yaml
    absolute = sarif(str(repo / "integrations"))
    for log in (at_root, below, absolute):
        run = log["runs"][0]
        assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": repo.resolve().as_uri() + "/"}}
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
        assert uris and all(u["uriBaseId"] == "SRCROOT" and u["uri"].startswith("integrations/") for u in uris)
    assert [r["locations"] for r in below["runs"][0]["results"]] == \
        [r["locations"] for r in at_root["runs"][0]["results"]]


def test_without_git_the_configuration_folder_is_the_root(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path, ".authadvisor.yaml", "paths: [integrations]\n")
    put(tmp_path, "integrations/a.yaml", FINDINGS)
    monkeypatch.chdir(put(tmp_path, "integrations/deeper/b.yaml", FINDINGS).parent)
    if any((p / ".git").exists() for p in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary folder is inside a git checkout")
    run = sarif("..")["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.resolve().as_uri() + "/"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"integrations/a.yaml", "integrations/deeper/b.yaml"}


def test_files_outside_the_root_get_an_absolute_uri_without_a_base(repo: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "x.yaml"
    outside.write_text(FINDINGS)
    run = sarif(str(outside))["runs"][0]
    for r in run["results"]:
        assert r["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": outside.resolve().as_uri()}


def fingerprints(log: dict) -> list[tuple[str, str]]:
    return [(r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in log["runs"][0]["results"]]


def test_fingerprints_survive_unrelated_lines_moving(repo: Path) -> None:
    before = sarif()
    prints = fingerprints(before)
    assert prints and len(set(p for _c, p in prints)) == len(prints)  # unique in the run
    assert all(re.fullmatch(r"[0-9a-f]{32}:\d+", p) for _c, p in prints)
    for name in ("findings.yaml", "warning.yml", "sub/secrets.yaml"):
        path = repo / "integrations" / name
        path.write_text("# a new comment\n# and another\n" + path.read_text())
    after = sarif()
    assert fingerprints(after) == prints
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after["runs"][0]["results"]]
    assert lines != [r["locations"][0]["physicalLocation"]["region"]["startLine"]
                     for r in before["runs"][0]["results"]]


def test_fingerprints_change_with_the_offending_key(repo: Path) -> None:
    path = repo / "integrations" / "findings.yaml"
    first = dict(fingerprints(sarif("integrations/findings.yaml")))
    path.write_text(path.read_text().replace("description: runbook at http://", "owner: runbook at http://"))
    second = dict(fingerprints(sarif("integrations/findings.yaml")))
    assert first["insecure-url"] != second["insecure-url"]
    assert first["method-mismatch"] == second["method-mismatch"]


def test_rules_carry_names_help_tags_and_security_severity(repo: Path) -> None:
    run = sarif()["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"] == PROJECT_URL
    for rule in driver["rules"]:
        assert rule["name"] != rule["id"] and re.fullmatch(r"(?:[A-Z][a-z0-9]*)+", rule["name"])
        assert rule["name"].lower() != rule["id"].lower()
        assert rule["helpUri"] == check_doc_url(rule["id"]) and "sarif" not in rule["helpUri"]
        tags = rule["properties"]["tags"]
        assert tags, rule["id"]
        if rule["id"] in SECURITY:
            assert tags[0] == "security"
            score = float(rule["properties"]["security-severity"])
            assert re.fullmatch(r"\d+\.\d", rule["properties"]["security-severity"])
            assert score >= 7.0 or rule["id"] == "shared-till-credentials"
        else:
            assert "security" not in tags and "security-severity" not in rule["properties"]
    secret = next(r for r in driver["rules"] if r["id"] == "secret-in-manifest")
    assert float(secret["properties"]["security-severity"]) >= 9.0  # GitHub: critical
    assert rule_name("secret-in-manifest") == "SecretInManifest" and rule_name("schema") == "SchemaViolation"


def test_severity_overrides_are_run_time_overrides(repo: Path) -> None:
    run = sarif()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: (i, r) for i, r in enumerate(rules)}
    assert by_id["insecure-url"][1]["defaultConfiguration"] == {"level": "error"}  # the table's default
    assert by_id["unused-waiver"][1]["defaultConfiguration"] == {"level": "note"}
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["ruleConfigurationOverrides"] == [
        {"descriptor": {"id": "insecure-url", "index": by_id["insecure-url"][0]},
         "configuration": {"level": "warning"}},
        {"descriptor": {"id": "unused-waiver", "index": by_id["unused-waiver"][0]},
         "configuration": {"enabled": False}},
    ]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["insecure-url"] == "warning" and "unused-waiver" not in levels


def test_no_overrides_no_override_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path, "w.yaml", WARNING_ONLY)
    monkeypatch.chdir(tmp_path)
    assert sarif()["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_streamed_one_result_per_line(repo: Path) -> None:
    from authadvisor.lint import lint_paths

    pieces = list(chunks(lint_paths(["integrations"])))
    assert len(pieces) > 3 and all("\n  " not in p for p in pieces)  # compact, never an indented copy
    text = "".join(pieces)
    log = json.loads(text)
    assert text.count("\n") == len(log["runs"][0]["results"]) + 2


ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=60, deadline=None)
@given(names=st.lists(ANY_TEXT.filter(lambda n: n.strip("./") and "\0" not in n), min_size=1, max_size=3,
                      unique=True),
       messages=st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_any_text_gives_a_valid_log_and_reads_back(names: list[str], messages: list[str]) -> None:
    """File names and messages carry manifest text: whatever they hold, SARIF and GitLab Code Quality
    are valid JSON with the text intact, fingerprints unique, and URIs that parse back to the name."""
    from urllib.parse import unquote

    from authadvisor.findings import Finding, Span
    from authadvisor.formats.gitlab_format import render as gitlab
    from authadvisor.lint.report import LintReport

    findings = tuple(sorted((Finding("schema", "error", m, names[i % len(names)], Span(1, 1, 1, 2))
                             for i, m in enumerate(messages)), key=Finding.sort_key))
    report = LintReport(tuple(sorted(set(names))), findings, root=os.getcwd())
    log = json.loads("".join(chunks(report)))
    sarif_validator().validate(log)
    results = log["runs"][0]["results"]
    assert [r["message"]["text"] for r in results] == [f.message for f in findings]
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(set(prints)) == len(prints)
    for r, f in zip(results, findings):
        location = r["locations"][0]["physicalLocation"]["artifactLocation"]
        if "uriBaseId" in location:
            assert os.path.normpath(unquote(location["uri"])) == os.path.normpath(f.file)
    issues = json.loads(gitlab(report))
    assert [i["description"] for i in issues] == [f.message for f in findings]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_a_file_reached_through_a_symlinked_folder_keeps_its_repository_path(repo: Path, tmp_path_factory) -> None:
    real = tmp_path_factory.mktemp("real")
    (real / "x.yaml").write_text(FINDINGS)
    (repo / "linked").symlink_to(real, target_is_directory=True)
    run = sarif("linked/x.yaml")["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"linked/x.yaml"}
