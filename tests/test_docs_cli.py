"""`authadvisor docs`: writing, --check (changed, missing, extra pages), invalid manifests among valid ones,
name clashes, secrets, waivers and lint status on the pages, --timestamp, configuration, usage errors,
and the README's section."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli
from docskit import Page, md_html, visible
from lintcorpus import SECRETS, make_corpus

from authadvisor.docs import MARKER

TODAY = {"AUTHADVISOR_TODAY": "2026-01-01"}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with a copy of examples/ (paths on the pages are relative to it)."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def docs(*args: str, env: dict = TODAY):
    return run_cli(["docs", *args], env=env)


def test_write_then_check_passes(project: Path) -> None:
    first = docs("examples", "--out", "out")
    assert first.exit_code == 0, first.stderr
    assert "out: 13 pages (11 integrations, index, matrix) and mkdocs-nav.yml: 14 written" in first.stdout
    files = sorted(p.name for p in (project / "out").iterdir())
    assert "index.md" in files and "matrix.md" in files and "acme-pos-store-042.md" in files
    check = docs("examples", "--out", "out", "--check")
    assert check.exit_code == 0 and check.stdout == "out: up to date (13 pages)\n"
    again = docs("examples", "--out", "out")
    assert "0 written, 14 unchanged" in again.stdout


def test_rewrite_compares_bytes_and_never_waits_on_a_fifo(project: Path) -> None:
    assert docs("examples", "--out", "out").exit_code == 0
    out = project / "out"
    page, index, matrix = out / "acme-pos-store-042.md", out / "index.md", out / "matrix.md"
    good = page.read_bytes()
    page.write_bytes(good[:-1] + (b"." if good[-1:] != b"." else b","))  # same size, last byte changed
    index.write_bytes(index.read_bytes() + b"\n")  # one byte longer
    matrix.write_bytes(matrix.read_bytes()[:-1])  # one byte shorter
    fifo = out / "acme-loyalty-wrapper.md"
    fifo.unlink()
    os.mkfifo(fifo)  # a reader opening this would block until a writer came
    check = docs("examples", "--out", "out", "--check")  # nor does --check wait on it
    assert check.exit_code == 1 and check.stdout.count(": differs") == 4, check.stdout
    fixed = docs("examples", "--out", "out")
    assert fixed.exit_code == 0, fixed.stderr
    assert "4 written, 10 unchanged" in fixed.stdout
    assert page.read_bytes() == good and fifo.is_file() and not fifo.is_fifo()
    assert docs("examples", "--out", "out", "--check").exit_code == 0


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_check_detects_a_one_line_change_a_missing_and_an_extra_page(project: Path, fmt: str) -> None:
    assert docs("examples", "--out", "out", "--format", fmt).exit_code == 0
    out = project / "out"
    page = out / f"acme-shopify.{fmt}"
    lines = page.read_text().split("\n")
    where = next(i for i, line in enumerate(lines) if "Shopify" in line and i > 3)
    lines[where] = lines[where].replace("Shopify", "Shopfiy", 1)
    page.write_text("\n".join(lines))
    (out / f"index.{fmt}").unlink()
    shutil.copy(out / f"acme-member-app.{fmt}", out / f"acme-retired.{fmt}")  # a removed manifest's page
    (out / f"notes.{fmt}").write_text("hand-written, not generated\n")  # not ours: never reported or touched
    (out / "README.txt").write_text("x\n")
    check = docs("examples", "--out", "out", "--format", fmt, "--check")
    assert check.exit_code == 1
    assert check.stdout.splitlines() == [
        f"{Path('out', f'acme-retired.{fmt}')}: extra (a generated page no manifest produces any more)",
        f"{Path('out', f'acme-shopify.{fmt}')}: differs from a fresh render",
        f"{Path('out', f'index.{fmt}')}: missing",
    ]
    assert "3 file(s) in out differ from a fresh render" in check.stderr
    fix = docs("examples", "--out", "out", "--format", fmt)
    assert "2 written" in fix.stdout and "1 stale removed" in fix.stdout
    assert not (out / f"acme-retired.{fmt}").exists()
    assert (out / f"notes.{fmt}").read_text() == "hand-written, not generated\n" and (out / "README.txt").exists()
    assert docs("examples", "--out", "out", "--format", fmt, "--check").exit_code == 0


def test_check_of_a_missing_directory_lists_every_page(project: Path) -> None:
    check = docs("examples", "--out", "nowhere", "--check")
    assert check.exit_code == 1 and len(check.stdout.splitlines()) == 14  # 13 pages and the MkDocs nav
    assert not (project / "nowhere").exists()


def test_removed_manifest_page_is_reported_then_removed(project: Path) -> None:
    assert docs("examples", "--out", "out").exit_code == 0
    (project / "examples" / "shopify-connector.yaml").unlink()
    check = docs("examples", "--out", "out", "--check")
    assert check.exit_code == 1 and "acme-shopify.md: extra" in check.stdout
    assert "acme-shopify.md: differs" not in check.stdout and "index.md: differs" in check.stdout
    assert docs("examples", "--out", "out").exit_code == 0
    assert not (project / "out" / "acme-shopify.md").exists()


def test_invalid_manifests_get_a_page_and_do_not_stop_the_others(tmp_path: Path, monkeypatch) -> None:
    make_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path / "corpus")
    result = docs(".", "--out", "../out")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    names = sorted(p.name for p in out.iterdir())
    # broken.yaml does not parse and sub/dupe.yaml has a duplicate key: pages named after their paths
    assert names == ["acme-central.md", "acme-pos-store-042.md", "acme-secrets.md", "broken.md", "index.md",
                     "matrix.md", "mkdocs-nav.yml", "sub-dupe.md", "travelco.md"]
    assert "note: broken.yaml is not a valid manifest; its page lists the errors" in result.stderr
    broken = visible(md_html((out / "broken.md").read_text()))
    assert "This manifest is invalid" in broken and "Recommended method" not in broken
    assert "5:1 error yaml-syntax did not find expected" in broken
    secrets = visible(md_html((out / "acme-secrets.md").read_text()))
    assert "secret-in-manifest" in secrets and "Recommended method" not in secrets
    index = md_html((out / "index.md").read_text())
    invalid = index.split("Invalid manifests")[1]
    for page in ("broken.md", "sub-dupe.md", "acme-secrets.md"):
        assert f'href="{page}"' in invalid
    central = visible(md_html((out / "acme-central.md").read_text()))
    assert "Recommended: OAuth2 client credentials" in central
    assert re.search(r"\d+:\d+ error method-mismatch", central)
    assert "1 error" in visible(index)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_secret_reaches_any_page(tmp_path: Path, monkeypatch, fmt: str) -> None:
    make_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path / "corpus")
    assert docs(".", "--out", "../out", "--format", fmt).exit_code == 0
    text = "".join(p.read_text() for p in (tmp_path / "out").iterdir())
    for kind, value in SECRETS.items():
        assert value not in text, kind


def test_a_name_that_looks_like_a_credential_never_names_a_page(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Till 01.yaml").write_text(f"authadvisor: 1\nname: {SECRETS['md5']}\n"
                                           "integration: {caller: backend_service}\n")
    result = docs(".", "--out", "out")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["index.md", "matrix.md", "mkdocs-nav.yml",
                                                                        "till-01.md"]
    assert SECRETS["md5"] not in "".join(p.read_text() for p in (tmp_path / "out").iterdir())


def test_two_manifests_with_one_name_is_an_error_naming_both(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text((EXAMPLES / "pos-terminal.yaml").read_text())
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c.yaml").write_text((EXAMPLES / "pos-terminal.yaml").read_text())
    result = docs(".", "--out", "out")
    assert result.exit_code == 1
    line = next(n for n, t in enumerate((EXAMPLES / "pos-terminal.yaml").read_text().splitlines(), 1)
                if t.startswith("name:"))
    assert result.stderr.splitlines() == [
        f'a.yaml:{line}:7: error: integration name "acme-pos-store-042" is also used by '
        f"{Path('b/c.yaml')}:{line}:7; names must be unique (each one names a page) [duplicate-name]",
        f'{Path("b/c.yaml")}:{line}:7: error: integration name "acme-pos-store-042" is also used by '
        f"a.yaml:{line}:7; names must be unique (each one names a page) [duplicate-name]",
    ]
    assert not (tmp_path / "out").exists()


def test_a_manifest_named_like_a_docs_page_is_an_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.yaml").write_text("authadvisor: 1\nname: index\nintegration: {caller: backend_service}\n")
    result = docs("x.yaml", "--out", "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("x.yaml:2:7: error: integration name \"index\" is the file name of the docs'")
    assert result.stderr.rstrip().endswith("[reserved-name]")


WAIVED = """authadvisor: 1
name: acme-migrating
description: Moving to OAuth | *soon*
integration:
  caller: pos_terminal
  credentials: store_specific
