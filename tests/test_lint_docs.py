"""The README's "Linting in CI" section and the pre-commit hook: what they promise is what exists."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from authadvisor.api import builtin_rules_dir
from tests.conftest import ROOT, run_cli
from tests.lintcorpus import CLEAN

README = ROOT / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Linting in CI\n")
    end = text.find("\n## ", start + 1)
    return text[start: end if end != -1 else len(text)]


def blocks(lang: str) -> list[str]:
    return [t.content for t in MarkdownIt().parse(section()) if t.type == "fence" and t.info.strip() == lang]


def test_checks_table_matches_the_registry() -> None:
    from authadvisor.api import load_rules

    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning|info) \|", section(), re.M)
    assert rows == [(c.id, c.severity) for c in load_rules().table.checks]


def lint_commands() -> list[list[str]]:
    out = []
    for lang in ("console", "yaml"):
        for block in blocks(lang):
            for line in block.splitlines():
                m = re.search(r"authadvisor (lint[^#\n]*)", line)
                if m and "hooks" not in line:
                    out.append(shlex.split(m.group(1)))
    return out


def test_documented_lint_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "integrations").mkdir()
    (tmp_path / "integrations" / "a.yaml").write_text(CLEAN)
    (tmp_path / "acme.yaml").write_text(CLEAN)
    commands = lint_commands()
    assert len(commands) >= 5
    for args in commands:
        result = run_cli(args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)


def workflows() -> list[dict]:
    return [yaml.safe_load(b) for b in blocks("yaml") if "jobs:" in b]


def format_paths(command: str) -> dict[str, str]:
    """{format: path} of the `--format FORMAT:PATH` options of a documented command."""
    args = shlex.split(command)
    specs = [args[i + 1] for i, a in enumerate(args) if a == "--format"]
    return dict(spec.split(":", 1) for spec in specs if ":" in spec)


def test_github_action_example_uses_the_actions_inputs_and_uploads_its_sarif() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    workflow = workflows()[0]
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["lint"]["steps"]
    ours = next(s for s in steps if s.get("uses", "").startswith("authadvisor/authadvisor@"))
    assert set(ours["with"]) <= set(action["inputs"])
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == ours["with"]["sarif-file"]
    assert "!cancelled()" in upload["if"]


def test_github_plain_example_lints_once_and_uploads_the_sarif_it_writes() -> None:
    steps = workflows()[1]["jobs"]["lint"]["steps"]
    (lint,) = [s for s in steps if "authadvisor lint" in s.get("run", "")]
    paths = format_paths(lint["run"])
    assert "--format github" in lint["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == paths["sarif"] and "!cancelled()" in upload["if"]


def test_gitlab_example_reports_the_code_quality_and_junit_it_writes() -> None:
    config = next(yaml.safe_load(b) for b in blocks("yaml") if "artifacts:" in b)
    job = config["authadvisor-lint"]
    paths = format_paths(next(line for line in job["script"] if "authadvisor lint" in line))
    assert job["artifacts"]["reports"] == {"codequality": paths["gitlab"], "junit": paths["junit"]}
    assert job["artifacts"]["when"] == "always"


def test_jenkins_example_publishes_the_junit_it_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (groovy,) = blocks("groovy")
    command = re.search(r"sh '(authadvisor lint [^']+)'", groovy).group(1)
    published = re.search(r"junit '([^']+)'", groovy).group(1)
    assert format_paths(command)["junit"] == published
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(CLEAN)
    assert run_cli(shlex.split(command)[1:]).exit_code == 0 and (tmp_path / published).is_file()


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_check_has_a_section_at_its_help_anchor() -> None:
    from authadvisor.api import load_rules
    from authadvisor.version import check_doc_url

    headings = {github_slug(h): h for h in re.findall(r"^#{2,6} (.+)$", README.read_text(), re.M)}
    text = section()
    for check in load_rules().table.checks:
        anchor = check_doc_url(check.id).split("#", 1)[1]
        assert anchor == f"check-{check.id}" and anchor in headings, check.id
        body = text.split(f"#### Check `{check.id}`\n", 1)[1].split("\n#### ", 1)[0]
        assert body.strip().startswith(f"**{check.severity}**"), check.id
        tags = " ".join(re.search(r"tags: ([a-z,\s-]+?)\s*[.·]", body).group(1).split()).split(", ")
        assert tags == list(check.get("tags") or ()), check.id
        if check.get("security_severity") is not None:
            assert f"security-severity {check.security_severity}" in " ".join(body.split())


def test_documented_configuration_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from authadvisor.config import load_config

    (toml,) = blocks("toml")
    (tmp_path / "pyproject.toml").write_text(toml)
    config = load_config(tmp_path)
    assert config.fail_on == "warning"
    assert config.severity == {"unused-waiver": "off", "insecure-url": "warning"}
    assert config.rules == str(tmp_path / "rules-custom")
    shutil.copytree(builtin_rules_dir(), tmp_path / "rules-custom")
    (tmp_path / "integrations").mkdir()
    (tmp_path / "integrations" / "a.yaml").write_text(CLEAN)
    monkeypatch.chdir(tmp_path)
    assert run_cli(["lint"]).exit_code == 0


def test_documented_waivers_are_valid() -> None:
    from authadvisor.lint import lint_text

    manifest = ("authadvisor: 1\nname: acme\nintegration:\n  caller: pos_central_server\n"
                "auth:\n  method: basic\n")
    waiver = next(b for b in blocks("yaml") if b.startswith("waivers:"))
    report = lint_text(manifest + waiver)
    assert report.findings == () and report.summary.suppressed == 1
    inline = next(b for b in blocks("yaml") if "ignore[" in b)
    text = "authadvisor: 1\nname: acme\nintegration:\n  caller: pos_terminal\n" + inline
    report = lint_text(text)
    assert report.findings == () and report.summary.suppressed == 1


def test_precommit_hook_is_valid() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    (hook,) = hooks
    assert hook["id"] == "authadvisor-lint" and hook["language"] == "python"
    assert hook["entry"] == "authadvisor lint" and set(hook["types_or"]) == {"yaml", "json"}
    documented = next(yaml.safe_load(b) for b in blocks("yaml") if b.startswith("repos:"))
    assert documented["repos"][0]["hooks"][0]["id"] == hook["id"]


def test_documented_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = [b for b in blocks("python") if "authadvisor.lint" in b]
    (tmp_path / "integrations" / "drafts").mkdir(parents=True)
    (tmp_path / "integrations" / "a.yaml").write_text(CLEAN)
    (tmp_path / "integrations" / "drafts" / "b.yaml").write_text("authadvisor: 1\n")
    (tmp_path / "acme.yaml").write_text(CLEAN.replace("store_specific", "shared"))
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["report"].summary.to_dict()["files"] == 1 and namespace["report"].exit_code("warning") == 0
