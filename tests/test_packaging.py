"""A non-editable install (the built wheel, in a fresh venv) works from any directory: rules/,
templates/ and the schemas ship inside the wheel."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    [built] = out.glob("authadvisor-*.whl")
    return built


def test_wheel_contains_rules_templates_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "rules").glob("*.yaml"):
        assert f"authadvisor/_data/rules/{path.name}" in names
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            assert f"authadvisor/_data/templates/{path.relative_to(ROOT / 'templates').as_posix()}" in names
    assert "authadvisor/manifest/schemas/manifest-v1.schema.json" in names
    assert "authadvisor/py.typed" in names


def test_fresh_non_editable_install_runs_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    # dependencies (click, pydantic, ...) come from this test environment, without its editable checkout
    target = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    Path(target, "test-deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTHADVISOR_RULES")}
    where = subprocess.run([str(py), "-c", "import authadvisor.resources as r; print(r.rules_dir())"],
                           cwd=elsewhere, env=env, check=True, capture_output=True, text=True).stdout
    assert str(venv) in where and str(ROOT) not in where
    proc = subprocess.run([str(bindir / "authadvisor"), "recommend", "--format", "json",
                           str(EXAMPLES / "partner-app.yaml")], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["method"] == "oauth2_authorization_code"
    snippet = subprocess.run([str(bindir / "authadvisor"), "snippets", "--lang", "curl",
                              str(EXAMPLES / "pos-terminal.yaml")], cwd=elsewhere, env=env, capture_output=True,
                             text=True)
    assert snippet.returncode == 0 and snippet.stdout.startswith("#!/usr/bin/env bash\n"), snippet.stderr
    docs = subprocess.run([str(bindir / "authadvisor"), "docs", str(EXAMPLES), "--out", str(tmp_path / "site"),
                           "--format", "html"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert docs.returncode == 0 and (tmp_path / "site" / "matrix.html").is_file(), docs.stderr
    version = subprocess.run([str(bindir / "authadvisor"), "--version"], cwd=elsewhere, env=env,
                             capture_output=True, text=True)
    assert version.stdout.startswith("authadvisor ")
