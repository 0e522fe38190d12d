"""The no-traceback fuzzer (issue 11), shared by tests/test_fuzz.py (a small seeded budget, in CI) and
benchmarks/fuzz_run.py (a longer run).

Inputs are generated and mutated manifests (byte flips, line edits, tagged scalars of every YAML type with
bad values, random Unicode including controls and separators, JSON forms), answers files, configuration
files and rules tables. Each goes through every entry point, in-process (click's runner); a run fails on
any exception that is not the project's own error (a traceback), an exit code outside 0/1/2, a run over
2 s (CPU time), or a raw control character in output that must not have one.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.y*ml")) + sorted((ROOT / "examples").glob("*.json"))
MAX_SECONDS = 2.0
LINT_FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")

#: characters a hostile file uses: controls, bidi, zero-width, separators, NEL, BOM, astral, quotes
NASTY = ["\x00", "\x07", "\x1b", "\x1b]52;c;eA==\x07", "\x7f", "\x85", "\x9f", "\u00a0", "\u200b", "\u200e",
         "\u202e", "\u2066", "\u2028", "\u2029", "\ufeff", "\ud7ff", "\U0001f600", "\r", "\r\n", "\t", "\\",
         '"', "'", "#", ": ", "- ", "&a", "*a", "!", "%", "@", "`", "{", "}", "[", "]", "|", ">", "---", "...",
         "\\u202e", "\\x85", "\\0", "\\ud83d", "http://x.example", "https://x.example/\n"]
TAGS = ["!!null", "!!bool", "!!int", "!!float", "!!timestamp", "!!str", "!!binary", "!!set", "!!omap",
        "!!python/object:os.system", "!custom", "!!merge", "!!seq", "!!map"]
BAD_VALUES = ["maybe", '""', "''", "soon", "x", "0x", "0b", "-", ".", "1:2:3", "2027-02-30", "99999-01-01",
              "1e99999", "9" * 5000, "~", "yes please", "[1]", "{a: 1}", "!!", "\u202e", "0o9", "+"]


@dataclass
class Failure:
    entry: str
    args: list
    problem: str
    source: bytes = b""


@dataclass
class Stats:
    inputs: int = 0
    runs: int = 0
    by_exit: dict = field(default_factory=dict)
    slowest: float = 0.0  #: CPU seconds of the slowest run
    slowest_wall: float = 0.0
    failures: list = field(default_factory=list)

    def line(self) -> str:
        exits = ", ".join(f"exit {k}: {v}" for k, v in sorted(self.by_exit.items()))
        return (f"{self.inputs} inputs, {self.runs} runs ({exits}); slowest run {self.slowest:.2f} CPU s "
                f"({self.slowest_wall:.2f} s wall); {len(self.failures)} failures")


# ---------------------------------------------------------------- mutations


def _lines(text: str) -> list[str]:
    return text.split("\n")


def flip_bytes(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def edit_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        action = rng.choice(["delete", "duplicate", "swap", "indent", "dedent", "insert"])
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i].lstrip()
        else:
            lines.insert(i, rng.choice(["waivers: [{check: schema, reason: r}]", "  # authadvisor: ignore[x]",
                                        "- x", "x: &a [*a]", "<<: {a: 1}", "auth: {pkce: maybe}", "? [a]"]))
    return rng.choice(["\n", "\r\n", "\r"]).join(lines)


def tag_scalar(rng: random.Random, text: str) -> str:
    """Put an explicit tag with a bad value on some `key: value` line."""
    lines = _lines(text)
    candidates = [i for i, ln in enumerate(lines) if ": " in ln and not ln.lstrip().startswith("#")]
    if not candidates:
        return text
    i = rng.choice(candidates)
    key = lines[i].split(": ", 1)[0]
    lines[i] = f"{key}: {rng.choice(TAGS)} {rng.choice(BAD_VALUES)}"
    return "\n".join(lines)


def insert_nasty(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(NASTY) + text[at:]
    return text


def random_unicode(rng: random.Random) -> str:
    """A value of random code points (controls and separators included)."""
    pools = [(0, 0x20), (0x20, 0x7f), (0x7f, 0xa0), (0x2000, 0x2070), (0xd7f0, 0xd800), (0xe000, 0xe010),
             (0xfff0, 0x10000), (0x1f600, 0x1f610)]
    out = []
    for _ in range(rng.randint(1, 12)):
        lo, hi = rng.choice(pools)
        out.append(chr(rng.randrange(lo, hi)))
    return "".join(out)


def json_form(rng: random.Random, text: str) -> str:
    """The manifest as JSON (what some teams commit), with one value replaced by random Unicode."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except Exception:
        return text
    if not isinstance(data, dict):
        return text
    target = data
    for key in ("integration", "capillary", "auth"):
        if isinstance(data.get(key), dict) and rng.random() < 0.5:
            target = data[key]
            break
    if target:
        target[rng.choice(sorted(map(str, target)))] = rng.choice(
            [random_unicode(rng), rng.choice(BAD_VALUES), None, [], {}, 1.5, True, [random_unicode(rng)]])
    try:
        return json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str)
    except ValueError:  # a recursive structure (`x: &a [*a]`): keep the YAML
        return text


