"""Which files `lint` reads: manifests found under directories, files named explicitly, what is
skipped (hidden folders, node_modules, non-manifests, excluded globs), symlink loops."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from authadvisor.lint import lint_paths
from authadvisor.lint.discover import Excluder, discover
from authadvisor.manifest import files as loader
from tests.conftest import put, run_cli
from tests.lintcorpus import CLEAN, FINDINGS


def linted(*paths: str, **kw) -> list[str]:
    return list(lint_paths(list(paths), **kw).files)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    put(tmp_path, "a.yaml", CLEAN)
    put(tmp_path, "b.yml", CLEAN)
    put(tmp_path, "c.json", '{"authadvisor": 1, "name": "c", "integration": {"caller": "backend_service"}}')
    put(tmp_path, "deep/er/d.yaml", CLEAN)
    put(tmp_path, ".hidden/e.yaml", FINDINGS)
    put(tmp_path, ".git/f.yaml", FINDINGS)
    put(tmp_path, "node_modules/pkg/g.yaml", FINDINGS)
    put(tmp_path, "deep/node_modules/h.yaml", FINDINGS)
    put(tmp_path, "notes.txt", CLEAN)  # not a YAML/JSON suffix
    put(tmp_path, "workflow.yaml", "name: ci\non: push\njobs: {lint: {steps: [{run: authadvisor lint}]}}\n")
    put(tmp_path, "list.yaml", "- authadvisor: 1\n")
    put(tmp_path, "package.json", '{"name": "x", "scripts": {"lint": "authadvisor lint"}}')
    put(tmp_path, "helm.yaml", "image: {{ .Values.image }}\nkind: Deployment\n")  # broken, not a manifest
    return tmp_path


def test_directories_yield_only_manifests(tree: Path) -> None:
    assert linted() == ["a.yaml", "b.yml", "c.json", "deep/er/d.yaml"]
    assert linted(".") == ["a.yaml", "b.yml", "c.json", "deep/er/d.yaml"]
    assert linted("deep") == ["deep/er/d.yaml"]


def test_explicit_files_are_always_linted(tree: Path) -> None:
    report = lint_paths(["workflow.yaml", ".hidden/e.yaml", "node_modules/pkg/g.yaml", "list.yaml",
                         "notes.txt"])
    assert list(report.files) == [".hidden/e.yaml", "list.yaml", "node_modules/pkg/g.yaml", "notes.txt",
                                  "workflow.yaml"]
    checks = {(f.file, f.check) for f in report.findings}
    assert ("workflow.yaml", "schema") in checks and ("list.yaml", "yaml-syntax") in checks
    assert run_cli(["lint", ".hidden"]).exit_code == 1  # a hidden folder named explicitly is walked


def test_a_broken_file_that_looks_like_a_manifest_is_reported(tree: Path) -> None:
    put(tree, "sub/broken.yaml", "authadvisor: 1\nname: x\nintegration:\n  caller: [pos\n")
    put(tree, "sub/broken.json", '{"authadvisor": 1, "name": ')
    put(tree, "sub/latin1.yaml", "authadvisor: 1\nname: caf\xe9\n".encode("latin-1"))
    report = lint_paths(["sub"])
    assert list(report.files) == ["sub/broken.json", "sub/broken.yaml", "sub/latin1.yaml"]
    assert {f.check for f in report.findings} == {"yaml-syntax"}


def test_oversized_files(tree: Path) -> None:
    from authadvisor.manifest.rawfile import MAX_BYTES

    put(tree, "big/data.json", "[" + "1," * (MAX_BYTES // 2) + "1]")
    put(tree, "big/huge.yaml", "authadvisor: 1\ndescription: " + "x" * MAX_BYTES + "\n")
    report = lint_paths(["big"])
    assert list(report.files) == ["big/huge.yaml"]  # the data file has no authadvisor key: skipped
    assert [(f.check, f.line, f.column) for f in report.findings] == [("yaml-syntax", 1, 1)]
    assert "limit" in report.findings[0].message
    assert [f.check for f in lint_paths(["big/data.json"]).findings] == ["yaml-syntax"]  # explicit: reported


def test_escaped_authadvisor_key_is_still_found(tree: Path) -> None:
    put(tree, "esc/x.json",
        '{"\\u0061uthadvisor": 1, "name": "esc", "integration": {"caller": "backend_service"}}')
    assert linted("esc") == ["esc/x.json"]
    assert loader.candidate(b'{"\\u0061uthadvisor": 1}') and not loader.candidate(b"name: x\n")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loops_are_safe(tree: Path) -> None:
    os.symlink(tree / "deep", tree / "deep" / "er" / "loop")
    os.symlink(tree, tree / "deep" / "up")
    os.symlink(tree / "missing", tree / "dangling.yaml")
    assert linted() == ["a.yaml", "b.yml", "c.json", "deep/er/d.yaml"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_folders_are_followed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path, "real/x.yaml", CLEAN)
    os.symlink(tmp_path / "real", tmp_path / "link")
    monkeypatch.chdir(tmp_path)
    files = linted()
    assert len(files) == 1 and files[0] in ("link/x.yaml", "real/x.yaml")


def test_the_same_file_twice_is_linted_once(tree: Path) -> None:
    assert linted("a.yaml", ".", "./a.yaml").count("a.yaml") == 1


def test_missing_path_is_a_usage_error(tree: Path) -> None:
    result = run_cli(["lint", "a.yaml", "nope/"])
    assert result.exit_code == 2 and "path not found: nope/" in result.stderr


def test_unreadable_file_is_a_finding_not_a_crash(tree: Path) -> None:
    if os.geteuid() == 0:
        (tree / "dir.yaml").mkdir()  # root can read anything: a folder named like a file instead
        report = lint_paths(["dir.yaml", "a.yaml"])
        assert list(report.files) == ["a.yaml"]  # a folder is walked, and it is empty
        return
    path = put(tree, "secret.yaml", CLEAN)
    path.chmod(0)
    report = lint_paths(["secret.yaml", "a.yaml"])
    assert [(f.file, f.check) for f in report.findings] == [("secret.yaml", "yaml-syntax")]


@pytest.mark.parametrize("pattern,gone", [
    ("deep/**", "deep/er/d.yaml"),
    ("deep", "deep/er/d.yaml"),
    ("**/d.yaml", "deep/er/d.yaml"),
    ("*.yml", "b.yml"),
    ("c.json", "c.json"),
])
def test_exclude_globs(tree: Path, pattern: str, gone: str) -> None:
    everything = ["a.yaml", "b.yml", "c.json", "deep/er/d.yaml"]
    assert linted(exclude=[pattern]) == [f for f in everything if f != gone]
    assert linted(gone, exclude=[pattern]) == [gone]  # a file named explicitly is linted all the same


def test_excluder_is_relative_to_its_root(tmp_path: Path) -> None:
    ex = Excluder(["drafts/**"], str(tmp_path))
    assert ex(str(tmp_path / "drafts" / "a.yaml")) and not ex(str(tmp_path / "x" / "drafts2" / "a.yaml"))
    assert not Excluder([]) and not Excluder([" "])


def test_discovery_order_is_sorted_and_stable(tree: Path) -> None:
    names = [t.name for t in discover(["."])]
    assert names == sorted(names)


def test_one_bad_file_never_stops_the_others(tree: Path) -> None:
    put(tree, "z/1.yaml", "authadvisor: 1\n\tname: x\n")
    put(tree, "z/2.yaml", CLEAN)
    put(tree, "z/3.yaml", b"authadvisor: 1\nname: \xff\n")
    data = json.loads(run_cli(["lint", "z", "--format", "json"]).stdout)
    assert data["summary"]["files"] == 3
    assert [(f["file"], f["check"]) for f in data["findings"]] == [
        ("z/1.yaml", "yaml-syntax"), ("z/3.yaml", "yaml-syntax")]
