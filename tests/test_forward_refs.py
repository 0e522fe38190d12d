"""The code typing compiles for forward references, kept across runs (startup/forwardrefs): the next run
compiles none of click's and Jinja2's string annotations again; the kept code is what compile gives;
any other compile, a bad reference and a reference made at run time behave as without it; output is the
same bytes cold, warm and with caching off; and a damaged or foreign file only means compiling as usual."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, same_cold_warm_and_off

from authadvisor.resources import digest
from authadvisor.startup import forwardrefs

EXAMPLE = EXAMPLES / "pos-terminal.yaml"

#: counts the compiles typing makes for forward references during the imports of a `snippets` run
COUNT = """
import builtins, sys
real, calls = builtins.compile, []
def counting(source, filename, *args, **kwargs):
    if filename == "<string>":
        calls.append(source)
    return real(source, filename, *args, **kwargs)
builtins.compile = counting
from authadvisor.startup import forwardrefs
forwardrefs.install()
import click, jinja2.sandbox
print(len(calls))
forwardrefs.save()
"""


def run(code: str, env: dict) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert done.returncode == 0, done.stderr
    return done.stdout


def kept_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("forwardrefs-*.marshal")) if folder.is_dir() else []


def test_the_next_run_compiles_none_of_them_again(cache_dir: Path) -> None:
    env = {"AUTHADVISOR_CACHE_DIR": str(cache_dir)}
    cold = int(run(COUNT, env))
    assert cold > 40, "the imports compiled almost no forward reference: the test measures nothing"
    assert int(run(COUNT, env)) == 0
    assert int(run(COUNT, {"AUTHADVISOR_NO_CACHE": "1"})) == cold
    [path] = kept_files(cache_dir)
    kept = forwardrefs.read(str(path))
    assert "Context" in kept or any("Context" in k for k in kept)
    for source, code in kept.items():
        assert code == compile(source, "<string>", "eval", 0, True), source


@pytest.mark.parametrize("args", [["recommend", str(EXAMPLE)], ["snippets", str(EXAMPLE), "--lang", "curl"],
                                  ["lint", "--format", "json", str(EXAMPLES)]], ids=["recommend", "snippets", "lint"])
def test_output_is_the_same_cold_warm_and_off(cache_dir: Path, args: list) -> None:
    same_cold_warm_and_off(args)
    assert kept_files(cache_dir)


CHECKS = """
import builtins, typing
from authadvisor.startup import forwardrefs
forwardrefs.install()
assert typing.compile is not builtins.compile
try:
    typing.ForwardRef("not an expression(")
except SyntaxError as exc:
    assert "Forward reference must be an expression" in str(exc), exc
else:
    raise AssertionError("a bad reference was accepted")
assert typing.compile("x = 1", "<string>", "exec").co_filename == "<string>"  # another mode: the builtin's
code = typing.compile("a + b", "f.py", "eval")
assert code.co_filename == "f.py" and code == builtins.compile("a + b", "f.py", "eval")
ref = typing.ForwardRef("zqRunTimeOnly")  # made at run time, not while importing: never kept
assert eval(ref.__forward_code__, {"zqRunTimeOnly": 5}) == 5
forwardrefs.save()
print("ok")
"""


def test_other_compiles_bad_and_run_time_references_are_as_without_it(cache_dir: Path) -> None:
    assert run(CHECKS, {"AUTHADVISOR_CACHE_DIR": str(cache_dir)}).strip() == "ok"
    for path in kept_files(cache_dir):
        kept = forwardrefs.read(str(path))
        assert "zqRunTimeOnly" not in kept and "not an expression(" not in kept


def framed(entries: object) -> bytes:
    payload = marshal.dumps(entries)
    return digest(payload).digest() + payload


def test_a_damaged_or_foreign_file_means_compiling_as_usual(cache_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"AUTHADVISOR_CACHE_DIR": str(cache_dir)}
    cold = int(run(COUNT, env))
    [path] = kept_files(cache_dir)
    good = path.read_bytes()
    for damage in (good[: len(good) // 2], b"\x00\xff" * 30, b"", good[:32] + good[33:], framed([1, 2]),
                   framed({"Context": "not code"}), framed({1: compile("x", "<string>", "eval", 0, True)})):
        path.write_bytes(damage)
        assert forwardrefs.read(str(path)) == {}
        assert int(run(COUNT, env)) == cold
        assert forwardrefs.read(str(path)), "the file was not written afresh"
    monkeypatch.setattr(os, "getuid", lambda: os.stat(path).st_uid + 1)  # another user's file
    assert forwardrefs.read(str(path)) == {}


def test_saving_keeps_the_newest_and_only_in_the_installing_process(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "forwardrefs.marshal"
    old = {f"Old{i}": compile(f"Old{i}", "<string>", "eval", 0, True) for i in range(forwardrefs.MAX_ENTRIES)}
    path.write_bytes(framed(old))
    new = compile("New", "<string>", "eval", 0, True)
    state = {"pid": os.getpid() + 1, "path": str(path), "kept": {}, "noted": {"New": new}}
    monkeypatch.setattr(forwardrefs, "_state", state)
    forwardrefs.save()  # a forked worker: never writes
    assert forwardrefs.read(str(path)) == old
    state["pid"] = os.getpid()
    forwardrefs.save()
    kept = forwardrefs.read(str(path))
    assert len(kept) == forwardrefs.MAX_ENTRIES
    assert list(kept)[0] == "New" and list(kept)[1:] == list(old)[:-1]
    state["noted"] = {"Forged": compile("Other", "<string>", "eval", 0, True)}  # not what compile gives: not kept
    forwardrefs.save()
    assert "Forged" not in forwardrefs.read(str(path))