#: YAML double-quoted escapes that produce what a plain file cannot hold: ESC and OSC sequences, BEL, NUL,
#: NEL, line and paragraph separators, bidi overrides, a forged workflow command after a newline
ESCAPES = ["\\e]0;title\\a", "\\e]52;c;eA==\\a", "\\e[2K\\r", "\\0", "\\a", "\\N", "\\L", "\\P", "\\u202e",
           "\\u200b", "\\x9f", "\\x7f", "\\n::error file=README.md,line=1::forged", "\\r\\n", "\\t"]


def quoted_escapes(rng: random.Random, text: str) -> str:
    """Add a double-quoted key or value whose escapes spell control, bidi or separator characters."""
    esc = "".join(rng.choice(ESCAPES) for _ in range(rng.randint(1, 3)))
    line = rng.choice([f'"k{esc}": 1', f'owner: "o{esc}"', f'description: "d{esc}"', f'"{esc}": x',
                       f'waivers: [{{check: "c{esc}", reason: r}}]', f'capillary: {{org: "o{esc}"}}'])
    lines = [ln for ln in _lines(text) if not ln.startswith(line.split(":", 1)[0])]
    lines.insert(rng.randrange(len(lines) + 1) if rng.random() < 0.3 else len(lines), line)
    return "\n".join(lines)


MUTATIONS: list[Callable] = [edit_lines, tag_scalar, insert_nasty, json_form, quoted_escapes]


def manifest_inputs(seed: int, count: int) -> Iterator[bytes]:
    """`count` hostile manifests, deterministic for `seed`."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    for n in range(count):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            text = rng.choice(MUTATIONS)(rng, text)
        raw = text.encode("utf-8", "surrogatepass")
        if n % 5 == 4:
            raw = flip_bytes(rng, raw)
        yield raw


def answers_inputs(seed: int, count: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    base = "caller: end_customer_app\ncustomer_login: [otp, password]\ncluster: eu\nname: acme-app\n" \
           "description: Acme app.\nowner: team\n"
    for _ in range(count):
        text = base
        for _ in range(rng.randint(1, 3)):
            text = rng.choice(MUTATIONS)(rng, text)
        yield text.encode("utf-8", "surrogatepass")


def config_inputs(seed: int, count: int) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of hostile configuration files: .authadvisor.yaml and pyproject.toml."""
    rng = random.Random(seed)
    yaml_base = "paths: [m]\nexclude: ['m/drafts/**']\nfail-on: warning\nseverity:\n  unused-waiver: 'off'\n"
    toml_base = '[tool.authadvisor]\npaths = ["m"]\nfail-on = "warning"\n[tool.authadvisor.severity]\n' \
                'unused-waiver = "off"\n'
    for n in range(count):
        if n % 3 == 2:
            yield "pyproject.toml", insert_nasty(rng, edit_lines(rng, toml_base)).encode("utf-8", "surrogatepass")
        else:
            text = yaml_base
            for _ in range(rng.randint(1, 2)):
                text = rng.choice([edit_lines, tag_scalar, insert_nasty])(rng, text)
            yield ".authadvisor.yaml", text.encode("utf-8", "surrogatepass")


