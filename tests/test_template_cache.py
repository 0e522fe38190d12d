"""Compiled templates cached across runs (render.templatecache): the output is the same bytes with a cold,
warm, damaged, foreign, unwritable or disabled cache; an edited template or edited filter code is never
served from a stale entry; entries are only ever read from the current user's own files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT, run_process

from authadvisor.render import templatecache
from authadvisor.resources import templates_dir
from authadvisor.snippets import render as snippets_render

EXAMPLE = str(ROOT / "examples" / "pos-terminal.yaml")


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("templates-*/*.code")) if folder.is_dir() else []


def env_over(root: Path):
    return templatecache.sandboxed_environment("test", root, undefined=jinja2.StrictUndefined,
                                               keep_trailing_newline=True)


def test_a_template_is_compiled_once_then_loaded(cache_dir, tmp_path, compiles) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello.j2").write_text("hello {{ name }}\n", encoding="utf-8")
    assert env_over(tmp_path / "t").get_template("hello.j2").render(name="a") == "hello a\n"
    assert compiles == ["hello.j2"] and len(entries(cache_dir)) == 1
    assert env_over(tmp_path / "t").get_template("hello.j2").render(name="b") == "hello b\n"
    assert compiles == ["hello.j2"], "a fresh environment compiled the template again"


def test_an_edited_template_is_never_served_stale(cache_dir, tmp_path, compiles) -> None:
    (tmp_path / "t").mkdir()
    template = tmp_path / "t" / "hello.j2"
    template.write_text("old {{ name }}\n", encoding="utf-8")
    env_over(tmp_path / "t").get_template("hello.j2").render(name="a")
    template.write_text("new {{ name }}\n", encoding="utf-8")  # same name, same file, same size
    assert env_over(tmp_path / "t").get_template("hello.j2").render(name="a") == "new a\n"
    assert compiles == ["hello.j2", "hello.j2"]


def test_the_key_covers_every_code_file_options_and_label(monkeypatch, tmp_path) -> None:
    """Filters and finalize run at compile time on constant expressions: their code is part of the key."""
    env_class = jinja2.sandbox.SandboxedEnvironment

    def folder_key(*args):
        templatecache.code_digest.cache_clear()  # read once per process: read the files again here
        return templatecache.folder_key(*args)

    key = folder_key("x", env_class, {"trim_blocks": True})
    assert key == folder_key("x", env_class, {"trim_blocks": True})
    assert key != folder_key("y", env_class, {"trim_blocks": True})
    assert key != folder_key("x", env_class, {"trim_blocks": False})
    assert key != folder_key("x", jinja2.Environment, {"trim_blocks": True})
    names = {os.path.basename(p) for p in templatecache.code_files()}
    assert {"filters.py", "markdown.py", "render.py", "inert.py", "chars.py", "templatecache.py"} <= names
    for original in templatecache.code_files():
        copy = tmp_path / os.path.basename(os.path.dirname(original)) / os.path.basename(original)
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(original, copy)
        files = [str(copy) if p == original else p for p in templatecache.code_files()]
        monkeypatch.setattr(templatecache, "code_files", lambda files=files: files)
        assert folder_key("x", env_class, {"trim_blocks": True}) == key
        copy.write_bytes(copy.read_bytes() + b"\n# edited\n")
        assert folder_key("x", env_class, {"trim_blocks": True}) != key, original
        monkeypatch.undo()
    templatecache.code_digest.cache_clear()  # forget the edited copies' digest


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "foreign"])
def test_a_damaged_or_foreign_entry_is_compiled_afresh(cache_dir, monkeypatch, compiles, damage) -> None:
    snippets_render.environment.cache_clear()
    first = snippets_render.environment().get_template("basic/curl.j2").render(_context())
    cached = entries(cache_dir)
    assert cached
    for entry in cached:
        data = entry.read_bytes()
        if damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            entry.write_bytes(b"j2" + os.urandom(64))
        elif damage == "empty":
            entry.write_bytes(b"")
    if damage == "foreign":
        real = os.getuid
        monkeypatch.setattr(os, "getuid", lambda: real() + 1)
    snippets_render.environment.cache_clear()
    compiles.clear()
    again = snippets_render.environment().get_template("basic/curl.j2").render(_context())
    snippets_render.environment.cache_clear()
    assert again == first
    assert "basic/curl.j2" in compiles and len(compiles) == len(cached), "a damaged or foreign entry was used"


def _context() -> dict:
    from authadvisor import load_manifest, load_rules, recommend
    from authadvisor.snippets.context import build_context

    manifest = load_manifest(EXAMPLE)
    return build_context(manifest, recommend(manifest), load_rules())


def test_an_unwritable_or_disabled_cache_changes_nothing(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("AUTHADVISOR_CACHE_DIR", str(blocker / "cache"))
    assert env_over(templates_dir() / "snippets").get_template("basic/curl.j2") is not None
    assert blocker.read_text() == "not a directory"
    monkeypatch.setenv("AUTHADVISOR_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("AUTHADVISOR_NO_CACHE", "1")
    assert templatecache.bytecode_cache("x", jinja2.Environment, {}) is None
    env_over(templates_dir() / "snippets").get_template("basic/curl.j2")
    assert not (tmp_path / "c").exists()


def test_entries_are_private_to_the_user(cache_dir, tmp_path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello.j2").write_text("hi\n", encoding="utf-8")
    env_over(tmp_path / "t").get_template("hello.j2")
    [entry] = entries(cache_dir)
    assert entry.parent.stat().st_mode & 0o077 == 0
    assert not [p for p in entry.parent.iterdir() if p.name.endswith(".tmp")]


def test_snippets_docs_and_pages_give_the_same_bytes_cold_warm_and_uncached(tmp_path) -> None:
    runs = []
    for env in ({"AUTHADVISOR_CACHE_DIR": str(tmp_path / "c")}, {"AUTHADVISOR_CACHE_DIR": str(tmp_path / "c")},
                {"AUTHADVISOR_NO_CACHE": "1"}):
        out = tmp_path / f"docs-{len(runs)}"
        snippets = run_process(["snippets", EXAMPLE, "--lang", "all"], env=env)
        docs = run_process(["docs", str(ROOT / "examples"), "--out", str(out), "--format", "html"], env=env)
        page = run_process(["ask", "--html", str(tmp_path / f"q-{len(runs)}.html")], env=env)
        pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        runs.append((snippets.returncode, snippets.stdout, docs.returncode, docs.stderr, pages,
                     page.returncode, (tmp_path / f"q-{len(runs)}.html").read_bytes()))
    assert runs[0][0] == 0 and runs[0][2] == 0 and runs[0][5] == 0 and runs[0][4]
    assert list((tmp_path / "c").glob("templates-*/*.code")), "nothing was cached"
    assert runs[1] == runs[0] and runs[2] == runs[0], "the template cache changed an output"


def test_the_code_is_read_once_per_process(monkeypatch) -> None:
    templatecache.code_digest.cache_clear()
    opened: list = []
    real = templatecache.code_files
    monkeypatch.setattr(templatecache, "code_files", lambda: opened.append(1) or real())
    env_class = jinja2.sandbox.SandboxedEnvironment
    assert templatecache.folder_key("a", env_class, {}) != templatecache.folder_key("b", env_class, {})
    assert len(opened) == 1
    templatecache.code_digest.cache_clear()
