"""The README's "Try it offline" section runs as written, on this machine, against the stand-in: every
command exits 0 and verify says verified (the issue's offline demo of the whole loop)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, need_tool


def offline_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Try it offline", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


def test_the_section_has_the_whole_loop() -> None:
    blocks = offline_blocks()
    assert len(blocks) == 2
    loop = blocks[0]
    for step in ("authadvisor stand-in", "authadvisor recommend", "authadvisor snippets", "auth/auth.py",
                 "authadvisor verify"):
        assert step in loop, step


@pytest.mark.slow
@pytest.mark.parametrize("index", [0, 1])
def test_the_offline_demo_runs_as_written(tmp_path: Path, index: int) -> None:
    need_tool("node")
    need_tool("curl")
    script = offline_blocks()[index]
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shim = bindir / "authadvisor"  # the installed command, from this checkout
    shim.write_text(f"#!/bin/sh\nexec {sys.executable} -m authadvisor \"$@\"\n")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT),
           "NO_COLOR": "1"}
    env = {k: v for k, v in env.items() if not k.startswith("CAPILLARY_")}
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.count("verified: the credentials work for this method") == (3 if index == 0 else 1)
    if index == 1:
        assert "re-minting once" in run.stdout
