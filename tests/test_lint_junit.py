"""`lint --format junit`, checked by the consumer's schema: Jenkins' junit-10.xsd (vendored from pytest's
repository, testing/example_scripts/junit-10.xsd), validated with xmlschema. One testcase per manifest,
at most one failure each, counts that agree with the exit code for every --fail-on, and nothing from a
manifest reaching the XML unescaped."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from authadvisor.findings import Finding, Span
from authadvisor.formats.junit_format import clean, render
from authadvisor.lint.report import FAIL_ON, LintReport
from tests.conftest import run_cli
from tests.lintcorpus import make_corpus

XSD = Path(__file__).parent / "schemas" / "junit-10.xsd"
#: SHA-256 of pytest's testing/example_scripts/junit-10.xsd (commit 81ae293a57f883c9b13f7653d3df4a873deb0f36)
XSD_SHA256 = "e031fd47e10165241b45236f8f534673dece6ec3d24b310ce27c121ee35c0b3a"
RANK = {"info": 0, "warning": 1, "error": 2}


@cache
def junit_schema(with_file: bool = False):
    import xmlschema
    text = XSD.read_text(encoding="utf-8")
    if with_file:  # GitLab's reading: junit-10.xsd plus `file` on testcase (as pytest's xunit1 writes it)
        anchor = '<xs:attribute name="group" type="xs:string"/>\n        </xs:complexType>\n    </xs:element>\n\n' \
                 '    <xs:element name="testsuite">'
        assert anchor in text
        text = text.replace(anchor, '<xs:attribute name="file" type="xs:string"/>\n            ' + anchor, 1)
    return xmlschema.XMLSchema(text)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUTHADVISOR_TODAY", "2027-01-01")
    return tmp_path


def test_vendored_xsd_is_pytests_copy() -> None:
    assert hashlib.sha256(XSD.read_bytes()).hexdigest() == XSD_SHA256


@pytest.mark.parametrize("fail_on", FAIL_ON)
def test_valid_and_counts_agree_with_the_exit_code(corpus: Path, fail_on: str) -> None:
    result = run_cli(["lint", "--format", "junit", "--fail-on", fail_on])
    junit_schema().validate(result.stdout)  # raises with the reason when invalid
    root = ET.fromstring(result.stdout.encode("utf-8"))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    findings = json.loads(run_cli(["lint", "--format", "json"]).stdout)["findings"]
    manifests = sorted({"clean.yaml", "findings.yaml", "warning.yml", "broken.yaml", "sub/secrets.yaml",
                        "sub/dupe.yaml"})
    assert [c.get("name") for c in cases] == manifests
    failing = [c for c in cases if c.find("failure") is not None]
    for element in (root, suite):
        assert element.get("tests") == str(len(manifests))
        assert element.get("failures") == str(len(failing))
        assert element.get("errors") == "0"
    assert (result.exit_code == 1) == (len(failing) > 0)
    threshold = RANK.get(fail_on, 99)
    for case in cases:
        assert len(case.findall("failure")) <= 1
        mine = [f for f in findings if f["file"] == case.get("name")]
        lines = [f"{f['file']}:{f['line']}:{f['column']}: {f['severity']}: {f['message']} [{f['check']}]"
                 for f in mine]
        above = [line for f, line in zip(mine, lines) if RANK[f["severity"]] >= threshold]
        below = [line for f, line in zip(mine, lines) if RANK[f["severity"]] < threshold]
        failure, out = case.find("failure"), case.find("system-out")
        assert (failure.text.split("\n") if failure is not None else []) == above
        assert (out.text.split("\n") if out is not None else []) == below
        if failure is not None:
            checks = [f["check"] for f in mine if RANK[f["severity"]] >= threshold]
            assert failure.get("type") == ",".join(dict.fromkeys(checks))
            assert failure.get("message").endswith(f"[{checks[0]}]" + (
                f" (and {len(checks) - 1} more)" if len(checks) > 1 else ""))


def test_warning_only_manifest_fails_under_fail_on_warning(corpus: Path) -> None:
    for fail_on, failed in (("error", False), ("warning", True)):
        root = ET.fromstring(run_cli(["lint", "warning.yml", "--format", "junit", "--fail-on", fail_on]).stdout)
        assert root.get("failures") == str(int(failed))
        case = root.find("testsuite/testcase")
        assert (case.find("failure") is not None) == failed
        assert (case.find("system-out") is not None) == (not failed)


def test_gitlab_schema_adds_the_file_attribute(corpus: Path) -> None:
    out = run_cli(["lint", "--format", "junit", "--junit-schema", "gitlab"]).stdout
    junit_schema(with_file=True).validate(out)
    assert not junit_schema().is_valid(out)  # why it is an option: junit-10.xsd refuses `file`
    cases = ET.fromstring(out).findall("testsuite/testcase")
    assert cases and all(c.get("file") == c.get("name") for c in cases)


def report_of(names: list[str], messages: list[str]) -> LintReport:
    findings = tuple(sorted((Finding("schema", "error", m, names[i % len(names)], Span(i + 1, 1, i + 1, 2))
                             for i, m in enumerate(messages)), key=Finding.sort_key))
    return LintReport(tuple(sorted(set(names))), findings)


ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=80, deadline=None)
@given(names=st.lists(ANY_TEXT.filter(bool), min_size=1, max_size=3, unique=True),
       messages=st.lists(ANY_TEXT, max_size=4))
def test_any_text_stays_valid_xml_and_reads_back(names: list[str], messages: list[str]) -> None:
    """Manifest text (names, values in messages) is attacker-controlled: whatever it holds, the report is
    valid, and a parser reads back exactly the text (carriage returns included), control characters
    shown as \\u escapes."""
    report = report_of(names, messages)
    out = render(report)
    junit_schema().validate(out)
    root = ET.fromstring(out.encode("utf-8"))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert sorted(cases) == sorted(clean(n) for n in report.files)
    for name in report.files:
        mine = [f for f in report.findings if f.file == name]
        failure = cases[clean(name)].find("failure")
        if mine:
            assert failure.text == clean("\n".join(f.format() for f in mine))
        else:
            assert failure is None
    assert "\r" not in out  # carriage returns only as &#13;


def test_control_characters_and_carriage_returns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ctl.yaml").write_text(
        'authadvisor: 1\nname: "bad\\u0001name\\r\\nx"\nintegration: {caller: backend_service}\n')
    monkeypatch.chdir(tmp_path)
    out = run_cli(["lint", "--format", "junit"]).stdout
    junit_schema().validate(out)
    assert "\x01" not in out and "\r" not in out
    failure = ET.fromstring(out.encode("utf-8")).find("testsuite/testcase/failure")
    assert failure is not None and "\\u0001" in failure.text


def test_empty_report_is_valid() -> None:
    out = render(LintReport((), ()))
    junit_schema().validate(out)
    assert 'tests="0" failures="0"' in out
