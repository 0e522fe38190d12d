"""The pre-commit hook end to end: `pre-commit try-repo` installs this repository into its own
environment and runs the `authadvisor-lint` hook on a small repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, need_tool
from tests.lintcorpus import CLEAN

MISMATCH = "authadvisor: 1\nname: bad\nintegration: {caller: pos_central_server}\nauth: {method: basic}\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_precommit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    need_tool("git")
    tracked = git(ROOT, "ls-files").splitlines()
    if not any(name.startswith("templates/") for name in tracked):
        pytest.skip("the wheel force-includes templates/, which this checkout does not have yet")
    source = tmp_path / "authadvisor"
    for name in tracked:  # this checkout as a repository of its own
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "snapshot")
    project = tmp_path / "project"
    project.mkdir()
    (project / "ok.yaml").write_text(CLEAN)
    (project / "workflow.yml").write_text("on: push\njobs: {}\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "clean")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(source), "authadvisor-lint", "--all-files"]
    clean = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (project / "bad.yaml").write_text(MISMATCH)
    git(project, "add", "-A")
    failing = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert failing.returncode == 1
    assert "bad.yaml:4:16: error:" in failing.stdout and "[method-mismatch]" in failing.stdout
