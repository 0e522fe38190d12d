"""Waiving a secret (issue 11, item 8): only by the fingerprint the finding shows, only for that value;
generic waivers and inline ignores silence nothing; a new or changed secret fires again."""

from __future__ import annotations

import re

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from authadvisor.lint import lint_text
from authadvisor.manifest.credentials import fingerprint
from authadvisor.manifest.validate import show_value

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0aWxsLTA0MiJ9.c2lnbmF0dXJlUXo5"
BASE = f"authadvisor: 1\nname: acme\ndescription: {JWT}\nintegration: {{caller: pos_terminal}}\n"


def _lint(text: str):
    return lint_text(text, "m.yaml", today=None)


def _checks(report) -> list[str]:
    return sorted(f.check for f in report.findings)


def _fingerprint_shown(report) -> str:
    (secret,) = [f for f in report.findings if f.check == "secret-in-manifest"]
    shown = re.search(r"fingerprint ([0-9a-f]{20})", secret.message).group(1)
    assert shown == secret.fingerprint == fingerprint(JWT) and JWT not in secret.message
    return shown


def test_the_finding_shows_a_fingerprint_and_a_waiver_naming_it_accepts_that_value():
    shown = _fingerprint_shown(_lint(BASE))
    waived = _lint(BASE + f"waivers:\n  - check: secret-in-manifest\n    fingerprint: {shown}\n    reason: revoked\n")
    assert waived.findings == () and waived.suppressed == 1 and waived.exit_code() == 0


def test_a_changed_or_new_secret_fires_again():
    shown = _fingerprint_shown(_lint(BASE))
    waiver = f"waivers:\n  - check: secret-in-manifest\n    fingerprint: {shown}\n    reason: revoked\n"
    changed = _lint(BASE.replace("UXo5", "UXo6") + waiver)
    assert _checks(changed) == ["secret-in-manifest", "unused-waiver"] and changed.exit_code() == 1
    added = _lint(BASE + "owner: ghp_a1B2c3D4e5a1B2c3D4e5a1B2c3D4e5F6g7h8\n" + waiver)
    assert _checks(added) == ["secret-in-manifest"] and added.suppressed == 1


@pytest.mark.parametrize("waiver, where", [
    ("waivers:\n  - check: secret-in-manifest\n    reason: accepted\n", "check"),
    ("waivers:\n  - check: secret-in-manifest\n    reason: accepted\n    expires: 2099-01-01\n", "check"),
])
def test_a_generic_waiver_silences_nothing(waiver, where):
    report = _lint(BASE + waiver)
    assert _checks(report) == ["schema", "secret-in-manifest"] and report.exit_code() == 1
    assert "must name the fingerprint" in next(f.message for f in report.findings if f.check == "schema")


def test_an_inline_ignore_silences_nothing():
    text = BASE.replace(f"description: {JWT}", f"description: {JWT}  # authadvisor: ignore[secret-in-manifest] ok")
    report = _lint(text)
    assert _checks(report) == ["schema", "secret-in-manifest"] and report.suppressed == 0


def test_a_fingerprint_only_goes_with_secret_in_manifest():
    text = ("authadvisor: 1\nname: acme\nintegration: {caller: pos_central_server}\nauth: {method: basic}\n"
            f"waivers:\n  - check: method-mismatch\n    fingerprint: {'a' * 20}\n    reason: later\n")
    report = _lint(text)
    assert "schema" in _checks(report) and "method-mismatch" in _checks(report)
    bad = _lint(BASE + "waivers:\n  - check: secret-in-manifest\n    fingerprint: NOT-A-HASH\n    reason: x\n")
    assert "secret-in-manifest" in _checks(bad) and bad.exit_code() == 1


def test_the_cli_exit_code_and_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.yaml").write_text(BASE, encoding="utf-8")
    r = run_cli(["lint", "m.yaml", "--format", "json"])
    assert r.exit_code == 1 and f"(fingerprint {fingerprint(JWT)})" in r.stdout and JWT not in r.stdout


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_show_value_is_short_inert_and_never_a_credential_field(value):
    shown = show_value(value)
    assert shown.isprintable() and len(shown) <= 2 + 80 * 10
    if len(value) > 80:
        assert shown.endswith('\u2026"') or shown.startswith("(a value")
    assert show_value(value, "credentials").startswith("(a value")
    assert show_value(value, "till_password").startswith("(a value")
