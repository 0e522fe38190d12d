"""Shared test helpers: one per layer (library, CLI in-process, CLI as a real process)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Optional, Union

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def run_cli(args: list[str], input: Optional[Union[str, bytes]] = None, env: Optional[dict] = None):
    """Run the click CLI in-process (fast). Returns click's Result: exit_code, stdout, stderr."""
    from authadvisor.cli import cli

    try:  # click < 8.2 mixes stderr into stdout unless asked not to (8.2 always separates them)
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, args, input=input, env=env, catch_exceptions=False)


def run_process(args: list[str], *, input: Optional[bytes] = None, cwd: Optional[Path] = None,
                env: Optional[dict] = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m authadvisor ARGS` as a real process, using this checkout's code."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "authadvisor", *args], input=input, capture_output=True,
                          cwd=cwd or ROOT, env=full_env, timeout=timeout)


def same_cold_warm_and_off(args: list[str]) -> None:
    """`args` give the same exit code, stdout and stderr cold, warm (the test's cache folder) and with
    caching off."""
    runs = [run_process(args) for _ in range(2)] + [run_process(args, env={"AUTHADVISOR_NO_CACHE": "1"})]
    first = runs[0]
    for done in runs:
        assert (done.returncode, done.stdout, done.stderr) == (first.returncode, first.stdout, first.stderr)


def same_despite_damage(args: list[str], path: Path, damages: dict, written: Callable[[Path], bool]) -> None:
    """Each damaged version of the cache file `path` leaves `args`' output as it was, and the run writes
    the file afresh (`written` says it is readable again)."""
    expected = run_process(args)
    for name, data in damages.items():
        path.write_bytes(data)
        done = run_process(args)
        assert (done.returncode, done.stdout, done.stderr) == \
            (expected.returncode, expected.stdout, expected.stderr), name
        assert written(path), f"{name}: the file was not written afresh"


NODE_BIN = ROOT / ".ci" / "node_modules" / ".bin"


def need_tool(name: str) -> str:
    """The path of an external tool; skipped locally when missing, but a failure in CI (.ci/run installs
    it). npm tools (.ci/package.json: redocly, spectral, sarif-multitool, yaml-language-server, newman) are
    looked up in .ci/node_modules/.bin first."""
    local = NODE_BIN / name
    path = str(local) if local.exists() else shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} not installed")
    return path


def need_node_module(relpath: str) -> Path:
    """A file inside an npm package of .ci/package.json (e.g. "axe-core/axe.min.js"); skipped locally when
    missing, a failure in CI."""
    path = ROOT / ".ci" / "node_modules" / relpath
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{relpath} is required in CI (.ci/run runs npm ci in .ci/)")
        pytest.skip(f"{relpath} not installed (cd .ci && npm ci)")
    return path


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", text) -> Path, in a fresh temporary directory."""

    def _write(name: str, text: Union[str, bytes]) -> Path:
        return put(tmp_path, name, text)

    return _write


def put(root: Path, name: str, text: Union[str, bytes]) -> Path:
    """Write `text` (str as UTF-8, or bytes) to root/name, creating folders; return the path."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache folder (rules tables, compiled templates) for this test, caching turned on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUTHADVISOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("AUTHADVISOR_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list:
    """The names of the templates Jinja2 compiles from source from now on (the template caches' tests)."""
    import jinja2

    seen: list = []
    real = jinja2.Environment.compile

    def spy(self, source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    return seen


@pytest.fixture(scope="module")
def server():
    """The stand-in Capillary (authadvisor.standin) on a free local port, one per test module; tests set
    its faults with server.reset(Config(...))."""
    from authadvisor.standin import StandIn

    with StandIn() as s:
        yield s


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium driven by selenium (tests/browserkit.py), one per test module."""
    from browserkit import make_driver

    driver = make_driver(tmp_path_factory)
    yield driver
    driver.quit()


@pytest.fixture
def fresh(browser):
    """The browser at its default viewport, before and after the test."""
    from browserkit import reset_viewport

    reset_viewport(browser)
    yield browser
    reset_viewport(browser)


@pytest.fixture
def table(tmp_path: Path):
    """A copy of the built-in rules table (with its golden cases) to break: edit(file, old, new) replaces
    text once and returns the file's path; edit.dir is the table's directory."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)

    def edit(name: str, old: str, new: str) -> Path:
        path = target / name
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))
        return path

    edit.dir = target  # type: ignore[attr-defined]
    return edit
