"""Benchmark: peak memory of whole-process `authadvisor lint DIR --format sarif --output FILE` over a large
generated corpus (the manifests of benchmarks/lint_bench.py), beside `--format json` in the same run.

    python benchmarks/sarif_memory_bench.py                       # 100,000 manifests
    python benchmarks/sarif_memory_bench.py --files 5000 --keep /tmp/corpus --no-check

Prints each format's peak RSS (the largest process of the lint's process tree) and wall time, the SARIF
log's size and result count, and exits 1 when SARIF peaks above 150 MB (`--no-check` only reports).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 150

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lint_bench import generate  # noqa: E402  (the same realistic corpus)


def peak(cmd: list[str], env: dict) -> tuple[float, float, int]:
    """(peak RSS in MB of the process tree's largest process, wall seconds, exit code), measured in a
    fresh wrapper process so earlier runs do not count."""
    script = ("import json, resource, subprocess, sys, time\n"
              "t = time.perf_counter()\n"
              "rc = subprocess.run(sys.argv[1:]).returncode\n"
              "dt = time.perf_counter() - t\n"
              "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
              "print(json.dumps([rss, dt, rc]))\n")
    out = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, text=True, env=env)
    rss, seconds, rc = json.loads(out.stdout.strip().splitlines()[-1])
    if rc not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({rc}):\n{out.stderr[-2000:]}")
    return (rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024), seconds, rc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="generate the corpus here (reused when it has one)")
    parser.add_argument("--no-check", action="store_true", help="report only; never exit 1")
    args = parser.parse_args()

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="authadvisor-sarif-"))
    out_dir = Path(tempfile.mkdtemp(prefix="authadvisor-sarif-out-"))
    try:
        existing = sum(1 for _ in folder.rglob("integration-*")) if folder.exists() else 0
        if existing != args.files:
            if existing:
                raise SystemExit(f"{folder} holds {existing} manifests, not {args.files}")
            generate(folder, args.files)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "AUTHADVISOR_TODAY": "2027-01-01"}
        env.pop("AUTHADVISOR_JOBS", None)
        lint = [sys.executable, "-m", "authadvisor", "lint", str(folder), "--fail-on", "never"]
        figures = {}
        for fmt in ("json", "sarif"):
            target = out_dir / f"report.{fmt}"
            figures[fmt] = peak([*lint, "--format", fmt, "--output", str(target)], env)
        log = json.loads((out_dir / "report.sarif").read_text(encoding="utf-8"))
        results = len(log["runs"][0]["results"])
        size = (out_dir / "report.sarif").stat().st_size
        print(f"corpus: {args.files:,} manifests; cores: {os.cpu_count()}")
        for fmt, (mb, seconds, _rc) in figures.items():
            print(f"lint --format {fmt:<5}  peak RSS {mb:6.0f} MB  wall {seconds:6.1f} s")
        print(f"SARIF log: {size / 1e6:.1f} MB, {results:,} results; target: peak <= {TARGET_MB} MB")
        return 0 if figures["sarif"][0] <= TARGET_MB or args.no_check else 1
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
