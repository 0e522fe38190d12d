"""`authadvisor lint` on the command line: exit codes, --fail-on, --quiet, --output, configuration
precedence (command line over config file over defaults), `checks` and `schema`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, run_cli, run_process
from tests.lintcorpus import CLEAN, FINDINGS, WARNING_ONLY


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUTHADVISOR_TODAY", "2027-01-01")
    monkeypatch.delenv("AUTHADVISOR_RULES", raising=False)
    return tmp_path


def put(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def summary(result) -> dict:
    return json.loads(result.stdout)["summary"]


def test_examples_pass_lint() -> None:
    result = run_cli(["lint", str(EXAMPLES), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["findings"] == [] and data["summary"]["files"] == len(list(EXAMPLES.glob("*.*")))


def test_repo_root_lints_clean_with_its_own_config() -> None:
    """The repository lints itself: `authadvisor lint` at its root ([tool.authadvisor] paths)."""
    result = run_process(["lint"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.decode().endswith("files checked: no problems\n")


def test_exit_codes(here: Path) -> None:
    put(here, "ok.yaml", CLEAN)
    assert run_cli(["lint", "ok.yaml"]).exit_code == 0
    put(here, "bad.yaml", FINDINGS)
    assert run_cli(["lint"]).exit_code == 1
    missing = run_cli(["lint", "nope.yaml"])
    assert missing.exit_code == 2 and "path not found: nope.yaml" in missing.stderr
    assert run_cli(["lint", "--format", "xml"]).exit_code == 2
    assert run_cli(["lint", "--fail-on", "sometimes"]).exit_code == 2


def test_broken_rules_table_is_a_usage_error(here: Path) -> None:
    rules = here / "rules"
    rules.mkdir()
    put(rules, "table.yaml", "table: {version: 1, name: x, hit_policy: unique}\nrules:\n  - id: Bad Id\n")
    put(here, "ok.yaml", CLEAN)
    result = run_cli(["--rules", str(rules), "lint", "ok.yaml"])
    assert result.exit_code == 2
    assert "table.yaml:3:" in result.stderr and "not a kebab-case id" in result.stderr
    assert run_cli(["--rules", str(here / "none"), "lint", "ok.yaml"]).exit_code == 2


def test_fail_on_levels(here: Path) -> None:
    put(here, "warn.yaml", WARNING_ONLY)
    assert run_cli(["lint"]).exit_code == 0  # default: only errors fail
    assert run_cli(["lint", "--fail-on", "warning"]).exit_code == 1
    assert run_cli(["lint", "--fail-on", "info"]).exit_code == 1
    put(here, "bad.yaml", FINDINGS)
    assert run_cli(["lint", "--fail-on", "never"]).exit_code == 0


def test_quiet_reports_only_what_fails(here: Path) -> None:
    put(here, "warn.yaml", WARNING_ONLY)
    quiet = run_cli(["lint", "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert "pkce-required" in run_cli(["lint", "--quiet", "--fail-on", "warning"]).stdout
    data = json.loads(run_cli(["lint", "--quiet", "--format", "json"]).stdout)
    assert data["findings"] == []
    assert "pkce-required" in run_cli(["lint"]).stdout


def test_output_file(here: Path) -> None:
    put(here, "bad.yaml", FINDINGS)
    result = run_cli(["lint", "--format", "sarif", "--output", "out.sarif"])
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads((here / "out.sarif").read_text())["version"] == "2.1.0"
    nested = run_cli(["lint", "--format", "junit", "--output", str(here / "no" / "dir" / "x.xml")])
    assert nested.exit_code == 1 and (here / "no" / "dir" / "x.xml").read_text().startswith("<?xml")
    (here / "a-file").write_text("")
    blocked = run_cli(["lint", "--output", str(here / "a-file" / "x")])
    assert blocked.exit_code == 2 and "cannot write" in blocked.stderr


def test_today_comes_from_the_environment(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(here, "w.yaml", CLEAN + "waivers:\n  - {check: insecure-url, reason: r, expires: 2027-06-30}\n")
    monkeypatch.setenv("AUTHADVISOR_TODAY", "2027-06-30")
    assert "unused-waiver" in run_cli(["lint"]).stdout
    monkeypatch.setenv("AUTHADVISOR_TODAY", "2027-07-01")
    assert "waiver-expired" in run_cli(["lint"]).stdout
    monkeypatch.setenv("AUTHADVISOR_TODAY", "July 1st")
    bad = run_cli(["lint"])
    assert bad.exit_code == 2 and "AUTHADVISOR_TODAY" in bad.stderr


# -- configuration -----------------------------------------------------------------------------------

def test_pyproject_config_paths_exclude_fail_on_severity(here: Path) -> None:
    put(here, "pyproject.toml", """[project]
