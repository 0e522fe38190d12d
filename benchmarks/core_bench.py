"""Core performance figures for issue #2, each against a baseline measured in the same run.

    python benchmarks/core_bench.py [--runs N]

1. recommend() on an already-loaded manifest vs a plain dict lookup over the same data (in-process,
   timeit, median of repeats). Target: within 5x.
2. `authadvisor --version` vs `python -c pass`, and `authadvisor recommend ONE.yaml` vs the same
   baseline: whole processes, runs alternated so machine noise hits both alike, medians.
   Targets: within 3x and within 12x.
Not a test: machines are noisy. Run it on a quiet machine and quote the medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "pos-terminal.yaml"


def in_process(repeats: int = 15, number: int = 200_000) -> tuple[float, float]:
    from authadvisor import load_manifest, load_rules, recommend

    rules = load_rules()
    manifest = load_manifest(EXAMPLE)
    data = manifest.model_dump()
    # the same data as a plain dict: caller -> method, straight from the rules table
    table = {}
    for rule in rules.table.rules:
        for caller in rule.when.get("in", [rule.when.get("equals")]):
            table[caller] = rule.method
    assert recommend(manifest).method == table[data["integration"]["caller"]]
    rec = min  # noqa: F841 (keep names short in the timed lambdas)
    ours = timeit.repeat(lambda: recommend(manifest), number=number, repeat=repeats)
    base = timeit.repeat(lambda: table[data["integration"]["caller"]], number=number, repeat=repeats)
    return statistics.median(ours) / number * 1e9, statistics.median(base) / number * 1e9


def processes(runs: int) -> dict[str, float]:
    exe = shutil.which("authadvisor", path=str(Path(sys.executable).parent)) or ""
    cli = [exe] if exe else [sys.executable, "-m", "authadvisor"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "authadvisor --version": [*cli, "--version"],
        "authadvisor recommend ONE.yaml": [*cli, "recommend", str(EXAMPLE)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for _ in range(runs):
        for name, cmd in commands.items():  # alternate, so noise hits every command alike
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    ours, base = in_process()
    print(f"recommend() on a loaded manifest: {ours:7.1f} ns   dict lookup: {base:6.1f} ns   "
          f"ratio {ours / base:4.2f}x (target <= 5x)")
    medians = processes(args.runs)
    floor = medians["python -c pass"]
    print(f"python -c pass                  : {floor:7.1f} ms")
    for name, target in (("authadvisor --version", 3), ("authadvisor recommend ONE.yaml", 12)):
        print(f"{name:32}: {medians[name]:7.1f} ms   ratio {medians[name] / floor:5.2f}x (target <= {target}x)")


if __name__ == "__main__":
    main()
