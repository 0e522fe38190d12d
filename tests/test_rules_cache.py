"""The cache of validated rules tables: it holds exactly what the YAML gives, it is never stale, and no
problem with it (read-only, corrupt, foreign, turned off) changes what a command does."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, run_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.errors import RulesError
from authadvisor.rules import cache, load, tables
from authadvisor.rules.load import load_table


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.json")) if folder.is_dir() else []


def no_yaml(monkeypatch) -> None:
    """Make any read of the YAML fail loudly: what loads now comes from the cache."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("the rules YAML was read although the cache holds this table")

    monkeypatch.setattr(load, "load_table", refuse)


def test_the_cached_builtin_table_is_the_yaml_table(cache_dir, monkeypatch) -> None:
    fresh = load_table(None)
    first = tables._load(None)  # a miss: loads the YAML and writes the entry
    assert len(entries(cache_dir)) == 1
    with monkeypatch.context() as m:
        no_yaml(m)
        second = tables._load(None)  # a hit
    assert cache._same(second.table, fresh.table), "the cache entry differs from the YAML"
    assert cache._same(first.table, fresh.table)
    assert second.origin == fresh.origin == "built-in rules"
    # compiled alike: same outcome for every fact combination
    from authadvisor.manifest import facts

    for key in facts.enumerate_space():
        assert second.evaluate(key) == first.evaluate(key)


def test_positions_of_a_cached_table_are_read_from_the_yaml_on_demand(cache_dir) -> None:
    tables._load(None)
    cached = tables._load(None)
    fresh = load_table(None)
    for section, entry_id in (("rules", fresh.table.rules[0].id), ("methods", "basic"), ("table", None)):
        assert cached.positions(section, entry_id) == fresh.positions(section, entry_id)
    assert cached.positions("rules", fresh.table.rules[1].id, "when") == \
        fresh.positions("rules", fresh.table.rules[1].id, "when")


def _custom(tmp_path: Path, name: str = "custom") -> Path:
    target = tmp_path / name
    shutil.copytree(ROOT / "rules", target)
    return target


def test_an_edited_table_is_never_served_stale(cache_dir, tmp_path) -> None:
    custom = _custom(tmp_path)
    before = tables.load_rules(custom)
    assert before.scenarios["pos_client_to_server"].title == "POS client-to-server integration"
    scenarios = custom / "scenarios.yaml"
    scenarios.write_text(scenarios.read_text(encoding="utf-8").replace(
        "title: POS client-to-server integration", "title: Edited after the table was cached", 1), encoding="utf-8")
    after = tables.load_rules(custom)
    assert after.scenarios["pos_client_to_server"].title == "Edited after the table was cached"
    assert cache._same(after.table, load_table(custom).table)
    assert len(entries(cache_dir)) == 2  # one entry per content