auth:
  method: oauth2_client_credentials
waivers:
  - check: method-mismatch
    reason: "Migration ticket OPS-12: the | pipe and *stars* stay text"
    expires: 2026-06-30
"""


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_waivers_and_lint_status_follow_today(tmp_path: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.yaml").write_text(WAIVED)

    def page(today: str) -> str:
        assert docs("m.yaml", "--out", today, "--format", fmt, env={"AUTHADVISOR_TODAY": today}).exit_code == 0
        text = (tmp_path / today / f"acme-migrating.{fmt}").read_text()
        return visible(md_html(text)) if fmt == "md" else Page(text).text

    active = page("2026-01-01")
    assert "clean; 1 finding waived (by the waivers below" in active
    assert "method-mismatch Migration ticket OPS-12: the | pipe and *stars* stay text 2026-06-30 active" in active
    assert "the manifest declares oauth2_client_credentials (auth.method), not the recommended method" in active
    expired = page("2026-07-01")
    assert "1 error, 1 warning." in expired
    assert re.search(r"12:14 warning waiver-expired the waiver for method-mismatch expired on 2026-06-30", expired)
    assert re.search(r"8:11 error method-mismatch", expired)
    assert "2026-06-30 expired" in expired


def test_timestamp_line_and_check_ignoring_its_time(project: Path) -> None:
    stamped = docs("examples", "--out", "out", "--timestamp", env={**TODAY, "SOURCE_DATE_EPOCH": "0"})
    assert stamped.exit_code == 0
    text = (project / "out" / "index.md").read_text()
    assert text.rstrip("\n").endswith("Generated by authadvisor docs at `1970-01-01T00:00:00Z`.")
    assert text.startswith(f"<!-- {MARKER} -->\n")
    later = {**TODAY, "SOURCE_DATE_EPOCH": "1800000000"}
    assert docs("examples", "--out", "out", "--timestamp", "--check", env=later).exit_code == 0
    plain = docs("examples", "--out", "out", "--check")
    assert plain.exit_code == 1 and len(plain.stdout.splitlines()) == 13
    html = docs("examples", "--out", "site", "--format", "html", "--timestamp", env={**TODAY, "SOURCE_DATE_EPOCH": "0"})
    assert html.exit_code == 0
    assert ('<p class="stamp">Generated by authadvisor docs at <time datetime="1970-01-01T00:00:00Z">'
            "1970-01-01T00:00:00Z</time>.</p>") in (project / "site" / "matrix.html").read_text()
    bad = docs("examples", "--out", "out", "--timestamp", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.exit_code == 2 and "SOURCE_DATE_EPOCH" in bad.stderr


def test_paths_default_to_the_configuration(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "integrations").mkdir()
    shutil.copy(EXAMPLES / "partner-app.yaml", tmp_path / "integrations" / "partner.yaml")
    shutil.copy(EXAMPLES / "pos-terminal.yaml", tmp_path / "integrations" / "pos.yaml")
    (tmp_path / "pyproject.toml").write_text('[tool.authadvisor]\npaths = ["integrations"]\n'
                                            'exclude = ["integrations/pos.yaml"]\n')
    monkeypatch.chdir(tmp_path)
    result = docs("--out", "docs")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["index.md", "matrix.md", "mkdocs-nav.yml",
                                                                     "travelco-partner-app.md"]
    assert "`integrations/partner.yaml`" in (tmp_path / "docs" / "travelco-partner-app.md").read_text()


@pytest.mark.parametrize("args,message", [
    (["examples"], "Missing option '--out'"),
    (["examples", "--out", "o", "--format", "pdf"], "'pdf' is not one of"),
    (["missing-dir", "--out", "o"], "path not found: missing-dir"),
    (["empty", "--out", "o"], "no manifests found in empty"),
    (["--out", "o"], "give the manifests: FILES_OR_DIRS"),
    (["examples", "--out", "afile"], "--out afile is a file, not a directory"),
])
def test_usage_errors(project: Path, args: list, message: str) -> None:
    (project / "empty").mkdir()
    (project / "empty" / "other.yaml").write_text("name: not a manifest\n")
    (project / "afile").write_text("x")
    result = docs(*args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr


def test_help_ends_with_examples() -> None:
    result = run_cli(["docs", "--help"])
    assert result.exit_code == 0
    assert "Examples:\n    authadvisor docs examples --out docs/integrations" in result.stdout
    assert "--check" in result.stdout and "--timestamp" in result.stdout


def _readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Onboarding docs\n")
    return text[start: text.index("\n## ", start + 1)]


def test_readme_section_commands_run(project: Path) -> None:
    from markdown_it import MarkdownIt

    (project / "integrations").mkdir()
    shutil.copy(EXAMPLES / "backend-service.yaml", project / "integrations" / "backend.yaml")
    commands = []
    for token in MarkdownIt().parse(_readme_section()):
        if token.type == "fence" and token.info.strip() in ("sh", "console"):
            for line in token.content.splitlines():
                m = re.match(r"^(?:\$ )?authadvisor (docs [^#\n]*)", line)
                if m:
                    commands.append(shlex.split(m.group(1)))
    assert len(commands) >= 3
    for args in sorted(commands, key=lambda a: "--check" in a):  # write first, then check
        result = run_cli(args, env=TODAY)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)


def test_readme_is_placed_before_development() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index("\n## Onboarding docs\n") < text.index("\n## Development\n")
    commands = text[text.index("\n## Commands\n"):text.index("\n## Config snippets\n")]
    assert "authadvisor docs" in commands


def test_readme_library_example_runs(project: Path) -> None:
    from markdown_it import MarkdownIt

    [code] = [t.content for t in MarkdownIt().parse(_readme_section()) if t.type == "fence" and t.info == "python"]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert (project / "site" / "index.html").is_file()
    assert namespace["check_docs"](namespace["docs"], "site") == []


def test_the_pages_follow_the_rules_table(project: Path, table) -> None:
    table("scenarios.yaml", "title: POS client-to-server integration", "title: POS terminal straight to Capillary")
    table("methods.yaml", "Can be used for POS integrations", "May be used for POS integrations")
    result = run_cli(["--rules", str(table.dir), "docs", "examples", "--out", "out"], env=TODAY)
    assert result.exit_code == 0, result.stderr
    matrix = visible(md_html((project / "out" / "matrix.md").read_text()))
    assert "POS terminal straight to Capillary" in matrix and "May be used for POS integrations" in matrix
    assert "Can be used for POS" not in matrix
    page = visible(md_html((project / "out" / "acme-pos-store-042.md").read_text()))
    assert "for a POS terminal straight to Capillary" in page and "scenario pos_client_to_server" in page


def test_index_shows_waived_findings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.yaml").write_text(WAIVED)
    assert docs("m.yaml", "--out", "out").exit_code == 0
    assert "clean (1 waived)" in visible(md_html((tmp_path / "out" / "index.md").read_text()))
