"""The SARIF memory benchmark script runs (a small corpus; the figures themselves are not asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_sarif_memory_benchmark_runs_on_a_small_corpus() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "sarif_memory_bench.py"), "--files", "300",
                             "--no-check"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert re.search(r"lint --format sarif +peak RSS +\d+ MB", result.stdout)
    assert re.search(r"SARIF log: [\d.]+ MB, \d+ results; target: peak <= 150 MB", result.stdout)
