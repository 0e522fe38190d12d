"""Benchmark: whole-process `authadvisor lint DIR` against the floor of merely parsing the same files with
PyYAML's C loader and looking up one key, measured in the same run.

    python benchmarks/lint_bench.py                  # 10,000 manifests, 5 alternating rounds
    python benchmarks/lint_bench.py --files 100000 --rounds 3
    python benchmarks/lint_bench.py --files 2000 --rounds 3 --keep /tmp/corpus --formats json,sarif

Two floors: the all-core floor spreads the parsing over as many forked workers as lint uses (the fair
comparison: lint uses every core), the single-core floor parses in one process (kept beside it for
comparison with tools that use one core). Each round runs floor (all cores), floor (one core) and
`lint --format json` one after another, so machine noise hits them alike; medians are reported. Then
`lint` runs once in every format for its peak RSS (the largest process of the run, as getrusage
reports it: the parent, which holds the report). `--baseline DIR` also lints with the checkout in DIR
in each round, right after this one's, for a before/after from one run (`git archive 3f5186a | tar -x -C
/tmp/base`, then `--baseline /tmp/base`). Targets: lint <= 1.3x the all-core floor, peak RSS
<= 100 MB at 10,000 files and <= 150 MB above; exit 1 when one is missed (`--no-check` only reports).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")

# The floor: read every *.yaml/*.yml/*.json under DIR, parse it with the C loader, do a dict lookup; with
# JOBS > 1 the files are parsed by that many forked workers in chunks, as lint does.
BASELINE = r"""
import os, sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
jobs = int(sys.argv[2])
paths = [os.path.join(folder, name) for folder, dirs, files in os.walk(sys.argv[1]) for name in files
         if name.endswith((".yaml", ".yml", ".json"))]

def parse(chunk):
    found = 0
    for path in chunk:
        with open(path, "rb") as fh:
            data = yaml.load(fh.read(), Loader=loader)
        if isinstance(data, dict) and "authadvisor" in data:
            found += 1
    return found

if jobs <= 1:
    print(parse(paths))
