"""The long no-traceback fuzz run (issue 11): the fuzzer of tests/test_fuzz.py with a bigger budget.

    python benchmarks/fuzz_run.py                       # seed 11: 2,000 manifests, 300 answers files,
                                                        # 150 configuration files, 40 rules tables
    python benchmarks/fuzz_run.py --seed 5 --manifests 500 --tables 10

Every input goes through every entry point (lint in all five formats and with -o, recommend in text/json/
yaml and with --snippets, explain, snippets for every target, docs md and html, ask --answers, rules
check/test on mutated tables, lint and docs under a mutated configuration file). Prints the counts and
each distinct failure (a traceback, an exit code outside 0/1/2, a run over 2 s, a raw control character
where output must have none); exits 1 when there is one. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import fuzzkit  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--manifests", type=int, default=2000)
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--configs", type=int, default=150)
    parser.add_argument("--tables", type=int, default=40)
    opts = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        stats = fuzzkit.fuzz(Path(scratch), seed=opts.seed, manifests=opts.manifests, answers=opts.answers,
                             configs=opts.configs, tables=opts.tables,
                             progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(f"seed {opts.seed}: {stats.line()}; {time.perf_counter() - start:.0f} s in all")
    seen = set()
    for f in stats.failures:
        key = (f.entry, f.problem[-300:])
        if key in seen:
            continue
        seen.add(key)
        print(f"\n== {f.entry}: {' '.join(map(str, f.args))}\n{f.problem}\ninput: {f.source[:300]!r}")
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
