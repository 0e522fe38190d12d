"""Core performance figures, each against a baseline measured in the same run.

    python benchmarks/core_bench.py [--runs N] [--src DIR] [--baseline DIR] [--importtime]

1. recommend() on an already-loaded manifest vs a plain dict lookup over the same data (in-process,
   timeit, median of repeats). Target: within 5x.
2. Start-up, whole processes against `python -c pass`, runs alternated so machine noise hits every
   command alike, medians: `authadvisor --version` (target <= 2x), `recommend ONE.yaml` and
   `lint ONE.yaml` (<= 6x), `snippets ONE.yaml --lang curl` (<= 8x). Beside them, the dependency floors:
   `python -c "import click, yaml"` (what recommend and lint cannot start faster than) and the same with
   `jinja2.sandbox` (snippets), and how far each command is above its floor: the part this code decides.
   Bytecode is compiled and the caches (rules table, compiled templates) warmed first, as after any
   first run of an installed package; the caches live in a temporary directory of this run.
3. `--instructions`: the instructions each command executes, counted by valgrind (deterministic: the
   ratios a busy machine cannot skew). `--importtime`: the largest self costs of `recommend ONE.yaml`
   from `python -X importtime` (the minimum of several runs per module, so noise does not pick them).

`--src DIR` measures another checkout's code (`python -m authadvisor` with PYTHONPATH=DIR), e.g. a
baseline exported with `git archive main | tar -x -C /tmp/base`; `--baseline DIR` measures such a
checkout alternated with this one, for before/after figures from one run. By default the console script of this
interpreter's environment runs. Not a test: machines are noisy. Quote medians from a quiet machine.
"""

from __future__ import annotations

import argparse
import collections
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "pos-terminal.yaml"
#: commands run in an empty directory: no configuration file to read, and `python -m authadvisor` cannot
#: pick up a checkout in the current directory instead of the one being measured
CWD = tempfile.gettempdir()  # main() makes an empty one for the run
TARGETS = {"authadvisor --version": 2, "authadvisor recommend ONE.yaml": 6, "authadvisor lint ONE.yaml": 6,
           "authadvisor snippets ONE.yaml --lang curl": 8}
#: what a command cannot start faster than: the interpreter plus the libraries it must import (click is the
#: CLI, PyYAML reads the manifest, Jinja2 renders snippets); each command's figure is also shown above it
FLOORS = {"import click, yaml": "import click, yaml",
          "import click, yaml, jinja2.sandbox": "import click, yaml, jinja2.sandbox"}
FLOOR_OF = {"authadvisor --version": "python -c pass", "authadvisor recommend ONE.yaml": "import click, yaml",
            "authadvisor lint ONE.yaml": "import click, yaml",
            "authadvisor snippets ONE.yaml --lang curl": "import click, yaml, jinja2.sandbox"}


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
    ours = timeit.repeat(lambda: recommend(manifest), number=number, repeat=repeats)
    base = timeit.repeat(lambda: table[data["integration"]["caller"]], number=number, repeat=repeats)
    return statistics.median(ours) / number * 1e9, statistics.median(base) / number * 1e9


def _cli(src: str | None) -> list[str]:
    if src:  # (also when comparing with --baseline: both run alike, `python -m authadvisor`)
        return [sys.executable, "-m", "authadvisor"]
    exe = shutil.which("authadvisor", path=str(Path(sys.executable).parent)) or ""
    return [exe] if exe else [sys.executable, "-m", "authadvisor"]


def _env(src: str | None, cache: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["AUTHADVISOR_CACHE_DIR"] = cache
    if src:
        env["PYTHONPATH"] = src
    return env


def commands(src: str | None) -> dict[str, list[str]]:
    cli = _cli(src)
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        **{name: [sys.executable, "-c", code] for name, code in FLOORS.items()},
        "authadvisor --version": [*cli, "--version"],
        "authadvisor recommend ONE.yaml": [*cli, "recommend", str(EXAMPLE)],
        "authadvisor lint ONE.yaml": [*cli, "lint", str(EXAMPLE)],
        "authadvisor snippets ONE.yaml --lang curl": [*cli, "snippets", str(EXAMPLE), "--lang", "curl"],
    }