else:
    import multiprocessing
    size = max(16, min(256, len(paths) // (jobs * 8) or 1))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        print(sum(pool.imap(parse, chunks)))
"""

CLEAN = [
    ("pos_terminal", {"credentials": "store_specific"}, "basic"),
    ("pos_store_server", {"credentials": "store_specific"}, "basic"),
    ("pos_central_server", {}, "oauth2_client_credentials"),
    ("api_gateway", {}, "oauth2_client_credentials"),
    ("backend_service", {}, "oauth2_client_credentials"),
    ("ftp_pipeline", {"file_processing": "connect_plus"}, "oauth2_client_credentials"),
    ("prebuilt_connector", {"connector": "shopify"}, "oauth2_client_credentials"),
    ("end_customer_app", {"customer_login": ["otp", "password"]}, "mobile_api_auth"),
    ("partner_app", {"client_type": "public"}, "oauth2_authorization_code"),
]
CLUSTERS = ["india", "apac", "apac2", "eu", "us", "china"]


def manifest(i: int, rng: random.Random) -> str:
    """A realistic manifest of a few hundred bytes; about 3% have findings."""
    caller, extra, method = CLEAN[i % len(CLEAN)]
    kind = rng.random()
    lines = [
        "# Integration manifest generated for the lint benchmark.",
        "authadvisor: 1",
        f"name: acme-integration-{i:05d}",
        f"description: Integration {i} of the Acme loyalty programme, store group {i % 140}.",
        f"owner: acme-team-{i % 17}",
        "capillary:",
        f"  cluster: {CLUSTERS[i % len(CLUSTERS)]}",
        f"  org: acme-{i % 5}",
        "integration:",
        f"  caller: {caller}",
    ]
    for key, value in extra.items():
        shown = "[" + ", ".join(value) + "]" if isinstance(value, list) else value
        lines.append(f"  {key}: {shown}")
    lines += ["auth:", f"  method: {method}"]
    if caller == "partner_app":
        lines.append("  pkce: true")
    if kind < 0.01:  # a wrong method
        wrong = "  method: basic" if method != "basic" else "  method: mobile_api_auth"
        lines[-1 if caller != "partner_app" else -2] = wrong
    elif kind < 0.02:  # an insecure URL in free text
        lines[3] = f"description: Runbook at http://wiki.acme.example/integrations/{i}"
    elif kind < 0.025:  # a typo
        lines[9] = f"  caler: {caller}"
    elif kind < 0.03:  # a waiver
        lines += ["waivers:", "  - check: insecure-url", "    reason: internal network only",
                  "    expires: 2030-01-01"]
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int = 42) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(count):
        sub = folder / f"team-{i % 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = manifest(i, rng)
        suffix = ".json" if i % 97 == 0 else ".yaml"
        if suffix == ".json":
            import yaml

            text = json.dumps(yaml.safe_load(text), default=str)
        (sub / f"integration-{i:05d}{suffix}").write_text(text, encoding="utf-8")
        total += len(text)
    return total


CPU: dict[tuple, list[float]] = {}  # command -> CPU seconds (user + system, every process) of each run


def timed(cmd: list[str], env: dict) -> tuple[float, int, bytes]:
    """(wall seconds, peak RSS in KiB of the largest process of the run, stdout); the run's CPU seconds
    go to CPU[tuple(cmd)] (on a busy machine CPU time is skewed far less than wall time)."""
    script = ("import resource, subprocess, sys, time, json\n"
              "t = time.perf_counter()\n"
              "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n"
              "dt = time.perf_counter() - t\n"
              "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
              "sys.stderr.write(json.dumps([dt, u.ru_maxrss, p.returncode, u.ru_utime + u.ru_stime]) + '\\n')\n"
              "sys.stdout.buffer.write(p.stdout)\n")
    proc = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, env=env)
    seconds, rss, rc, cpu = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    if rc not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({rc}):\n{proc.stdout.decode()[-2000:]}")
    CPU.setdefault(tuple(cmd), []).append(cpu)
    return seconds, rss, proc.stdout


def cpu_median(cmd: list[str]) -> float:
    """The median CPU seconds of `cmd`'s timed runs (the warm-up run excluded)."""
    return statistics.median(CPU[tuple(cmd)][1:] or CPU[tuple(cmd)])


def _runs(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def _mb(kib: int) -> float:
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024  # macOS reports bytes


def lint_jobs(files: int) -> int:
    """As many workers as `authadvisor lint` uses for this many files."""
    sys.path.insert(0, str(ROOT))
    try:
        from authadvisor.forkpool import workers
    finally:
        sys.path.remove(str(ROOT))
    return workers(None, files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--formats", default=",".join(FORMATS), help="formats to measure peak RSS for")
    parser.add_argument("--keep", metavar="DIR", help="generate the corpus here and keep it")
    parser.add_argument("--no-check", action="store_true", help="report only; never exit 1")
    parser.add_argument("--baseline", metavar="DIR",
                        help="also lint with the checkout in DIR in each round, alternated (before/after)")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    if unknown := [f for f in formats if f not in FORMATS]:
        parser.error(f"unknown format(s): {', '.join(unknown)}")

    folder = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="authadvisor-bench-"))
    here = os.getcwd()
    try:
        if folder.exists() and any(folder.iterdir()) and not args.keep:
            raise SystemExit(f"{folder} is not empty")
        size = generate(folder, args.files)
        os.chdir(folder)  # `python -m` puts the working directory first on sys.path: never a checkout's package
        env = {**os.environ, "PYTHONPATH": str(ROOT), "AUTHADVISOR_TODAY": "2027-01-01"}
        env.pop("AUTHADVISOR_JOBS", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        jobs = lint_jobs(args.files)
        floor_all = [sys.executable, "-c", BASELINE, str(folder), str(jobs)]
        floor_one = [sys.executable, "-c", BASELINE, str(folder), "1"]
        lint_cmd = [sys.executable, "-m", "authadvisor", "lint", str(folder)]
        # the baseline's command ends with "--" (click's end of options; nothing follows), so CPU keeps
        # its seconds apart from this checkout's
        other = {**env, "PYTHONPATH": os.path.abspath(args.baseline)} if args.baseline else None
        other_cmd = [*lint_cmd, "--format", "json", "--"]
        for cmd in (floor_all, floor_one, [*lint_cmd, "--format", "json"]):  # warm caches and bytecode
            timed(cmd, env)
        if other is not None:
            timed(other_cmd, other)
        base_all, base_one, lint, old, out = [], [], [], [], b""
        for _ in range(args.rounds):
            base_all.append(timed(floor_all, env)[0])
            base_one.append(timed(floor_one, env)[0])
            seconds, _rss, out = timed([*lint_cmd, "--format", "json"], env)
            lint.append(seconds)
            if other is not None:
                old.append(timed(other_cmd, other)[0])
        peaks = {fmt: _mb(timed([*lint_cmd, "--format", fmt], env)[1]) for fmt in formats}
        summary = json.loads(out)["summary"]
        a, o, m = statistics.median(base_all), statistics.median(base_one), statistics.median(lint)
        rss_target = 100 if args.files <= 10_000 else 150
        print(f"corpus: {args.files:,} manifests, {size / args.files:.0f} bytes on average; cores: "
              f"{os.cpu_count()}; lint workers: {jobs}; load average: "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"lint summary: {summary}")
        print(f"floor, all cores ({jobs} workers, C loader):  median {a:.3f} s  runs {_runs(base_all)}")
        print(f"floor, one core (C loader):              median {o:.3f} s  runs {_runs(base_one)}")
        print(f"authadvisor lint --format json:          median {m:.3f} s  runs {_runs(lint)}")
        print(f"ratio: {m / a:.2f}x the all-core floor (target <= 1.3), {m / o:.2f}x the one-core floor")
        lint_json = [*lint_cmd, "--format", "json"]
        print(f"CPU seconds (medians): floor all cores {cpu_median(floor_all):.2f}, one core "
              f"{cpu_median(floor_one):.2f}, lint {cpu_median(lint_json):.2f}; lint/floor "
              f"{cpu_median(lint_json) / cpu_median(floor_all):.2f}x")
        if other is not None:
            b, cpu_b = statistics.median(old), cpu_median(other_cmd)
            print(f"baseline lint ({args.baseline}): median {b:.3f} s (CPU {cpu_b:.2f}) runs {_runs(old)}; "
                  f"this checkout {m / b:.2f}x of it (CPU {cpu_median(lint_json) / cpu_b:.2f}x)")
        print("peak RSS: " + ", ".join(f"{fmt} {mb:.0f} MB" for fmt, mb in peaks.items())
              + f" (target <= {rss_target})")
        ok = m / a <= 1.3 and all(mb <= rss_target for mb in peaks.values())
        return 0 if ok or args.no_check else 1
    finally:
        os.chdir(here)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