def mutate_table(rng: random.Random, folder: Path) -> None:
    """Mutate one file of a copied rules table in place."""
    files = sorted(p for p in folder.rglob("*.yaml"))
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    text = rng.choice([edit_lines, tag_scalar, insert_nasty])(rng, text)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------- running


def _raw_controls(text: str, allowed: str = "\n\t") -> list[str]:
    """Raw C0 control characters in `text` other than `allowed`, and C1 ones and DEL unless PENDING_C1."""
    return sorted({repr(c) for c in text if c not in allowed and (
        ord(c) < 0x20 or (not PENDING_C1 and 0x7f <= ord(c) < 0xa0))})


#: Every lint format and every command's text (standard output and the `file:line:col: error:` lines on
#: standard error) is inert: no raw C0 or C1 control character or DEL from a manifest reaches it (issue 11
#: item 5). Snippets are code, escaped for their language (their own tests), so they are not checked here.
INERT_FORMATS = frozenset(LINT_FORMATS)
INERT_COMMANDS = frozenset({"recommend text", "recommend json", "recommend yaml", "explain", "docs md",
                            "docs html", "ask --answers", "config"})
PENDING_C1 = False


class Runner:
    """Runs authadvisor commands in-process in a scratch directory, recording failures."""

    def __init__(self, scratch: Path, stats: Stats) -> None:
        from click.testing import CliRunner

        self.scratch = scratch
        self.stats = stats
        try:
            self.runner = CliRunner(mix_stderr=False)
        except TypeError:
            self.runner = CliRunner()

    def run(self, label: str, args: list[str], source: bytes = b"", *, inert: bool = False,
            input: Optional[bytes] = None, env: Optional[dict] = None) -> None:
        from authadvisor.cli import cli

        start, cpu = time.perf_counter(), time.process_time()
        env = {"NO_COLOR": "1", "AUTHADVISOR_JOBS": "1", "AUTHADVISOR_TODAY": "2027-01-01", **(env or {})}
        result = self.runner.invoke(cli, args, input=input, env=env, catch_exceptions=True)
        seconds = time.process_time() - cpu  # CPU time: a busy machine (CI, 7 engineers on 2 cores)
        wall = time.perf_counter() - start    # does not make a fast run look slow
        self.stats.runs += 1
        self.stats.slowest = max(self.stats.slowest, seconds)
        self.stats.slowest_wall = max(self.stats.slowest_wall, wall)
        code = result.exit_code
        self.stats.by_exit[code] = self.stats.by_exit.get(code, 0) + 1
        exc = result.exception
        problem = None
        if exc is not None and not isinstance(exc, SystemExit):
            import traceback

            problem = "traceback: " + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-1500:]
        elif code not in (0, 1, 2):
            problem = f"exit code {code}"
        elif seconds > MAX_SECONDS:
            problem = f"took {seconds:.2f} CPU s (limit {MAX_SECONDS} s; {wall:.2f} s wall)"
        elif inert:
            out = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
            bad = _raw_controls(out)
            if bad:
                problem = f"raw control characters in output: {', '.join(bad)}"
        if problem:
            self.stats.failures.append(Failure(label, args, problem, source))


