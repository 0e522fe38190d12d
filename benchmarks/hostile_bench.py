"""Benchmark: the worst inputs within the limits (1 MiB per file, 64 levels, 100,000 nodes), each linted
by a fresh `authadvisor lint FILE --format json` process; reports wall time and that process's peak RSS.

    python benchmarks/hostile_bench.py               # every case; exit 1 when one misses a target
    python benchmarks/hostile_bench.py --only ignore --keep /tmp/hostile
    python benchmarks/hostile_bench.py --formats json sarif text --no-check

Targets (issue 11): every case under 2 s (CPU time of the process, so a busy machine does not decide;
wall time is printed beside it) and 200 MB. Also runs `docs` and `recommend` on each case with
--commands all (slower).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1024 * 1024
MAX_SECONDS, MAX_MB = 2.0, 200
HEAD = "authadvisor: 1\nname: acme-hostile\n"
CALLER = "integration:\n  caller: pos_terminal\n"


def _fill(prefix: str, suffix: str, unit: str, budget: int = LIMIT - 64) -> str:
    """prefix + unit repeated + suffix, as close to `budget` bytes (UTF-8) as fits."""
    room = budget - len((prefix + suffix).encode())
    return prefix + unit * (room // len(unit.encode())) + suffix


def long_unknown_value() -> str:  # did-you-mean over a 1 MiB word (was 47 s, 920 MB)
    return _fill(HEAD + "integration:\n  caller: pos_termnal", "\n", "x")


def long_unknown_key() -> str:  # a 1 MiB unknown key (explicit `? `: implicit keys stop at 1,024)
    return _fill(HEAD + CALLER + '? owner', '\n: me\n', "r")


def long_ignore_id() -> str:  # a 1 MiB inline-ignore id (200 KB was 9 s)
    return _fill(HEAD + "integration:\n  caller: pos_terminal\n  credentials: shared  "
                 "# authadvisor: ignore[shared-till-credential", "] test rig\n", "s")


def many_ignores() -> str:  # one inline ignore per line, each with a near-miss id
    line = "# authadvisor: ignore[shared-till-credental] test rig\n"
    return _fill(HEAD + CALLER, "", line)


def many_keys() -> str:  # 10,000 unknown keys at the top level (each a schema finding)
    return HEAD + CALLER + "".join(f"key{i:05d}: {i}\n" for i in range(10_000))


def many_near_miss_keys() -> str:  # 10,000 keys one edit from a real field (a did-you-mean each)
    return HEAD + CALLER + "".join(f"ownr{i:05d}: x\n" for i in range(10_000))


def deep_nesting() -> str:  # nesting at the limit (64 levels), repeated to fill the file
    depth = 60
    block = "".join("  " * d + f"l{d}:\n" for d in range(depth)) + "  " * depth + "leaf: 1\n"
    out, i = [HEAD, CALLER], 0
    while sum(map(len, out)) + len(block) + 16 < LIMIT and i < 400:
        out.append(f"x{i}:\n" + "".join("  " + ln + "\n" for ln in block.splitlines()))
        i += 1
    return "".join(out)


def alias_fanout() -> str:  # aliases expanding to just under the 100,000-node limit
    return (HEAD + CALLER + "base: &a [" + ", ".join(["1"] * 300) + "]\n"
            + "more: [" + ", ".join(["*a"] * 320) + "]\n")


def long_description_separators() -> str:  # U+2028 / U+0085 / CR everywhere (positions, line table)
    return _fill(HEAD + CALLER + 'description: "', '"\nownr: x\n', "a\u2028b\u0085c\\r")


def many_lines() -> str:  # ~500,000 short lines (comments): the line table and the ignore scan
    return _fill(HEAD + CALLER, "", "#\n")


def wide_flow_list() -> str:  # 100,000 items in one flow list, each an invalid login
    return HEAD + "integration:\n  caller: end_customer_app\n  customer_login: [" + ", ".join(
        ["pasword"] * 99_000) + "]\n"


def many_waivers() -> str:  # thousands of waivers for unknown checks (did-you-mean each)
    entry = "  - {check: shared-till-credental, reason: r}\n"
    return _fill(HEAD + CALLER + "waivers:\n", "", entry)


CASES: dict[str, Callable[[], str]] = {
    "unknown-value-1MiB": long_unknown_value,
    "unknown-key-1MiB": long_unknown_key,
    "ignore-id-1MiB": long_ignore_id,
    "ignores-per-line": many_ignores,
    "keys-10k": many_keys,
    "near-miss-keys-10k": many_near_miss_keys,
    "nesting-60-levels": deep_nesting,
    "aliases-96k-nodes": alias_fanout,
    "separators-1MiB": long_description_separators,
    "lines-500k": many_lines,
    "flow-list-99k": wide_flow_list,
    "waivers-many": many_waivers,
}


def parse_cpu(path: Path) -> float:
    """CPU seconds of the floor: a process that only parses the file with PyYAML's C loader."""
    code = ("import sys, yaml; yaml.load(open(sys.argv[1], 'rb').read(), "
            "Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime


def measure(args: list[str]) -> tuple[float, float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit code, output bytes) of one authadvisor process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUTHADVISOR_JOBS": "1", "NO_COLOR": "1"}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "authadvisor", *args], stdout=out,
                                stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        size = out.seek(0, os.SEEK_END)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=(), help="run only the cases whose name contains one")
    parser.add_argument("--formats", nargs="*", default=["json"], help="lint formats to run (default json)")
    parser.add_argument("--commands", choices=["lint", "all"], default="lint")
    parser.add_argument("--keep", metavar="DIR", help="write the inputs to DIR and keep them")
    parser.add_argument("--no-check", action="store_true", help="report only; exit 0 whatever the figures")
    opts = parser.parse_args(argv)
    folder = Path(opts.keep or tempfile.mkdtemp(prefix="hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    missed = []
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; the target applies to CPU "
          "seconds (wall time on a shared machine is shown too)")
    print(f"{'case':24} {'command':16} {'bytes':>9} {'wall s':>7} {'CPU s':>6} {'parse':>6} {'peak MB':>8} "
          f"{'exit':>4} {'out KB':>7}")
    for name, make in CASES.items():
        if opts.only and not any(o in name for o in opts.only):
            continue
        path = folder / f"{name}.yaml"
        text = make()
        path.write_text(text, encoding="utf-8", newline="")
        floor = parse_cpu(path)  # PyYAML alone (C loader), for scale: some inputs are simply slow to parse
        runs = [(f"lint {fmt}", ["lint", str(path), "--format", fmt]) for fmt in opts.formats]
        if opts.commands == "all":
            runs += [("recommend json", ["recommend", "--format", "json", str(path)]),
                     ("docs html", ["docs", str(path), "--out", str(folder / f"{name}-docs"), "--format", "html"])]
        for label, args in runs:
            seconds, cpu, mb, code, size = measure(args)
            flag = ""
            if cpu > MAX_SECONDS or mb > MAX_MB or code not in (0, 1):
                flag = "  <-- over target" if code in (0, 1) else f"  <-- exit {code}"
                missed.append(f"{name} ({label})")
            print(f"{name:24} {label:16} {path.stat().st_size:>9,} {seconds:>7.2f} {cpu:>6.2f} {floor:>6.2f} "
                  f"{mb:>8.1f} {code:>4} {size / 1024:>7.1f}{flag}")
    if not opts.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    print(f"targets: < {MAX_SECONDS} CPU s and < {MAX_MB} MB per process; "
          + ("all met" if not missed else f"missed: {', '.join(missed)}"))
    return 1 if missed and not opts.no_check else 0


if __name__ == "__main__":
    sys.exit(main())
