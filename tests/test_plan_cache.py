"""Split plans kept across runs (snippets.plancache): a fresh process restores them instead of parsing,
analysing and compiling the templates again, and the snippets are the same bytes whether the plans were
worked out, restored, or the stored file is damaged, foreign, stale or turned off; an edited template is
never split by a stale plan."""

from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from snippetkit import manifest_of

from authadvisor.resources import templates_dir
from authadvisor.rules.tables import builtin_rules, outcome_for
from authadvisor.snippets import TARGETS, plancache, render_snippets
from authadvisor.snippets import render as snippets_render
from authadvisor.snippets import split as S
from authadvisor.snippets.memo import SnippetMemo

RULES = builtin_rules()
METHODS = sorted(p.name for p in (templates_dir() / "snippets").iterdir() if p.is_dir() and p.name != "_lib")


def manifests() -> list:
    """One example manifest (validated data) per method, with its outcome."""
    out, seen = [], set()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        m = manifest_of(path)
        rec = outcome_for(m, RULES)
        if rec.method not in seen:
            seen.add(rec.method)
            out.append((m, rec))
    return out


def fresh_env(directory=None):
    """A new environment, as a new process has: nothing analysed or compiled in memory."""
    snippets_render.environment.cache_clear()
    return snippets_render.environment(None if directory is None else str(directory))


def plans_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("templates-*/plans-*.marshal")) if folder.is_dir() else []


def plan_all(env) -> dict:
    return {f"{m}/{t}.j2": S.plan(env, f"{m}/{t}.j2") for m in METHODS for t in TARGETS}


def shape(plan: S.Plan) -> tuple:
    """What decides a plan's renders, without the compiled objects."""
    return (plan.name, plan.reads, tuple((p.key, p.reads, p.name) for p in plan.header), plan.filters,
            plan.chain)


def memo_snippets(directory=None) -> list:
    fresh_env(directory)
    memo = SnippetMemo(None if directory is None else str(directory))
    return [memo.render(m, rec, RULES, TARGETS) for m, rec in manifests()]


def whole_snippets() -> list:
    return [render_snippets(m, rec, RULES, TARGETS) for m, rec in manifests()]


def test_plans_are_worked_out_once_then_restored(cache_dir, compiles) -> None:
    worked = plan_all(fresh_env())
    assert any(p.reads is not None for p in worked.values()), "no template splits: nothing is tested"
    assert len(plans_files(cache_dir)) == 1
    compiles.clear()
    restored = plan_all(fresh_env())
    assert [shape(p) for p in restored.values()] == [shape(p) for p in worked.values()]
    assert not [n for n in compiles if "(body)" in n or "(about)" in n or "(details)" in n or "(header)" in n], \
        "a fresh environment compiled split pieces again"
    assert memo_snippets() == whole_snippets()


def test_restored_parts_are_shared_as_worked_out_ones_are(cache_dir) -> None:
    def sharing(plans: dict) -> set:
        return {(a, b) for a, pa in plans.items() for b, pb in plans.items()
                for x in pa.header for y in pb.header if x.key == y.key and x is y}

    worked = plan_all(fresh_env())
    assert sharing(plan_all(fresh_env())) == sharing(worked)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "wrong shape", "not a dict", "foreign"])
def test_a_damaged_or_foreign_plans_file_is_ignored(cache_dir, monkeypatch, compiles, damage) -> None:
    plan_all(fresh_env())
    (file,) = plans_files(cache_dir)
    data = file.read_bytes()
    if damage == "truncated":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        file.write_bytes(os.urandom(256))
    elif damage == "empty":
        file.write_bytes(b"")
    elif damage == "wrong shape":
        records = marshal.loads(data)
        file.write_bytes(marshal.dumps({name: ("not code", (), (), ()) for name in records}))
    elif damage == "not a dict":
        file.write_bytes(marshal.dumps(["a", "list"]))
    else:
        monkeypatch.setattr(os, "getuid", lambda: os.stat(file).st_uid + 1)
    compiles.clear()
    assert memo_snippets() == whole_snippets()
    assert any("(body)" in n for n in compiles), "the plans were not worked out afresh"


def test_an_edited_template_is_never_split_by_a_stale_plan(cache_dir, tmp_path) -> None:
    root = tmp_path / "snippets"
    shutil.copytree(templates_dir() / "snippets", root)
    m, rec = manifests()[0]
    target = next(t for t in TARGETS if S.plan(fresh_env(root), f"{rec.method}/{t}.j2").reads is not None)
    before = SnippetMemo(str(root)).render(m, rec, RULES, [target])[0].content
    path = root / rec.method / f"{target}.j2"
    path.write_text(path.read_text(encoding="utf-8") + "edited body line\n", encoding="utf-8")
    fresh_env(root)
    after = SnippetMemo(str(root)).render(m, rec, RULES, [target])[0].content
    assert after == before + "edited body line\n"
    assert len(plans_files(cache_dir)) == 2, "the edited templates did not get a plans file of their own"


def test_an_added_template_names_another_plans_file(cache_dir, tmp_path) -> None:
    root = tmp_path / "snippets"
    shutil.copytree(templates_dir() / "snippets", root)
    first = plancache.path(fresh_env(root))
    (root / "_lib" / "extra.j2").write_text("{{ nothing }}\n", encoding="utf-8")
    assert plancache.path(fresh_env(root)) != first


def test_no_cache_stores_no_plans(cache_dir, monkeypatch) -> None:
    monkeypatch.setenv("AUTHADVISOR_NO_CACHE", "1")
    assert plancache.path(fresh_env()) is None
    assert memo_snippets() == whole_snippets()
    assert plans_files(cache_dir) == []


def test_an_unwritable_cache_still_renders(cache_dir, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("AUTHADVISOR_CACHE_DIR", str(blocker / "cache"))  # mkdir fails
    assert memo_snippets() == whole_snippets()