def run_manifest(r: Runner, raw: bytes, n: int) -> None:
    """One manifest through lint (every format), recommend, explain, snippets and docs."""
    folder = r.scratch / f"m{n}"
    folder.mkdir()
    path = folder / ("m.json" if raw.lstrip()[:1] == b"{" else "m.yaml")
    path.write_bytes(raw)
    p = str(path)
    for fmt in LINT_FORMATS:
        r.run(f"lint {fmt}", ["lint", p, "--format", fmt], raw, inert=fmt in INERT_FORMATS)
    r.run("lint sarif -o", ["lint", p, "--format", "sarif", "-o", str(folder / "out.sarif")], raw)
    if not (folder / "out.sarif").exists():
        r.stats.failures.append(Failure("lint sarif -o", [p], "no SARIF file written", raw))
    for fmt in ("text", "json", "yaml"):
        r.run(f"recommend {fmt}", ["recommend", "--format", fmt, p], raw, inert=f"recommend {fmt}" in INERT_COMMANDS)
    r.run("recommend --snippets", ["recommend", "--snippets", "--format", "json", p], raw)
    r.run("explain", ["explain", p], raw, inert="explain" in INERT_COMMANDS)
    r.run("snippets", ["snippets", p, "--lang", "all"], raw)
    for fmt in ("md", "html"):
        r.run(f"docs {fmt}", ["docs", p, "--out", str(folder / f"docs-{fmt}"), "--format", fmt], raw,
              inert=f"docs {fmt}" in INERT_COMMANDS)
    shutil.rmtree(folder, ignore_errors=True)


def run_answers(r: Runner, raw: bytes, n: int) -> None:
    path = r.scratch / f"answers{n}.yaml"
    path.write_bytes(raw)
    r.run("ask --answers", ["ask", "--answers", str(path), "--out", str(r.scratch / f"out{n}.yaml")], raw,
          inert="ask --answers" in INERT_COMMANDS)
    path.unlink()


def run_config(r: Runner, name: str, raw: bytes, n: int) -> None:
    folder = r.scratch / f"c{n}"
    (folder / "m").mkdir(parents=True)
    shutil.copy(EXAMPLES[n % len(EXAMPLES)], folder / "m" / "a.yaml")
    (folder / name).write_bytes(raw)
    old = os.getcwd()
    os.chdir(folder)
    try:
        r.run(f"lint with {name}", ["lint"], raw, inert="config" in INERT_COMMANDS)
        r.run(f"docs with {name}", ["docs", "--out", "out"], raw, inert="config" in INERT_COMMANDS)
    finally:
        os.chdir(old)
    shutil.rmtree(folder, ignore_errors=True)


def run_table(r: Runner, rng: random.Random, n: int) -> None:
    folder = r.scratch / f"t{n}"
    shutil.copytree(ROOT / "rules", folder)
    for _ in range(rng.randint(1, 2)):
        mutate_table(rng, folder)
    source = b""
    r.run("rules check", ["--rules", str(folder), "rules", "check"], source)
    r.run("rules test", ["--rules", str(folder), "rules", "test"], source)
    r.run("recommend on table", ["--rules", str(folder), "recommend", str(EXAMPLES[n % len(EXAMPLES)])], source)
    shutil.rmtree(folder, ignore_errors=True)


def fuzz(scratch: Path, *, seed: int, manifests: int, answers: int, configs: int, tables: int,
         progress: Optional[Callable[[str], None]] = None) -> Stats:
    """Run the whole budget; deterministic for `seed`. `scratch` must be an empty directory."""
    stats = Stats()
    r = Runner(scratch, stats)
    old = os.getcwd()
    os.chdir(scratch)  # no configuration file of this repository applies
    try:
        for n, raw in enumerate(manifest_inputs(seed, manifests)):
            stats.inputs += 1
            run_manifest(r, raw, n)
            if progress and n % 50 == 49:
                progress(f"manifests: {n + 1}; " + stats.line())
        for n, raw in enumerate(answers_inputs(seed + 1, answers)):
            stats.inputs += 1
            run_answers(r, raw, n)
        for n, (name, raw) in enumerate(config_inputs(seed + 2, configs)):
            stats.inputs += 1
            run_config(r, name, raw, n)
        rng = random.Random(seed + 3)
        for n in range(tables):
            stats.inputs += 1
            run_table(r, rng, n)
    finally:
        os.chdir(old)
    return stats
