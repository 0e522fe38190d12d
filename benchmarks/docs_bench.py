"""Benchmark: whole-process `authadvisor docs DIR --out OUT` on generated manifests, with baselines
measured in the same run.

    python benchmarks/docs_bench.py                    # 1,000 manifests, 5 alternating rounds
    python benchmarks/docs_bench.py --files 2000 --rounds 3 --src /tmp/base

Each round runs `python -c pass`, the C-loader parse floor of the same files (benchmarks/lint_bench.py's,
one core) and `docs` into a fresh output directory, one after another so machine noise hits them
alike; medians are reported with `docs`' peak RSS. Targets (1,000 manifests): <= 2.0 s and <= 80 MB;
exit 1 when one is missed (`--no-check` only reports). `--src DIR` measures another checkout's code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from lint_bench import BASELINE, CPU, cpu_median, generate, timed

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--format", dest="fmt", choices=("md", "html"), default="md")
    parser.add_argument("--src", metavar="DIR", help="measure the authadvisor package in DIR instead")
    parser.add_argument("--no-check", action="store_true", help="report only; never exit 1")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="authadvisor-docs-bench-"))
    try:
        corpus = work / "manifests"
        generate(corpus, args.files)
        env = {**os.environ, "PYTHONPATH": os.path.abspath(args.src or ROOT), "AUTHADVISOR_TODAY": "2027-01-01",
               "AUTHADVISOR_CACHE_DIR": str(work / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("AUTHADVISOR_JOBS", None)
        floor = [sys.executable, "-c", BASELINE, str(corpus), "1"]
        start = [sys.executable, "-c", "pass"]

        def docs(n: int) -> list[str]:
            out = work / f"out-{n}"
            shutil.rmtree(out, ignore_errors=True)
            return [sys.executable, "-m", "authadvisor", "docs", str(corpus), "--out", str(out), "--format", args.fmt]

        timed(floor, env), timed(docs(0), env)  # warm the page cache, the bytecode and the rules cache
        t_start, t_floor, t_docs, peaks, docs_cpu = [], [], [], [], []
        for n in range(args.rounds):
            t_start.append(timed(start, env)[0])
            t_floor.append(timed(floor, env)[0])
            cmd = docs(n + 1)
            seconds, rss, _out = timed(cmd, env)
            t_docs.append(seconds)
            docs_cpu.append(CPU[tuple(cmd)][-1])
            peaks.append(rss)
        pages = len([p for p in (work / f"out-{args.rounds}").iterdir() if p.suffix in (".md", ".html")])
        m, peak = statistics.median(t_docs), max(peaks) / 1024 if sys.platform != "darwin" else max(peaks) / 2 ** 20
        print(f"corpus: {args.files:,} manifests -> {pages:,} pages ({args.fmt}); load average: "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"python -c pass:                     median {statistics.median(t_start):.3f} s")
        print(f"floor (C loader parse, one core):   median {statistics.median(t_floor):.3f} s")
        print(f"authadvisor docs:                   median {m:.3f} s  runs "
              + " ".join(f"{t:.2f}" for t in t_docs) + " (target <= 2.0)")
        print(f"peak RSS: {peak:.0f} MB (target <= 80)")
        print(f"CPU seconds (medians): floor {cpu_median(floor):.2f}, docs {statistics.median(docs_cpu):.2f}")
        return 0 if (m <= 2.0 and peak <= 80) or args.no_check else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