def processes(runs: int, src: str | None, env: dict, baseline: str | None = None,
              base_env: dict | None = None) -> dict[str, float]:
    """Median ms per command; with `baseline`, the same commands of that checkout too ("base: ..."),
    all alternated in every round."""
    jobs = [(name, cmd, env) for name, cmd in commands(src).items()]
    if baseline:
        jobs += [(f"base: {name}", cmd, base_env or env) for name, cmd in commands(baseline).items()
                 if name in TARGETS]
    for folder in {src or str(ROOT), *([baseline] if baseline else [])}:
        compileall.compile_dir(str(Path(folder) / "authadvisor"), quiet=1)  # as pip does on install
    for _name, cmd, job_env in jobs:  # warm: bytecode of dependencies, the rules cache, the page cache
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=job_env, cwd=CWD)
    times: dict[str, list[float]] = {name: [] for name, _, _ in jobs}
    for _ in range(runs):
        for name, cmd, job_env in jobs:  # alternate, so noise hits every command alike
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=job_env,
                           cwd=CWD)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def instructions(src: str | None, env: dict, baseline: str | None = None,
                 base_env: dict | None = None) -> dict[str, int]:
    """Instructions each command executes (valgrind's callgrind, one run each: deterministic, so a busy
    machine cannot skew the ratios the way it skews wall time)."""
    jobs = [(name, cmd, env) for name, cmd in commands(src).items()]
    if baseline:
        jobs += [(f"base: {name}", cmd, base_env or env) for name, cmd in commands(baseline).items()
                 if name in TARGETS]
    out = {}
    for name, cmd, job_env in jobs:
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                              capture_output=True, text=True, env=job_env, cwd=CWD)
        found = [line for line in proc.stderr.splitlines() if "Collected :" in line]
        if proc.returncode != 0 or not found:
            raise SystemExit(f"valgrind failed for {name}:\n{proc.stderr[-1500:]}")
        out[name] = int(found[-1].rsplit(":", 1)[1])
    return out


def import_costs(src: str | None, env: dict, runs: int = 7, top: int = 15) -> list[tuple[str, float, float]]:
    """(module, self ms, cumulative ms) of `recommend ONE.yaml`, the largest self costs first."""
    selfs: dict[str, list[int]] = collections.defaultdict(list)
    cums: dict[str, list[int]] = collections.defaultdict(list)
    for i in range(runs + 1):  # the first run warms the rules cache and is not counted
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "authadvisor", "recommend", str(EXAMPLE)],
                              capture_output=True, text=True, env={**env, "PYTHONPATH": src or str(ROOT)}, cwd=CWD)
        for line in proc.stderr.splitlines() if i else ():
            if line.startswith("import time:") and "self [us]" not in line:
                own, cumulative, name = line[len("import time:"):].split("|")
                selfs[name.strip()].append(int(own))
                cums[name.strip()].append(int(cumulative))
    ranked = sorted(selfs, key=lambda n: -min(selfs[n]))[:top]
    return [(n, min(selfs[n]) / 1000, min(cums[n]) / 1000) for n in ranked]


def main() -> None:
    global CWD
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--src", metavar="DIR", help="measure the authadvisor package in DIR instead")
    parser.add_argument("--baseline", metavar="DIR", help="also measure the checkout in DIR, alternated with "
                        "this one (before/after in one run)")
    parser.add_argument("--importtime", action="store_true", help="also list the largest import costs")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each command's instructions under valgrind (slow; deterministic)")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process recommend() figure")
    args = parser.parse_args()
    src = os.path.abspath(args.src) if args.src else (str(ROOT) if args.baseline else None)
    if not args.no_in_process and src in (None, str(ROOT)):
        ours, base = in_process()
        print(f"recommend() on a loaded manifest: {ours:7.1f} ns   dict lookup: {base:6.1f} ns   "
              f"ratio {ours / base:4.2f}x (target <= 5x)")
    cache = tempfile.mkdtemp(prefix="authadvisor-cache-")
    CWD = tempfile.mkdtemp(prefix="authadvisor-bench-cwd-")
    try:
        env = _env(src, cache)
        baseline = os.path.abspath(args.baseline) if args.baseline else None
        base_env = _env(baseline, cache + "-base") if baseline else None
        medians = processes(args.runs, src, env, baseline, base_env)
        floor = medians["python -c pass"]
        print(f"{'python -c pass':42}: {floor:7.1f} ms   (cores: {os.cpu_count()}, load: "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})")
        for name in FLOORS:
            print(f"{'floor: ' + name:42}: {medians[name]:7.1f} ms   ratio {medians[name] / floor:5.2f}x")
        for name, target in TARGETS.items():
            before = f"   baseline {medians[f'base: {name}'] / floor:5.2f}x" if baseline else ""
            above = medians[name] - medians[FLOOR_OF[name]]
            print(f"{name:42}: {medians[name]:7.1f} ms   ratio {medians[name] / floor:5.2f}x (target <= {target}x)"
                  f"   {above:5.1f} ms above its floor" + before)
        if args.instructions:
            counts = instructions(src, env, baseline, base_env)
            base_count = counts["python -c pass"]
            print(f"instructions (valgrind callgrind), python -c pass: {base_count:,}")
            for name in FLOORS:
                print(f"{'floor: ' + name:42}: {counts[name]:>13,}   ratio {counts[name] / base_count:5.2f}x")
            for name, target in TARGETS.items():
                before = f"   baseline {counts[f'base: {name}'] / base_count:5.2f}x" if baseline else ""
                print(f"{name:42}: {counts[name]:>13,}   ratio {counts[name] / base_count:5.2f}x (target <= {target}x)"
                      + before)
        if args.importtime:
            print("largest import costs of `recommend ONE.yaml` (self ms, cumulative ms; min of 7 runs):")
            for name, own, cumulative in import_costs(src, env):
                print(f"  {own:6.2f} {cumulative:7.2f}  {name}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(cache + "-base", ignore_errors=True)
        shutil.rmtree(CWD, ignore_errors=True)


if __name__ == "__main__":
    main()
