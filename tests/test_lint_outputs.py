"""lint's CI conventions: several outputs from one run (`--format FORMAT[:PATH]`, like Checkov's -o),
no manifests at all is an error unless --allow-empty (like ESLint), -o creates missing folders (like
pytest's --junitxml)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import put, run_cli, run_process
from tests.lintcorpus import CLEAN, FINDINGS


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUTHADVISOR_TODAY", "2027-01-01")
    put(tmp_path, "ok.yaml", CLEAN)
    put(tmp_path, "bad.yaml", FINDINGS)
    return tmp_path


def test_several_formats_from_one_lint_run(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import authadvisor.lint as lint_module

    calls = []
    real = lint_module.lint_paths
    monkeypatch.setattr(lint_module, "lint_paths", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = run_cli(["lint", "--format", "sarif:reports/out.sarif", "--format", "text",
                      "--format", "junit:reports/junit.xml", "--format", "gitlab:gl.json"])
    assert len(calls) == 1  # linted once
    assert result.exit_code == 1
    assert "[method-mismatch]" in result.stdout and result.stdout.rstrip().endswith("in 1 of 2 files")
    sarif = json.loads((here / "reports" / "out.sarif").read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    assert ET.parse(here / "reports" / "junit.xml").getroot().get("tests") == "2"
    assert json.loads((here / "gl.json").read_text())[0]["check_name"]
    # each file holds exactly what that format alone writes
    assert (here / "gl.json").read_text() == run_cli(["lint", "--format", "gitlab"]).stdout


def test_output_goes_to_the_format_without_a_path(here: Path) -> None:
    result = run_cli(["lint", "--format", "github:gh.txt", "--format", "json", "-o", "deep/er/r.json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads((here / "deep" / "er" / "r.json").read_text())["summary"]["files"] == 2
    assert (here / "gh.txt").read_text().startswith("::error file=bad.yaml,")


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "unknown format 'xml'"),
    (["--format", "sarf:x.sarif"], "did you mean"),
    (["--format", "sarif:"], "no path after the colon"),
    (["--format", "json", "--format", "text"], "only one format can go to standard output"),
    (["--format", "json", "--format", "sarif:-"], "only one format can go to standard output"),
    (["--format", "json:a", "--format", "sarif:a"], "two formats write to a"),
    (["--format", "json:a", "-o", "b"], "--output names no format"),
    (["--format", "sarif:bad.yaml"], "refusing to write the sarif report over bad.yaml"),
    (["-o", "./ok.yaml"], "refusing to write the text report over ./ok.yaml"),
])
def test_bad_format_specs_are_usage_errors(here: Path, args: list, message: str) -> None:
    result = run_cli(["lint", *args])
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in here.iterdir()) == ["bad.yaml", "ok.yaml"]  # nothing written


def test_no_manifests_is_an_error_unless_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path, "empty/workflow.yml", "on: push\njobs: {}\n")  # YAML, but not a manifest
    monkeypatch.chdir(tmp_path)
    result = run_cli(["lint", "empty"])
    assert result.exit_code == 2
    assert "no manifests found in empty" in result.stderr and "--allow-empty" in result.stderr
    allowed = run_cli(["lint", "empty", "--allow-empty", "--format", "text", "--format", "junit:j.xml"])
    assert allowed.exit_code == 0 and "no manifests found" in allowed.stdout
    assert ET.parse(tmp_path / "j.xml").getroot().get("tests") == "0"
    bare = run_process(["lint"], cwd=tmp_path / "empty")
    assert bare.returncode == 2 and b"no manifests found in the current directory" in bare.stderr


SPEC = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\0"), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(st.one_of(SPEC, st.sampled_from(["json", "sarif:", "text:-", "junit:r.xml", "gitlab"])),
                      min_size=1, max_size=3))
def test_any_format_specs_end_in_an_exit_code_never_a_traceback(here: Path, specs: list[str]) -> None:
    args = ["lint", "ok.yaml"]
    for spec in specs:
        args += ["--format", spec]
    result = run_cli(args)
    assert result.exit_code in (0, 2), (specs, result.stderr)
    if result.exit_code == 2:
        assert result.stderr.startswith(("Usage:", "Error:", "error:")) and "Traceback" not in result.stderr
