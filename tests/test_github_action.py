"""The composite GitHub Action (action.yml at the repository root): valid against SchemaStore's
github-action schema (check-jsonschema's vendored copy), and its steps' commands run as the runner would
run them: inputs substituted into each step's `env`, `GITHUB_ACTION_PATH` at this checkout, bash."""

from __future__ import annotations

import json
import os
import re
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, need_tool
from tests.lintcorpus import CLEAN, FINDINGS

ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([a-z-]+)\s*\}\}")


def check_jsonschema() -> str:
    """check-jsonschema (a test dependency): beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / "check-jsonschema"
    return str(beside) if beside.exists() else need_tool("check-jsonschema")


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_action_is_valid_for_github() -> None:
    tool = check_jsonschema()
    proc = subprocess.run([tool, "--builtin-schema", "vendor.github-actions", str(ACTION)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_jsonschema_refuses_a_broken_action(tmp_path: Path) -> None:
    tool = check_jsonschema()
    data = action()
    del data["runs"]["steps"][1]["shell"]  # a composite `run` step must name its shell
    (tmp_path / "action.yml").write_text(yaml.safe_dump(data))
    proc = subprocess.run([tool, "--builtin-schema", "vendor.github-actions", str(tmp_path / "action.yml")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1


def test_inputs_and_composite_steps() -> None:
    data = action()
    assert set(data["inputs"]) >= {"paths", "format", "fail-on", "sarif-file"}
    assert data["runs"]["using"] == "composite"
    steps = data["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    for step in steps[1:]:
        assert step["shell"] == "bash"
        assert not EXPRESSION.search(step["run"]), "inputs go through env, never into the script"


@pytest.fixture(scope="module")
def runner_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (what setup-python gives) that sees this environment's dependencies, not its checkout."""
    venv = tmp_path_factory.mktemp("runner") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    target = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    Path(target, "test-deps.pth").write_text("\n".join(sorted(deps - {str(ROOT)})) + "\n")
    return venv / "bin"


def run_steps(bindir: Path, workspace: Path, inputs: dict, installed: bool = False
              ) -> list[subprocess.CompletedProcess]:
    """Every `run:` step of the action, in order, until one fails (as the runner does); `installed`
    skips the install step (already run into the same venv)."""
    data = action()
    values = {name: str(spec.get("default", "")) for name, spec in data["inputs"].items()}
    values.update(inputs)
    env_base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env_base.update({"PATH": f"{bindir}{os.pathsep}{env_base['PATH']}", "GITHUB_ACTION_PATH": str(ROOT),
                     "PIP_NO_BUILD_ISOLATION": "0", "PIP_NO_INDEX": "1",  # "0" = off (pip's quirk)
                     "AUTHADVISOR_TODAY": "2027-01-01"})
    done = []
    for step in data["runs"]["steps"]:
        if "run" not in step or (installed and "pip install" in step["run"]):
            continue  # `uses:` steps (setup-python): the venv above stands in for it
        env = {**env_base, **{k: EXPRESSION.sub(lambda m: values[m.group(1)], str(v))
                              for k, v in step.get("env", {}).items()}}
        done.append(subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=env,
                                   capture_output=True, text=True, timeout=600))
        if done[-1].returncode:
            print(step.get("name"), done[-1].returncode, done[-1].stdout, done[-1].stderr)
            break
    return done


@pytest.mark.slow
def test_action_steps_install_and_lint(runner_python: Path, tmp_path: Path) -> None:
    (tmp_path / "integrations").mkdir()
    (tmp_path / "integrations" / "a.yaml").write_text(CLEAN)
    (tmp_path / "integrations" / "b.yaml").write_text(FINDINGS)
    (tmp_path / "other.yaml").write_text(FINDINGS.replace("acme-central", "other"))
    install, lint = run_steps(runner_python, tmp_path, {"paths": "integrations\nother.yaml",
                                                        "sarif-file": "reports/authadvisor.sarif"})
    assert install.returncode == 0, install.stderr
    assert (runner_python / "authadvisor").exists()  # installed from the action's checkout into the venv
    assert lint.returncode == 1, lint.stderr  # the findings fail the step under fail-on: error
    annotations = lint.stdout.splitlines()
    assert annotations and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in annotations)
    assert {re.search(r"file=([^,]+)", line).group(1) for line in annotations} == {"integrations/b.yaml",
                                                                                     "other.yaml"}
    log = json.loads((tmp_path / "reports" / "authadvisor.sarif").read_text())
    assert len(log["runs"][0]["results"]) == len(annotations)
    (relaxed,) = run_steps(runner_python, tmp_path, {"paths": "integrations/a.yaml", "fail-on": "warning",
                                                     "format": "text"}, installed=True)
    assert relaxed.returncode == 0 and relaxed.stdout.strip() == "1 file checked: no problems"
