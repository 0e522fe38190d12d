"""Benchmark: whole-process `authadvisor docs DIR --out OUT` on generated manifests, with baselines
measured in the same run.

    python benchmarks/docs_bench.py                    # 1,000 manifests, 5 alternating rounds
    python benchmarks/docs_bench.py --files 2000 --rounds 3 --src /tmp/base

`docs` renders its pages on every core, as lint does (forked workers, from 200 pages on), so each round
runs, one after another so machine noise hits them alike: `python -c pass`, the C-loader parse floor of
the same files (benchmarks/lint_bench.py's) on as many workers as `docs` uses and on one core, `docs`
on every core and `docs` on one (AUTHADVISOR_JOBS=1), each into a fresh output directory. Medians
are reported (wall and CPU seconds) with `docs`' peak RSS (the largest process). Targets (1,000
manifests): `docs` on every core <= 2.0 s and <= 80 MB; exit 1 when one is missed (`--no-check` only
reports). `--src DIR` measures another checkout's code; `--baseline DIR` also runs that checkout's `docs`
(every core and one) in each round, alternated with this one's, for a before/after from one run:
`git archive fd5ad23 | tar -x -C /tmp/basefd5`, then `--baseline /tmp/basefd5`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from lint_bench import BASELINE, CPU, cpu_median, generate, lint_jobs, timed

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--format", dest="fmt", choices=("md", "html"), default="md")
    parser.add_argument("--src", metavar="DIR", help="measure the authadvisor package in DIR instead")
    parser.add_argument("--baseline", metavar="DIR", help="also measure the checkout in DIR, alternated")
    parser.add_argument("--no-check", action="store_true", help="report only; never exit 1")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="authadvisor-docs-bench-"))
    here, src = os.getcwd(), os.path.abspath(args.src or ROOT)
    os.chdir(work)  # `python -m` puts the working directory first on sys.path: never a checkout's package
    try:
        corpus = work / "manifests"
        generate(corpus, args.files)
        env = {**os.environ, "PYTHONPATH": src, "AUTHADVISOR_TODAY": "2027-01-01",
               "AUTHADVISOR_CACHE_DIR": str(work / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("AUTHADVISOR_JOBS", None)
        jobs = lint_jobs(args.files + 2)  # docs forks as lint does, for its pages (and index, matrix)
        floor_all = [sys.executable, "-c", BASELINE, str(corpus), str(jobs)]
        floor_one = [sys.executable, "-c", BASELINE, str(corpus), "1"]
        start = [sys.executable, "-c", "pass"]
        one_core = {**env, "AUTHADVISOR_JOBS": "1"}

        def docs(n: int, tag: str) -> list[str]:
            out = work / f"out-{tag}-{n}"
            shutil.rmtree(out, ignore_errors=True)
            return [sys.executable, "-m", "authadvisor", "docs", str(corpus), "--out", str(out), "--format", args.fmt]

        runs = [("all", env), ("one", one_core)]
        if args.baseline:
            base = {**env, "PYTHONPATH": os.path.abspath(args.baseline)}
            runs += [("base-all", base), ("base-one", {**base, "AUTHADVISOR_JOBS": "1"})]
        # warm the page cache, the bytecode and the rules cache (and the template caches of each checkout)
        timed(floor_all, env), timed(floor_one, env)
        for tag, environ in runs[::2]:
            timed(docs(0, tag), environ)
        t_start, t_all, t_one, peaks = [], [], [], []
        walls: dict[str, list[float]] = {tag: [] for tag, _ in runs}
        cpus: dict[str, list[float]] = {tag: [] for tag, _ in runs}
        for n in range(args.rounds):
            t_start.append(timed(start, env)[0])
            t_all.append(timed(floor_all, env)[0])
            t_one.append(timed(floor_one, env)[0])
            for tag, environ in runs:
                cmd = docs(n + 1, tag)
                seconds, rss, _out = timed(cmd, environ)
                walls[tag].append(seconds)
                cpus[tag].append(CPU[tuple(cmd)][-1])
                if tag == "all":
                    peaks.append(rss)
        t_docs, t_docs1, cpu_docs, cpu_docs1 = walls["all"], walls["one"], cpus["all"], cpus["one"]
        pages = len([p for p in (work / f"out-all-{args.rounds}").iterdir() if p.suffix in (".md", ".html")])
        m, m1 = statistics.median(t_docs), statistics.median(t_docs1)
        a, o = statistics.median(t_all), statistics.median(t_one)
        peak = max(peaks) / 1024 if sys.platform != "darwin" else max(peaks) / 2 ** 20
        print(f"corpus: {args.files:,} manifests -> {pages:,} pages ({args.fmt}); cores: {os.cpu_count()}; "
              f"docs workers: {jobs}; load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"python -c pass:                       median {statistics.median(t_start):.3f} s")
        print(f"floor, all cores ({jobs} workers, C loader): median {a:.3f} s")
        print(f"floor, one core (C loader):           median {o:.3f} s")
        print(f"authadvisor docs, all cores:          median {m:.3f} s  runs "
              + " ".join(f"{t:.2f}" for t in t_docs) + f" (target <= 2.0); {m / a:.1f}x the all-core floor")
        print(f"authadvisor docs, one core:           median {m1:.3f} s  runs "
              + " ".join(f"{t:.2f}" for t in t_docs1) + f"; {m1 / o:.1f}x the one-core floor")
        print(f"peak RSS: {peak:.0f} MB (target <= 80)")
        print(f"CPU seconds (medians): floor all cores {cpu_median(floor_all):.2f}, one core "
              f"{cpu_median(floor_one):.2f}; docs all cores {statistics.median(cpu_docs):.2f}, one core "
              f"{statistics.median(cpu_docs1):.2f}")
        if args.baseline:
            for tag, label in (("all", "all cores"), ("one", "one core")):
                b, ours = statistics.median(walls[f"base-{tag}"]), statistics.median(walls[tag])
                print(f"baseline docs, {label}: median {b:.3f} s (CPU {statistics.median(cpus[f'base-{tag}']):.2f});"
                      f" this checkout {ours / b:.2f}x of it")
        return 0 if (m <= 2.0 and peak <= 80) or args.no_check else 1
    finally:
        os.chdir(here)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
