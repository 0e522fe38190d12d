"""The docs and start-up benchmark scripts still run (tiny inputs; the figures themselves are not asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_docs_benchmark_runs_on_a_small_corpus() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "docs_bench.py"), "--files", "30",
                             "--rounds", "1", "--no-check"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "corpus: 30 manifests -> 32 pages (md)" in result.stdout
    assert re.search(r"authadvisor docs, all cores: +median \d+\.\d+ s", result.stdout)
    assert re.search(r"authadvisor docs, one core: +median \d+\.\d+ s", result.stdout)
    assert re.search(r"floor, all cores \(\d+ workers, C loader\): +median", result.stdout)
    assert re.search(r"peak RSS: \d+ MB", result.stdout)


@pytest.mark.slow
def test_docs_benchmark_alternates_with_a_baseline_checkout() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "docs_bench.py"), "--files", "30",
                             "--rounds", "1", "--no-check", "--baseline", str(ROOT)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for label in ("all cores", "one core"):
        assert re.search(rf"baseline docs, {label}: median \d+\.\d+ s \(CPU \d+\.\d+\); this checkout "
                         r"\d+\.\d+x of it", result.stdout), result.stdout


@pytest.mark.slow
def test_core_benchmark_runs() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "core_bench.py"), "--runs", "1",
                             "--no-in-process", "--importtime"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for row in ("--version", "recommend ONE.yaml", "lint ONE.yaml", "snippets ONE.yaml --lang curl"):
        assert re.search(rf"authadvisor {re.escape(row)} *: +\d+\.\d+ ms +ratio +\d+\.\d+x", result.stdout), row
    assert "largest import costs" in result.stdout
