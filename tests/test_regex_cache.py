"""Compiled regular expressions kept across runs (regexcache): a run keeps the programs of the patterns
compiled while modules were imported, checked against `re`'s own; the next run compiles none of them
again; every command's output is the same bytes cold, warm and with caching off; nothing a user wrote (a
glob, a secret) is ever kept; and a damaged, foreign or refused file only means compiling as usual."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_process, same_cold_warm_and_off, same_despite_damage

from authadvisor.resources import digest
from authadvisor.startup import regexcache

EXAMPLE = EXAMPLES / "pos-terminal.yaml"
COMMANDS = (["recommend", str(EXAMPLE)], ["lint", str(EXAMPLE)], ["snippets", str(EXAMPLE), "--lang", "curl"],
            ["lint", "--format", "sarif", str(EXAMPLES)])
#: a secret and an exclusion glob only this test uses: neither may reach the cache
SECRET = "zqSECRETq7Hf9Lw2Xk4Tn8Pv6Rb3Yc5Md1Gj"
GLOB = "zqglobq-only-this-test-*"

#: counts what `re` compiles from source after install(); prints the count once the imports are done
COUNT_COMPILES = """
import re, sys
from authadvisor.startup import regexcache
regexcache.install()
compiled = []
inner = re._compiler.compile
def counting(p, flags=0):
    compiled.append(p)
    return inner(p, flags)
re._compiler.compile = counting
import yaml, click, jinja2.sandbox
import authadvisor.cli, authadvisor.manifest.safeyaml, authadvisor.manifest.validate
print(len(compiled))
regexcache.save()
"""


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("regex-*.marshal")) if folder.is_dir() else []


def python(code: str, env: dict) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def framed(entries: object) -> bytes:
    """A cache file's bytes for `entries`: the BLAKE2b-256 of their marshal form, then the form."""
    payload = marshal.dumps(entries)
    return digest(payload).digest() + payload


def test_a_run_keeps_the_programs_re_builds(cache_dir: Path) -> None:
    done = run_process(["recommend", str(EXAMPLE)])
    assert done.returncode == 0, done.stderr
    [path] = cache_files(cache_dir)
    entries = regexcache.read(str(path))
    kept = {e[0] for e in entries}
    import yaml.reader

    from authadvisor.manifest import credentials
    assert yaml.reader.Reader.NON_PRINTABLE.pattern in kept, "PyYAML's import-time pattern was not kept"
    assert {credentials._KEY.pattern, credentials._ANY_NEEDLE.pattern} <= kept, "ours were not kept"
    for entry in entries:
        built = regexcache._build(entry)
        fresh = re._compiler.compile(entry[0], entry[1])  # type: ignore[attr-defined]
        assert (built, built.flags, built.groups, built.groupindex) == \
            (fresh, fresh.flags, fresh.groups, fresh.groupindex), entry[0]


def test_the_next_run_compiles_none_of_them_again(cache_dir: Path) -> None:
    env = {"AUTHADVISOR_CACHE_DIR": str(cache_dir)}
    cold = int(python(COUNT_COMPILES, env))
    assert cold > 20, "the imports compiled almost nothing: the test measures nothing"
    assert int(python(COUNT_COMPILES, env)) == 0
    assert int(python(COUNT_COMPILES, {"AUTHADVISOR_NO_CACHE": "1"})) == cold


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(x for x in a if "/" not in x))
def test_output_is_the_same_cold_warm_and_off(cache_dir: Path, args: list) -> None:
    same_cold_warm_and_off(args)
    assert cache_files(cache_dir)


def test_nothing_a_user_wrote_is_kept(cache_dir: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "integrations").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(f'[tool.authadvisor]\nexclude = ["{GLOB}"]\n', encoding="utf-8")
    text = EXAMPLE.read_text(encoding="utf-8").replace("integration:\n", f"api_secret: {SECRET}\nintegration:\n")
    assert SECRET in text
    (repo / "integrations" / "till.yaml").write_text(text, encoding="utf-8")
    done = run_process(["lint", "integrations"], cwd=repo)
    out = done.stdout.decode()
    assert done.returncode == 1 and "till.yaml" in out, out + done.stderr.decode()  # the secret is found
    assert run_process(["recommend", "integrations/till.yaml"], cwd=repo).returncode in (0, 1)
    [path] = cache_files(cache_dir)
    data = path.read_bytes()
    for text in (SECRET, SECRET[:12], "zqglobq", re.escape("zqglobq")):
        assert text.encode() not in data
    assert regexcache.read(str(path)), "the runs kept nothing: the test checks nothing"