def test_a_table_broken_after_caching_is_reported_not_served(cache_dir, tmp_path) -> None:
    custom = _custom(tmp_path)
    tables.load_rules(custom)
    (custom / "table.yaml").write_text("table: [\n", encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        tables.load_rules(custom)
    assert exc.value.findings and exc.value.findings[0].check == "yaml-syntax"


def test_a_custom_table_that_extends_the_builtin_one_keys_on_both(cache_dir, tmp_path, monkeypatch) -> None:
    custom = tmp_path / "ext"
    custom.mkdir()
    (custom / "table.yaml").write_text("table:\n  version: 1\n  extends: builtin\n  disable: [method-mismatch]\n",
                                       encoding="utf-8")
    first = tables.load_rules(custom)
    assert first.origin == f"{custom} (extends the built-in rules)"
    with monkeypatch.context() as m:
        no_yaml(m)
        second = tables.load_rules(custom)
    assert second.origin == first.origin
    assert cache._same(second.table, first.table)
    # the built-in files are part of the key: another built-in table, another key
    key_before = cache.table_key(custom, custom=True)
    assert key_before == cache.table_key(custom, custom=True)
    builtin_copy = _custom(tmp_path, "builtin-copy")
    (builtin_copy / "sources.yaml").write_text(
        (builtin_copy / "sources.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(cache, "builtin_dir", lambda: str(builtin_copy))
    assert cache.table_key(custom, custom=True) != key_before


@pytest.mark.parametrize("damage", ["truncated", "not-json", "wrong-key", "wrong-shape", "foreign"])
def test_a_damaged_or_foreign_entry_is_ignored(cache_dir, monkeypatch, damage) -> None:
    tables._load(None)
    [entry] = entries(cache_dir)
    text = entry.read_text(encoding="utf-8")
    if damage == "truncated":
        entry.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "not-json":
        entry.write_bytes(b"\x80\x00 not json")
    elif damage == "wrong-key":
        entry.write_text(text.replace('"key":"', '"key":"0', 1), encoding="utf-8")
    elif damage == "wrong-shape":
        entry.write_text(json.dumps({"format": cache.FORMAT, "key": entry.stem[6:], "extends": False,
                                     "table": ["not", "a", "table"]}), encoding="utf-8")
    else:
        real = os.getuid
        monkeypatch.setattr(os, "getuid", lambda: real() + 1)
    key = cache.table_key(cache.builtin_dir(), custom=False)
    assert key is not None
    assert cache.read(key) is None
    rules = tables._load(None)  # falls back to the YAML
    assert cache._same(rules.table, load_table(None).table)


def test_an_unwritable_cache_dir_changes_nothing(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("AUTHADVISOR_CACHE_DIR", str(blocker / "cache"))  # mkdir fails: NotADirectoryError
    rules = tables._load(None)
    assert cache._same(rules.table, load_table(None).table)
    assert blocker.read_text() == "not a directory"


def test_the_cache_can_be_turned_off(cache_dir, monkeypatch) -> None:
    monkeypatch.setenv("AUTHADVISOR_NO_CACHE", "1")
    tables._load(None)
    assert entries(cache_dir) == []


def test_a_value_json_cannot_hold_is_not_cached(cache_dir) -> None:
    import datetime as dt

    from authadvisor.rules.record import freeze

    table = freeze({"table": {"name": "t", "when": dt.date(2030, 1, 1)}})
    cache.write("0" * 64, table, extends=False)
    table = freeze({"table": {"name": "t", "flag": True, "count": 1}})  # survives: bool stays bool
    cache.write("1" * 64, table, extends=False)
    assert [p.name for p in entries(cache_dir)] == [f"rules-{'1' * 64}.json"]
    assert cache.read("1" * 64) == (table, False)
    assert type(cache.read("1" * 64)[0].table.flag) is bool


def test_commands_give_the_same_bytes_with_a_cold_warm_and_unwritable_cache(tmp_path) -> None:
    example = str(ROOT / "examples" / "pos-terminal.yaml")
    outputs = []
    for env in ({"AUTHADVISOR_CACHE_DIR": str(tmp_path / "c")}, {"AUTHADVISOR_CACHE_DIR": str(tmp_path / "c")},
                {"AUTHADVISOR_CACHE_DIR": str(ROOT / "README.md" / "x")}, {"AUTHADVISOR_NO_CACHE": "1"}):
        done = run_process(["recommend", "--format", "json", example], env=env)
        checked = run_process(["rules", "check"], env=env)
        outputs.append((done.returncode, done.stdout, done.stderr, checked.returncode, checked.stdout))
    assert outputs[0][0] == 0 and outputs[0][3] == 0
    assert all(o == outputs[0] for o in outputs), "the cache changed a command's output"
    assert len(entries(tmp_path / "c")) == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
       .filter(lambda t: t.strip()))
def test_property_a_cached_table_equals_the_fresh_one(tmp_path, monkeypatch, text) -> None:
    folder = tmp_path / f"t{abs(hash(text))}"
    if folder.exists():
        return
    monkeypatch.setenv("AUTHADVISOR_CACHE_DIR", str(folder / "cache"))
    custom = _custom(folder)
    methods = custom / "methods.yaml"
    source = methods.read_text(encoding="utf-8")
    marker = "    title: "
    at = source.index(marker) + len(marker)
    end = source.index("\n", at)
    methods.write_text(source[:at] + json.dumps(text) + source[end:], encoding="utf-8")
    try:
        fresh = load_table(custom)
    except RulesError:
        return  # a title the schema refuses: nothing to cache
    miss = tables.load_rules(custom)
    hit = tables.load_rules(custom)
    assert cache._same(miss.table, fresh.table) and cache._same(hit.table, fresh.table)
    assert hit.table.methods[0].title == text


def test_rules_check_on_a_cached_custom_table_still_points_into_its_files(cache_dir, tmp_path) -> None:
    custom = _custom(tmp_path)
    (custom / "rules.yaml").write_text((custom / "rules.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    cold = run_cli(["--rules", str(custom), "rules", "check"])
    warm = run_cli(["--rules", str(custom), "rules", "check"])
    assert (cold.exit_code, cold.stdout, cold.stderr) == (warm.exit_code, warm.stdout, warm.stderr)
    assert entries(cache_dir)


def test_the_key_covers_the_code_that_validates_a_table(tmp_path, monkeypatch) -> None:
    """Another validator, schema or set of check modules gives another key (so no entry outlives them)."""
    key = cache.table_key(cache.builtin_dir(), custom=False)
    assert key == cache.table_key(cache.builtin_dir(), custom=False)
    fake = tmp_path / "pkg"
    shutil.copytree(Path(cache.__file__).resolve().parent.parent, fake, ignore=shutil.ignore_patterns("__pycache__"))
    moved = tuple(str(fake / Path(p).relative_to(Path(cache.__file__).resolve().parent.parent)) for p in cache._CODE)
    monkeypatch.setattr(cache, "_CODE", moved)
    monkeypatch.setattr(cache, "_PACKAGE", str(fake))
    assert cache.table_key(cache.builtin_dir(), custom=False) == key
    (fake / "manifest" / "schemas" / "rules-v1.schema.json").write_text("{}", encoding="utf-8")
    edited_schema = cache.table_key(cache.builtin_dir(), custom=False)
    assert edited_schema not in (None, key)
    (fake / "checks" / "urls.py").unlink()
    assert cache.table_key(cache.builtin_dir(), custom=False) not in (None, key, edited_schema)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
                    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_an_entry_is_read_as_record_freeze_of_its_json(value) -> None:
    """The cache's one-pass reader is record.freeze(json.loads(...)): the same values and types throughout
    (Records for objects, tuples for arrays, also nested in arrays), keys in the same order."""
    from authadvisor.rules.record import freeze

    for text in (json.dumps(value), json.dumps({"table": value}), '{"a": 1, "b": [[{"c": []}]], "a": 2}'):
        assert cache._same(cache._loads(text), freeze(json.loads(text))), text


def test_the_builtin_entry_reads_as_the_yaml_table(cache_dir) -> None:
    key = cache.table_key(cache.builtin_dir(), custom=False)
    table = load_table(None).table
    cache.write(key, table, extends=False)
    hit = cache.read(key)
    assert hit is not None and cache._same(hit[0], table) and hit[1] is False
