"""`lint --format gitlab`: a GitLab Code Quality report. GitLab publishes no schema for it, so it is
validated against one written from GitLab's documented format (tests/schemas/gitlab-codequality.schema.json);
paths are repository-relative, fingerprints unique and stable, severities mapped with the security weight."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from authadvisor.formats.gitlab_format import severity
from tests.conftest import put, run_cli
from tests.lintcorpus import CLEAN, SECRETS, make_corpus

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gitlab-codequality.schema.json").read_text())


def report(*args: str) -> list:
    result = run_cli(["lint", "--format", "gitlab", *args])
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    make_corpus(tmp_path / "integrations")
    monkeypatch.chdir(tmp_path / "integrations")
    monkeypatch.setenv("AUTHADVISOR_TODAY", "2027-01-01")
    return tmp_path


def test_documented_fields_relative_paths_and_unique_fingerprints(repo: Path) -> None:
    issues = report()
    findings = json.loads(run_cli(["lint", "--format", "json"]).stdout)["findings"]
    assert len(issues) == len(findings)
    for issue, f in zip(issues, findings):
        assert issue["check_name"] == f["check"] and issue["description"] == f["message"]
        assert issue["location"]["path"] == "integrations/" + f["file"]  # from the git top level
        assert issue["location"]["lines"]["begin"] == f["line"]
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)
    out = json.dumps(issues)
    assert all(value not in out for value in SECRETS.values())


def test_fingerprints_are_stable_when_lines_move(repo: Path) -> None:
    first = [(i["check_name"], i["fingerprint"]) for i in report()]
    path = repo / "integrations" / "findings.yaml"
    path.write_text("# moved down\n" + path.read_text())
    assert [(i["check_name"], i["fingerprint"]) for i in report()] == first


def test_severity_mapping(repo: Path) -> None:
    by_check = {i["check_name"]: i["severity"] for i in report()}
    assert by_check["secret-in-manifest"] == "blocker"  # error, security_severity 9.5
    assert by_check["insecure-url"] == "critical"  # error, 7.5
    assert by_check["method-mismatch"] == "major"  # error, not a security check
    assert by_check["unused-waiver"] == "info"
    assert severity("warning", None) == "minor" and severity("info", None) == "info"


def test_clean_run_is_an_empty_array(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path, "ok.yaml", CLEAN)
    monkeypatch.chdir(tmp_path)
    result = run_cli(["lint", "--format", "gitlab"])
    assert result.exit_code == 0 and result.stdout == "[]\n"
