"""The lint benchmark script still runs (a small corpus; the figures themselves are not asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_benchmark_script_runs_on_a_small_corpus() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "lint_bench.py"), "--files", "300",
                             "--rounds", "1", "--no-check"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert re.search(r"lint summary: \{'files': 300, 'findings': \d+", result.stdout)
    assert re.search(r"ratio: \d+\.\d+x the all-core floor .*, \d+\.\d+x the one-core floor", result.stdout)
    assert re.search(r"peak RSS: text \d+ MB, json \d+ MB, sarif \d+ MB, junit \d+ MB, github \d+ MB", result.stdout)


@pytest.mark.slow
def test_benchmark_alternates_with_a_baseline_checkout(tmp_path) -> None:
    """--baseline lints with another checkout in each round, from a folder that holds no package (so
    `python -m` imports the checkout PYTHONPATH names, not the working directory's)."""
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "lint_bench.py"), "--files", "200",
                             "--rounds", "1", "--no-check", "--formats", "json", "--baseline", str(ROOT)],
                            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"baseline lint \({re.escape(str(ROOT))}\): median \d+\.\d+ s \(CPU \d+\.\d+\) runs [\d.]+; "
                     r"this checkout \d+\.\d+x of it \(CPU \d+\.\d+x\)", result.stdout), result.stdout


def test_generated_manifests_are_mostly_clean(tmp_path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import lint_bench
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from authadvisor.lint import lint_paths

    lint_bench.generate(tmp_path, 200)
    report = lint_paths([str(tmp_path)])
    assert report.summary.files == 200
    assert 0 < len({f.file for f in report.findings}) < 20  # a realistic mix: a few with findings
