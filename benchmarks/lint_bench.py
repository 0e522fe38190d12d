"""Benchmark: whole-process `authadvisor lint DIR --format json` against the floor of merely parsing the
same files with PyYAML's C loader and looking up one key, measured in the same run.

    python benchmarks/lint_bench.py                # 10,000 manifests, 5 alternating rounds
    python benchmarks/lint_bench.py --files 2000 --rounds 3 --keep /tmp/corpus

Prints the median wall time of each, their ratio (target <= 1.5) and the lint process's peak RSS
(target <= 150 MB), and exits 1 when a target is missed (`--no-check` only reports).
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

# The floor: read every *.yaml/*.yml/*.json under DIR, parse it with the C loader, do a dict lookup.
BASELINE = r"""
import os, sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
found = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith((".yaml", ".yml", ".json")):
            with open(os.path.join(folder, name), "rb") as fh:
                data = yaml.load(fh.read(), Loader=loader)
            if isinstance(data, dict) and "authadvisor" in data:
                found += 1
print(found)
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


def timed(cmd: list[str], env: dict) -> tuple[float, int, bytes]:
    """(wall seconds, peak RSS of the process tree in KiB, stdout)."""
    script = ("import resource, subprocess, sys, time, json\n"
              "t = time.perf_counter()\n"
              "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n"
              "dt = time.perf_counter() - t\n"
              "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
              "sys.stderr.write(json.dumps([dt, rss, p.returncode]) + '\\n')\n"
              "sys.stdout.buffer.write(p.stdout)\n")
    proc = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, env=env)
    seconds, rss, rc = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    if rc not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({rc}):\n{proc.stdout.decode()[-2000:]}")
    return seconds, rss, proc.stdout


def _runs(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="generate the corpus here and keep it")
    parser.add_argument("--no-check", action="store_true", help="report only; never exit 1")
    args = parser.parse_args()

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="authadvisor-bench-"))
    try:
        if folder.exists() and any(folder.iterdir()) and not args.keep:
            raise SystemExit(f"{folder} is not empty")
        size = generate(folder, args.files)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "AUTHADVISOR_TODAY": "2027-01-01"}
        env.pop("AUTHADVISOR_JOBS", None)
        baseline_cmd = [sys.executable, "-c", BASELINE, str(folder)]
        lint_cmd = [sys.executable, "-m", "authadvisor", "lint", str(folder), "--format", "json"]
        timed(baseline_cmd, env), timed(lint_cmd, env)  # warm the page cache and the bytecode
        base, lint, peaks = [], [], []
        for _ in range(args.rounds):
            seconds, _rss, out = timed(baseline_cmd, env)
            base.append(seconds)
            seconds, rss, out = timed(lint_cmd, env)
            lint.append(seconds)
            peaks.append(rss)
        summary = json.loads(out)["summary"]
        b, m = statistics.median(base), statistics.median(lint)
        peak_mb = max(peaks) / 1024 if sys.platform != "darwin" else max(peaks) / 1024 / 1024
        ratio = m / b
        print(f"corpus: {args.files:,} manifests, {size / args.files:.0f} bytes on average; "
              f"cores: {os.cpu_count()}")
        print(f"lint summary: {summary}")
        print(f"baseline (C loader parse + dict lookup): median {b:.3f} s  runs {_runs(base)}")
        print(f"authadvisor lint --format json:          median {m:.3f} s  runs {_runs(lint)}")
        print(f"ratio: {ratio:.2f}x (target <= 1.5)   peak RSS: {peak_mb:.0f} MB (target <= 150)")
        ok = ratio <= 1.5 and peak_mb <= 150
        return 0 if ok or args.no_check else 1
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