def damaged(good: bytes) -> dict:
    entry = marshal.loads(good[32:])[0]
    code = b"".join(n.to_bytes(4, sys.byteorder) for n in (1, 2, 3))
    refused = (entry[0], entry[1], entry[2], code, entry[4], entry[5], entry[6])  # invalid SRE code
    return {
        "truncated": good[: len(good) // 2],
        "garbage": b"\x00\xff" * 40,
        "empty": b"",
        "digest-mismatch": good[:32] + good[33:],
        "not-a-list": framed({"a": 1}),
        "wrong-shape": framed([("a", 0)]),
        "ragged-code": framed([entry[:3] + (b"abc",) + entry[4:]]),
        "refused-program": framed([refused]),
    }


def test_a_damaged_file_means_compiling_as_usual(cache_dir: Path) -> None:
    args = ["lint", "--format", "sarif", str(EXAMPLES)]
    assert run_process(args).returncode == 0
    [path] = cache_files(cache_dir)
    same_despite_damage(args, path, damaged(path.read_bytes()), lambda p: bool(regexcache.read(str(p))))


def test_reads_refuse_what_is_not_theirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "regex.marshal"
    entry = regexcache.program("a(?P<b>c)+", 0)
    assert entry is not None
    path.write_bytes(framed([entry]))
    assert regexcache.read(str(path)) == [entry]
    monkeypatch.setattr(os, "getuid", lambda: os.stat(path).st_uid + 1)  # another user's file
    assert regexcache.read(str(path)) == []


@pytest.mark.parametrize("pattern, flags", [
    ("(?P<year>\\d{4})-(\\d\\d)", 0), ("[^\\x00-\\x7f\\u0100-\\uffff]+", re.IGNORECASE), (b"\\d+\\s", 0),
    ("^a.*$", re.MULTILINE | re.DOTALL | re.VERBOSE), ("(?i)caf\u00e9", 0), ("x{2,5}?", re.ASCII),
])
def test_a_program_is_what_re_compiles(pattern, flags) -> None:
    entry = regexcache.program(pattern, int(flags))
    assert entry is not None
    built, fresh = regexcache._build(entry), re.compile(pattern, flags)
    assert (built, built.flags, built.groups, built.groupindex) == \
        (fresh, fresh.flags, fresh.groups, fresh.groupindex)
    assert type(built) is re.Pattern
    for text in ("2027-03", "caf\u00c9", "xxxx", "\u00ff\u00fe", "a\nb"):
        subject = text.encode() if isinstance(pattern, bytes) else text
        assert [m.span() for m in built.finditer(subject)] == [m.span() for m in fresh.finditer(subject)]


@pytest.mark.parametrize("pattern, flags", [
    ("a", re.DEBUG), (b"a", re.LOCALE), ("(unclosed", 0), (re.compile("a"), 0), ("a", re.RegexFlag(0) | 2),
])
def test_patterns_not_to_keep(pattern, flags) -> None:
    assert regexcache.program(pattern, flags) is None


def test_saving_keeps_the_newest_and_only_in_the_installing_process(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "regex.marshal"
    old = [regexcache.program(f"old{i}", 0) for i in range(regexcache.MAX_ENTRIES)]
    path.write_bytes(framed(old))
    state = {"pid": os.getpid() + 1, "path": str(path), "noted": [("new(x)", 0)]}
    monkeypatch.setattr(regexcache, "_state", state)
    regexcache.save()  # a forked worker: never writes
    assert regexcache.read(str(path)) == old
    state["pid"] = os.getpid()
    regexcache.save()
    kept = regexcache.read(str(path))
    assert len(kept) == regexcache.MAX_ENTRIES
    assert kept[0][0] == "new(x)" and kept[1:] == old[:-1]


def test_nothing_is_kept_where_re_is_not_as_known(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    assert regexcache.cache_file() is not None
    monkeypatch.setattr(regexcache, "_engine", lambda: None)
    assert regexcache.cache_file() is None
    assert regexcache.program("a", 0) is None