name = "x"

[tool.authadvisor]
paths = ["integrations"]
exclude = ["integrations/drafts/**", "*.skip.yaml"]
fail-on = "warning"

[tool.authadvisor.severity]
insecure-url = "warning"
method-mismatch = "off"
""")
    put(here, "integrations/a.yaml", FINDINGS)
    put(here, "integrations/drafts/b.yaml", FINDINGS)
    put(here, "integrations/c.skip.yaml", FINDINGS)
    put(here, "elsewhere/d.yaml", FINDINGS)
    result = run_cli(["lint", "--format", "json"])
    data = json.loads(result.stdout)
    assert {f["file"] for f in data["findings"]} == {"integrations/a.yaml"}
    checks = {f["check"]: f["severity"] for f in data["findings"]}
    assert checks == {"insecure-url": "warning", "unused-waiver": "info"}
    assert result.exit_code == 1  # fail-on warning from the file
    # the command line wins: PATHS, --fail-on
    assert run_cli(["lint", "--fail-on", "error"]).exit_code == 0
    other = json.loads(run_cli(["lint", "elsewhere", "--format", "json"]).stdout)
    assert {f["file"] for f in other["findings"]} == {"elsewhere/d.yaml"}


def test_config_is_found_from_a_subdirectory(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(here, ".authadvisor.yaml", "paths: [integrations]\nseverity: {unused-waiver: 'off'}\n")
    put(here, "integrations/a.yaml", FINDINGS)
    (here / "sub").mkdir()
    monkeypatch.chdir(here / "sub")
    data = json.loads(run_cli(["lint", "--format", "json"]).stdout)
    assert {f["file"] for f in data["findings"]} == {"../integrations/a.yaml"}
    assert "unused-waiver" not in {f["check"] for f in data["findings"]}


def test_yaml_config_wins_over_pyproject_in_the_same_folder(here: Path) -> None:
    put(here, "pyproject.toml", "[tool.authadvisor]\nfail-on = \"never\"\n")
    put(here, ".authadvisor.yaml", "fail-on: warning\n")
    put(here, "w.yaml", WARNING_ONLY)
    assert run_cli(["lint"]).exit_code == 1


def test_config_rules_directory_is_relative_to_the_file(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from authadvisor.api import builtin_rules_dir

    shutil.copytree(builtin_rules_dir(), here / "cfg" / "my-rules")
    checks = here / "cfg" / "my-rules" / "checks.yaml"
    text = checks.read_text()
    checks.write_text(text.replace("id: insecure-url\n    severity: error",
                                   "id: insecure-url\n    severity: info"))
    put(here, "cfg/.authadvisor.yaml", "rules: my-rules\n")
    put(here, "cfg/a.yaml", FINDINGS)
    monkeypatch.chdir(here / "cfg")
    data = json.loads(run_cli(["lint", "a.yaml", "--format", "json"]).stdout)
    assert {f["check"]: f["severity"] for f in data["findings"]}["insecure-url"] == "info"
    # --rules on the command line wins over the file
    data = json.loads(run_cli(["--rules", str(ROOT / "rules"), "lint", "a.yaml", "--format", "json"]).stdout)
    assert {f["check"]: f["severity"] for f in data["findings"]}["insecure-url"] == "error"
    put(here, "cfg/.authadvisor.yaml", "rules: no-such-dir\n")
    assert run_cli(["lint", "a.yaml"]).exit_code == 2


@pytest.mark.parametrize("text,where,words", [
    ("fail-on: sometimes\n", ".authadvisor.yaml:1:10",
     '"fail-on" must be one of: error, warning, info, never'),
    ("severity:\n  insecure-url: loud\n", ".authadvisor.yaml:2:17", '"severity.insecure-url" must be one of'),
    ("pathz: [a]\n", ".authadvisor.yaml:1:1", 'unknown setting "pathz" (did you mean "paths"?)'),
    ("- a\n", ".authadvisor.yaml:1:1", "must be a mapping"),
    ("severity: {insecure-ulr: 'off'}\n", ".authadvisor.yaml:1:", 'did you mean "insecure-url"'),
    ("paths: [a\n", ".authadvisor.yaml:2:1", "[yaml-syntax]"),
])
def test_broken_yaml_config_is_a_usage_error_with_a_position(here: Path, text: str, where: str,
                                                             words: str) -> None:
    put(here, ".authadvisor.yaml", text)
    result = run_cli(["lint"])
    assert result.exit_code == 2
    assert where in result.stderr and words in result.stderr, result.stderr


def test_broken_pyproject_config(here: Path) -> None:
    put(here, "pyproject.toml", "[tool.authadvisor]\npaths = [\"a\"]\nfail-on = 3\n")
    result = run_cli(["lint"])
    assert result.exit_code == 2
    assert "pyproject.toml:3:1: error:" in result.stderr and "[config]" in result.stderr
    put(here, "pyproject.toml", "[tool.authadvisor]\npaths = [\n")
    result = run_cli(["lint"])
    assert result.exit_code == 2 and "invalid TOML" in result.stderr
    put(here, "pyproject.toml", "[tool.authadvisor.severity]\nmetod-mismatch = \"off\"\n")
    result = run_cli(["lint"])
    assert result.exit_code == 2
    assert "pyproject.toml:2:1:" in result.stderr and "method-mismatch" in result.stderr


def test_pyproject_without_a_section_is_ignored(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(here, ".authadvisor.yaml", "fail-on: warning\n")
    put(here, "inner/pyproject.toml", "[project]\nname = 'x'\n[tool.ruff]\nline-length = 100\n")
    put(here, "inner/w.yaml", WARNING_ONLY)
    monkeypatch.chdir(here / "inner")
    assert run_cli(["lint"]).exit_code == 1  # the parent's .authadvisor.yaml applies


# -- checks and schema ------------------------------------------------------------------------------

def test_checks_command_lists_the_registry(here: Path) -> None:
    from authadvisor.api import load_rules

    ids = [c.id for c in load_rules().table.checks]
    text = run_cli(["checks"])
    assert text.exit_code == 0
    assert [line.split()[0] for line in text.stdout.splitlines() if not line.startswith(" ")] == ids
    data = json.loads(run_cli(["checks", "--format", "json"]).stdout)
    assert [c["id"] for c in data] == ids
    assert set(ids) == {"yaml-syntax", "schema", "method-mismatch", "shared-till-credentials",
                        "social-login-unsupported", "secret-in-manifest", "pkce-required", "insecure-url",
                        "waiver-expired", "unused-waiver"}
    by_id = {c["id"]: c for c in data}
    assert by_id["waiver-expired"]["severity"] == "warning" and by_id["unused-waiver"]["severity"] == "info"
    assert by_id["shared-till-credentials"]["kind"] == "data"
    assert by_id["method-mismatch"]["impl"] == "method_mismatch"
    put(here, ".authadvisor.yaml", "severity: {unused-waiver: 'off', insecure-url: warning}\n")
    by_id = {c["id"]: c for c in json.loads(run_cli(["checks", "--format", "json"]).stdout)}
    assert by_id["unused-waiver"]["severity"] == "off"
    assert by_id["insecure-url"]["severity"] == "warning"
    assert by_id["insecure-url"]["default_severity"] == "error"


def test_every_command_has_help_with_an_example() -> None:
    for command in ("lint", "checks", "schema"):
        result = run_cli([command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout


def test_every_command_uses_the_config_files_rules(here: Path) -> None:
    import shutil

    from authadvisor.api import builtin_rules_dir

    shutil.copytree(builtin_rules_dir(), here / "team-rules")
    rules = (here / "team-rules" / "rules.yaml").read_text()
    head = "id: pos-server-to-server\n    scenario: pos_server_to_server\n    method: "
    assert head + "oauth2_client_credentials" in rules
    (here / "team-rules" / "rules.yaml").write_text(rules.replace(head + "oauth2_client_credentials", head + "basic"))
    put(here, ".authadvisor.yaml", "rules: team-rules\n")
    put(here, "central.yaml", "authadvisor: 1\nname: c\nintegration: {caller: pos_central_server}\n")
    assert json.loads(run_cli(["recommend", "central.yaml", "--format", "json"]).stdout)["method"] == "basic"
    assert "team-rules" in run_cli(["explain", "central.yaml"]).stdout
    put(here, "central.yaml", "authadvisor: 1\nname: c\nintegration: {caller: pos_central_server}\n"
                              "auth: {method: basic}\n")
    assert run_cli(["lint", "central.yaml"]).exit_code == 0  # basic is what the team's table recommends
