"""authadvisor's own modules served from one kept file of their code (startup/modulecache): the next run
imports them from it, with the same __file__, __cached__, spec and package path the path finder gives;
output is the same bytes cold, warm and with caching off; an edited, replaced or shadowed module is
never served stale; a damaged or foreign file only means importing as usual; and nothing is installed
when authadvisor is used as a library."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_process, same_cold_warm_and_off, same_despite_damage

from authadvisor.startup import modulecache

EXAMPLE = EXAMPLES / "pos-terminal.yaml"
#: runs the console script's entry for ARGS; prints, at exit, how each of our modules was imported
PROBE = """
import atexit, json, sys
def report():
    out = {}
    for name, module in sorted(sys.modules.items()):
        spec = getattr(module, "__spec__", None)
        if name.startswith("authadvisor.") and spec is not None:
            out[name] = [type(spec.loader).__name__, getattr(module, "__file__", None),
                         getattr(module, "__cached__", None), spec.origin,
                         list(getattr(module, "__path__", []) or []) or None]
    sys.stderr.write("PROBE" + json.dumps(out) + "\\n")
atexit.register(report)
sys.argv = ["authadvisor", *sys.argv[1:]]
from authadvisor.entry import main
main()
"""
#: imported before install() runs: always found the usual way
BEFORE = {"authadvisor.entry", "authadvisor.startup", "authadvisor.startup.collector",
          "authadvisor.startup.modulecache", "authadvisor.resources"}


def probe(args: list, env: dict, src: Path = ROOT) -> tuple[subprocess.CompletedProcess, dict]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, cwd=src, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(src), **env})
    err = done.stderr.decode()
    head, _, tail = err.rpartition("PROBE")
    assert tail, err
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout, head.encode()), json.loads(tail)


def kept_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("modules-*.marshal")) if folder.is_dir() else []


def test_the_next_run_imports_ours_from_the_kept_file(cache_dir: Path) -> None:
    env = {"AUTHADVISOR_CACHE_DIR": str(cache_dir)}
    cold_run, cold = probe(["snippets", str(EXAMPLE), "--lang", "curl"], env)
    [path] = kept_files(cache_dir)
    warm_run, warm = probe(["snippets", str(EXAMPLE), "--lang", "curl"], env)
    off_run, off = probe(["snippets", str(EXAMPLE), "--lang", "curl"], {"AUTHADVISOR_NO_CACHE": "1"})
    assert len(warm) > 35, "the command imported almost nothing of ours: the test measures nothing"
    assert {loader for loader, *_ in cold.values()} == {loader for loader, *_ in off.values()} == {"SourceFileLoader"}
    assert set(warm) <= set(cold) and set(warm) <= set(off)  # (a cold run also fills the other caches)
    served = {name for name, (loader, *_) in warm.items() if loader == "Loader"}
    assert served == set(warm) - BEFORE, "a module was not served from the kept file"
    for name in warm:  # __file__, __cached__, origin and package path: the path finder's own
        assert warm[name][1:] == off[name][1:] == cold[name][1:], name
    assert cold_run.stdout == warm_run.stdout == off_run.stdout
    assert cold_run.returncode == warm_run.returncode == off_run.returncode == 0
    opened = modulecache.open_index(str(path))
    assert opened is not None
    fd, index, _base, _size = opened
    os.close(fd)
    assert served <= set(index)


@pytest.mark.parametrize("args", [["recommend", str(EXAMPLE)], ["lint", "--format", "sarif", str(EXAMPLES)],
                                  ["snippets", str(EXAMPLE), "--lang", "python"],
                                  ["explain", str(EXAMPLES / "partner-app.yaml")],
                                  ["lint", str(ROOT / "tests" / "cases" / "lint")]],
                         ids=["recommend", "lint-sarif", "snippets", "explain", "lint-findings"])
def test_output_is_the_same_cold_warm_and_off(cache_dir: Path, args: list) -> None:
    same_cold_warm_and_off(args)
    assert kept_files(cache_dir)


def test_the_kept_code_is_what_compile_gives(cache_dir: Path) -> None:
    assert run_process(["recommend", str(EXAMPLE)]).returncode == 0
    [path] = kept_files(cache_dir)
    fd, index, base, size = modulecache.open_index(str(path))
    try:
        finder = modulecache._Finder(str(ROOT / "authadvisor"), (fd, index, base, size))
        assert index
        for name, entry in index.items():
            origin = entry[0]
            assert modulecache._expected(name, origin, str(ROOT / "authadvisor"), entry[3]), name
            fresh = compile(Path(origin).read_bytes(), origin, "exec", dont_inherit=True)
            assert finder.code(name) == fresh, name
    finally:
        os.close(fd)


def copy_of_the_checkout(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "authadvisor", src / "authadvisor", ignore=shutil.ignore_patterns("__pycache__"))
    for data in ("rules", "templates"):
        shutil.copytree(ROOT / data, src / data)
    return src


def test_an_edited_or_replaced_module_is_never_served_stale(cache_dir: Path, tmp_path: Path) -> None:
    src = copy_of_the_checkout(tmp_path)
    # no __pycache__: the usual import compiles from source too, so only the kept file could be stale
    env = {"AUTHADVISOR_CACHE_DIR": str(cache_dir), "PYTHONDONTWRITEBYTECODE": "1"}
    args = ["recommend", str(EXAMPLE)]
    target = src / "authadvisor" / "rules" / "outcome.py"
    probe(args, env, src)
    done, loaders = probe(args, env, src)
    assert loaders["authadvisor.rules.outcome"][0] == "Loader" and b"edit" not in done.stderr

    text = target.read_text(encoding="utf-8")
    target.write_text(text + "import sys\nsys.stderr.write('edit one\\n')\n", encoding="utf-8")
    for _ in range(2):  # found as usual once, then served again: the edit both times
        done, loaders = probe(args, env, src)
        assert done.stderr.count(b"edit one") == 1, done.stderr
    assert loaders["authadvisor.rules.outcome"][0] == "Loader"

    before = os.stat(target)  # the same size and modification time: only the change time tells
    target.write_text(target.read_text(encoding="utf-8").replace("edit one", "edit two"), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (os.stat(target).st_size, os.stat(target).st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    done, _ = probe(args, env, src)
    assert b"edit two" in done.stderr and b"edit one" not in done.stderr

    replacement = target.with_name("outcome.py.new")  # replaced by a rename: another inode
    replacement.write_text(text + "import sys\nsys.stderr.write('edit three\\n')\n", encoding="utf-8")
    os.replace(replacement, target)
    done, _ = probe(args, env, src)
    assert b"edit three" in done.stderr


def test_a_package_added_beside_a_module_wins_as_it_would(cache_dir: Path, tmp_path: Path) -> None:
    src = copy_of_the_checkout(tmp_path)
    env = {"AUTHADVISOR_CACHE_DIR": str(cache_dir), "PYTHONDONTWRITEBYTECODE": "1"}
    args = ["recommend", str(EXAMPLE)]
    probe(args, env, src)
    _, loaders = probe(args, env, src)
    assert loaders["authadvisor.version"][0] == "Loader"
    package = src / "authadvisor" / "version"  # a package takes precedence over version.py
    package.mkdir()
    (package / "__init__.py").write_text((src / "authadvisor" / "version.py").read_text(encoding="utf-8")
                                         + "import sys\nsys.stderr.write('the package\\n')\n", encoding="utf-8")
    for _ in range(2):
        done, loaders = probe(args, env, src)
        assert b"the package" in done.stderr and done.returncode == 0, done.stderr
        assert loaders["authadvisor.version"][1] == str(package / "__init__.py")
        assert loaders["authadvisor.version"][4] == [str(package)]
    assert loaders["authadvisor.version"][0] == "Loader"


def damaged(good: bytes) -> dict:
    size = int.from_bytes(good[:8], "little")
    index = marshal.loads(good[8:8 + size])
    name = sorted(index)[0]
    beyond = dict(index, **{name: (*index[name][:6], len(good), 10)})
    not_code = dict(index, **{name: (*index[name][:6], 0, 1)})

    def framed(table: dict, rest: bytes = good[8 + size:]) -> bytes:
        data = marshal.dumps(table)
        return len(data).to_bytes(8, "little") + data + rest

    return {
        "truncated": good[: len(good) // 3],
        "garbage": b"\x00\xff" * 40,
        "empty": b"",
        "huge-index-length": (2**40).to_bytes(8, "little") + good[8:],
        "not-a-dict": framed([1, 2]),  # type: ignore[arg-type]
        "wrong-shape": framed({name: ("a", 1)}),
        "beyond-the-end": framed(beyond),
        "not-code": framed(not_code, b"N" + good[8 + size + 1:]),
        "code-cut-short": good[:8 + size] + good[8 + size:8 + size + 20],
    }


def readable(path: Path) -> bool:
    opened = modulecache.open_index(str(path))
    if opened is not None:
        os.close(opened[0])
    return opened is not None and bool(opened[1])


def test_a_damaged_file_means_importing_as_usual(cache_dir: Path) -> None:
    args = ["lint", "--format", "sarif", str(EXAMPLES)]
    assert run_process(args).returncode == 0
    [path] = kept_files(cache_dir)
    same_despite_damage(args, path, damaged(path.read_bytes()), readable)


def test_reads_refuse_what_is_not_theirs(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_process(["recommend", str(EXAMPLE)]).returncode == 0
    [path] = kept_files(cache_dir)
    opened = modulecache.open_index(str(path))
    assert opened is not None
    os.close(opened[0])
    monkeypatch.setattr(os, "getuid", lambda: os.stat(path).st_uid + 1)  # another user's file
    assert modulecache.open_index(str(path)) is None


def test_saving_only_in_the_installing_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "modules.marshal"
    finder = modulecache._Finder(str(ROOT / "authadvisor"), None)
    finder.noted.append("authadvisor.rules.engine")
    import authadvisor.rules.engine  # noqa: F401 - imported the usual way: a module to keep

    monkeypatch.setattr(modulecache, "_state", {"pid": os.getpid() + 1, "path": str(path), "finder": finder})
    modulecache.save()  # a forked worker: never writes
    assert not path.exists()
    modulecache._state["pid"] = os.getpid()
    modulecache.save()
    fd, index, _base, _size = modulecache.open_index(str(path))
    os.close(fd)
    assert set(index) == {"authadvisor.rules.engine"}


def test_nothing_is_installed_for_a_library_user() -> None:
    code = ("import sys, authadvisor, authadvisor.api\n"
            "from authadvisor.startup import modulecache\n"
            "print(any(isinstance(f, modulecache._Finder) for f in sys.meta_path))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "False", done.stderr


def test_a_read_only_cache_folder_costs_no_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing can be kept: save() gives up before compiling anything (else every run would pay for it)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    finder = modulecache._Finder(str(ROOT / "authadvisor"), None)
    finder.noted.append("authadvisor.rules.engine")
    import authadvisor.rules.engine  # noqa: F401 - imported the usual way: a module to keep

    compiled: list = []
    monkeypatch.setattr(modulecache, "compile", lambda *a, **k: compiled.append(a), raising=False)
    monkeypatch.setattr(modulecache, "_state", {"pid": os.getpid(), "path": str(folder / "m.marshal"),
                                                "finder": finder})
    monkeypatch.setattr(modulecache, "writable", lambda _folder: False)
    modulecache.save()
    assert compiled == [] and not (folder / "m.marshal").exists()
    monkeypatch.setattr(modulecache, "writable", lambda _folder: True)
    finder.noted.append("authadvisor.rules.engine")
    modulecache.save()
    assert len(compiled) == 1 and not (folder / "m.marshal").exists()  # (the stand-in gave no code)
