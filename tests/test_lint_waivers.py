"""Waivers beyond the golden cases: what is suppressed, for which file and line, and the counts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from authadvisor.lint import lint_text
from tests.conftest import run_cli

TODAY = dt.date(2027, 1, 1)
MISMATCH = """authadvisor: 1
name: acme
description: see http://wiki.acme.example and http://other.example
integration: {caller: pos_central_server}
auth: {method: basic}
"""


def found(text: str, **kw) -> list[tuple]:
    return [(f.check, f.line) for f in lint_text(text, "w.yaml", today=TODAY, **kw).findings]


def test_a_waiver_suppresses_its_check_in_its_file_only(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    waived = MISMATCH + "waivers:\n  - check: method-mismatch\n    reason: migration INT-123\n"
    (tmp_path / "waived.yaml").write_text(waived)
    (tmp_path / "plain.yaml").write_text(MISMATCH)
    monkeypatch.chdir(tmp_path)
    data = json.loads(run_cli(["lint", "--format", "json"]).stdout)
    assert {(f["file"], f["check"]) for f in data["findings"]} == {
        ("plain.yaml", "method-mismatch"), ("plain.yaml", "insecure-url"), ("waived.yaml", "insecure-url")}
    assert data["summary"]["suppressed"] == 1
    text = run_cli(["lint"]).stdout
    assert text.splitlines()[-1].endswith("in 2 of 2 files, 1 suppressed by waivers")


def test_the_summary_counts_every_suppressed_finding() -> None:
    text = MISMATCH.replace("description: see http://wiki.acme.example and http://other.example",
                            "description: http://wiki.acme.example\nowner: http://team.acme.example")
    waived = (text + "waivers:\n  - {check: insecure-url, reason: intranet}\n"
              "  - {check: method-mismatch, reason: r}\n")
    report = lint_text(waived, today=TODAY)
    assert report.findings == () and report.summary.suppressed == 3


def test_inline_ignore_covers_only_its_line_and_its_checks() -> None:
    text = """authadvisor: 1
name: acme
description: http://a.example  # authadvisor: ignore[insecure-url, method-mismatch] intranet only
owner: http://b.example
integration: {caller: pos_central_server}
auth: {method: basic}
"""
    report = lint_text(text, today=TODAY)
    assert [(f.check, f.line) for f in report.findings] == [
        ("unused-waiver", 3), ("insecure-url", 4), ("method-mismatch", 6)]
    assert report.summary.suppressed == 1
    assert "method-mismatch" in report.findings[0].message


def test_an_expired_waiver_suppresses_nothing_and_is_not_unused() -> None:
    text = MISMATCH + "waivers:\n  - {check: method-mismatch, reason: r, expires: 2026-06-30}\n"
    report = lint_text(text, today=TODAY)
    assert ("method-mismatch", 5) in found(text) and ("waiver-expired", 7) in found(text)
    assert report.summary.suppressed == 0 and "unused-waiver" not in {f.check for f in report.findings}
    assert "expired on 2026-06-30" in next(f.message for f in report.findings if f.check == "waiver-expired")


def test_an_invalid_waiver_waives_nothing() -> None:
    for entry in ("{check: method-mismatch}", "{check: method-mismatch, reason: '  '}",
                  "{check: Method_Mismatch, reason: r}",
                  "{check: method-mismatch, reason: r, expires: soon}"):
        text = MISMATCH + f"waivers:\n  - {entry}\n"
        checks = [c for c, _ in found(text)]
        assert "method-mismatch" in checks and "schema" in checks, entry


def test_a_waiver_for_a_disabled_check_is_not_reported_unused() -> None:
    text = MISMATCH + "waivers:\n  - {check: pkce-required, reason: r}\n"
    assert ("unused-waiver", 7) in found(text)
    assert ("unused-waiver", 7) not in found(text, severity={"pkce-required": "off"})


def test_waiver_findings_follow_severity_overrides() -> None:
    text = MISMATCH + "waivers:\n  - {check: pkce-required, reason: r}\n"
    report = lint_text(text, today=TODAY, severity={"unused-waiver": "warning"})
    assert [f.severity for f in report.findings if f.check == "unused-waiver"] == ["warning"]
    report = lint_text(text, today=TODAY, severity={"unused-waiver": "off"})
    assert "unused-waiver" not in {f.check for f in report.findings}


def test_the_waiver_message_names_the_check() -> None:
    report = lint_text(MISMATCH + "waivers:\n  - {check: metod-mismatch, reason: r}\n", today=TODAY)
    schema = [f for f in report.findings if f.check == "schema"]
    assert schema[0].message.startswith(
        'waiver for unknown check "metod-mismatch" (did you mean "method-mismatch"?)')
    report = lint_text(MISMATCH + "waivers:\n  - {check: method-mismatch}\n", today=TODAY)
    message = next(f.message for f in report.findings if f.check == "schema")
    assert message == 'missing required field "waivers[0].reason"'
