"""The docs' caches and workers change nothing but speed: snippets through a run's SnippetMemo are
render_snippets' bytes for any manifest (hostile text included, after any other manifests), every cached
piece is keyed on every context name it reads, pages are the same with the memo and without it, and
the same with one process and with several."""

from __future__ import annotations

import contextlib
import json
import re
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from docskit import build
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from snippetkit import manifest_of

from authadvisor.docs.render import render_pages
from authadvisor.errors import ManifestError
from authadvisor.rules.tables import builtin_rules, outcome_for
from authadvisor.snippets import TARGETS, render_snippets
from authadvisor.snippets import split as S
from authadvisor.snippets.filters import SnippetValueError
from authadvisor.snippets.memo import SnippetMemo, freeze
from authadvisor.snippets.render import environment

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOSTILE = st.sampled_from([
    '$(touch x) `touch y` "; rm -rf ~ #', "<script>alert(1)</script>", "[a](javascript:x)", "**b** _i_ ~s~",
    "| pipe | cell |", "```\nfence", "- item", "1. one", "# heading", "{{ jinja }}", "{% raw %}", "a@b.example",
    "www.evil.example", "http://x.example", "'''", '"""', "\\", "${HOME}", "?> <?php", "\\u000a", "*/", "&amp;",
    "bidi\u202eoverride", "line\nbreak", "emoji \U0001f600", "nul\x00", "tab\there", "   ", "",
])
FREE = st.one_of(HOSTILE, st.text(max_size=40), st.lists(HOSTILE, max_size=3).map(" ".join))
NAMES = st.from_regex(r"[a-z][a-z0-9-]{2,20}[a-z0-9]", fullmatch=True)
CALLERS = {"pos_terminal": {"credentials": "store_specific"}, "backend_service": {},
           "end_customer_app": {"customer_login": ["otp"]}, "partner_app": {"client_type": "public"},
           "pos_central_server": {}}
CLUSTERS = [None, "india", "apac", "apac2", "eu", "us", "china"]
RULES = builtin_rules()
#: one memo for every example of every test: pieces cached for earlier manifests are in it
MEMO = SnippetMemo()


def _manifest(name: str, caller: str, cluster, description: str, owner: str, org: str, brand: str,
              extra: dict) -> dict:
    data: dict = {"authadvisor": 1, "name": name, "integration": {"caller": caller, **CALLERS[caller]}}
    for key, value in (("description", description), ("owner", owner)):
        if value:
            data[key] = value
    capillary = {k: v for k, v in (("cluster", cluster), ("org", org), ("brand", brand)) if v}
    if capillary:
        data["capillary"] = capillary
    data["integration"].update(extra)
    return data


EXTRA = st.sampled_from([{}, {"app_platform": ["web"]}, {"app_platform": ["mobile", "web"]},
                         {"client_type": "confidential"}])
MANIFESTS = st.builds(_manifest, NAMES, st.sampled_from(sorted(CALLERS)), st.sampled_from(CLUSTERS), FREE, FREE,
                      FREE, FREE, EXTRA)


def _both(data: dict):
    try:
        manifest = manifest_of(data)
    except ManifestError:
        assume(False)
    outcome = outcome_for(manifest, RULES)
    try:
        plain = render_snippets(manifest, outcome, RULES, TARGETS)
    except SnippetValueError:
        with pytest.raises(SnippetValueError):
            MEMO.render(manifest, outcome, RULES, TARGETS)
        return None, None
    return MEMO.render(manifest, outcome, RULES, TARGETS), plain


@SETTINGS
@given(MANIFESTS)
def test_memo_snippets_are_render_snippets(data: dict) -> None:
    cached, plain = _both(data)
    assert cached == plain


@SETTINGS
@given(MANIFESTS, st.sampled_from(["name", "description", "owner", "org", "brand", "cluster"]), FREE)
def test_two_manifests_differing_in_one_field_get_their_own_snippets(data: dict, field: str, value: str) -> None:
    """The second manifest differs from the first in one field only, and is rendered right after it
    through the same memo: its snippets are its own (as render_snippets writes them)."""
    first, plain_first = _both(data)
    other = json.loads(json.dumps(data))
    if field in ("org", "brand", "cluster"):
        other.setdefault("capillary", {})[field] = value if field != "cluster" else "eu"
    elif field == "name":
        other["name"] = data["name"] + "-2"
    else:
        other[field] = value
    second, plain = _both(other)
    assert second == plain
    assert (first == second) == (plain_first == plain)  # the memo shares output only where it is the same


def _contexts():
    """Snippet contexts of the examples and of a generated corpus (every method and cluster)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from lint_bench import manifest as bench_manifest
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    import random

    import yaml

    from authadvisor.snippets.context import build_context

    rng = random.Random(7)
    sources = [manifest_of(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    for i in range(54):
        with contextlib.suppress(ManifestError):  # the corpus' few manifests with a typo
            sources.append(manifest_of(yaml.safe_load(bench_manifest(i, rng))))
    return [(build_context(m, outcome_for(m, RULES), RULES), outcome_for(m, RULES).method) for m in sources]


def test_every_piece_reads_only_names_in_its_key() -> None:
    """Each piece renders from a context holding nothing but the names its cache key is made of
    (StrictUndefined: reading any other name would fail), and gives the same text as from the whole
    context: the key covers everything the piece reads."""
    env = environment()
    checked = set()
    for ctx, method in _contexts():
        for target in TARGETS:
            p = S.plan(env, f"{method}/{target}.j2")
            if p.reads is None:
                continue
            for reads, template in ((p.reads, p.body), *((part.reads, part.template) for part in p.header)):
                only = {k: v for k, v in ctx.items() if k in reads}
                assert template.render(only) == template.render(ctx), p.name
                checked.add(p.name)
    assert len(checked) >= 36  # every inline target of every method was split and checked


def test_split_covers_the_inline_targets_and_leaves_postman_whole() -> None:
    env = environment()
    for method in ("basic", "oauth2_client_credentials", "mobile_api_auth", "oauth2_authorization_code"):
        for target in TARGETS:
            p = S.plan(env, f"{method}/{target}.j2")
            if target.startswith("postman"):
                assert p.reads is None or not p.header  # Postman's header sits in a `set` block
            else:
                assert p.reads is not None and [part.key.split(" ")[-1][:40] for part in p.header], p.name
                assert len(p.header) == 2, p.name  # header.j2's about ~ details
                assert "name" not in p.reads or target == "openapi", (p.name, p.reads)


def test_a_header_of_another_shape_is_rendered_whole(tmp_path: Path) -> None:
    """A templates directory whose header.j2 is not about ~ details: the header is one piece, same bytes."""
    import shutil

    from authadvisor.resources import templates_dir
    from authadvisor.snippets.context import build_context

    shutil.copytree(templates_dir() / "snippets", tmp_path / "snippets")
    header = tmp_path / "snippets" / "_lib" / "header.j2"
    text = header.read_text(encoding="utf-8")
    header.write_text(text.replace("{{ about(c) }}{{ details(c, hosts, runnable) }}",
                                   "{{ about(c) }}{{ c | trim }}\n{{ details(c, hosts, runnable) }}"),
                      encoding="utf-8")
    env = environment(str(tmp_path / "snippets"))
    memo = SnippetMemo(str(tmp_path / "snippets"))
    for ctx_source in (EXAMPLES / "backend-service.yaml", EXAMPLES / "end-customer-app.yaml"):
        m = manifest_of(ctx_source)
        outcome = outcome_for(m, RULES)
        ctx = build_context(m, outcome, RULES)
        for s in memo.render(m, outcome, RULES, TARGETS):
            p = S.plan(env, f"{outcome.method}/{s.target}.j2")
            assert len(p.header) <= 1
            assert s.content == env.get_template(f"{outcome.method}/{s.target}.j2").render(ctx)


def test_keys_keep_types_and_order() -> None:
    values = [1, 1.0, True, "1", None, "None", [1, 2], [2, 1], (1, 2), {"a": 1, "b": 2}, {"b": 2, "a": 1},
              {"a": "1"}, "", " ", "a'b", 'a"b']
    assert len({freeze(v) for v in values}) == len(values)


def test_the_context_is_plain_data() -> None:
    """freeze keys on repr, which spells every type only for plain data: the context holds nothing else."""
    def plain(v) -> bool:
        if isinstance(v, dict):
            return all(type(k) is str and plain(x) for k, x in v.items())
        if isinstance(v, list):
            return all(plain(x) for x in v)
        return v is None or type(v) in (str, int, float, bool)

    for ctx, _method in _contexts():
        assert plain(ctx)


# --- pages ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from lint_bench import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder, 80)
    return folder


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_pages_are_the_same_with_and_without_the_memo(corpus: Path, fmt: str) -> None:
    for folder in (corpus, EXAMPLES):
        docs = build([folder], fmt)
        rules = docs.entries[0].rules or RULES
        with_memo = render_pages(docs.entries, rules, fmt, dt_today(), cache=True)
        without = render_pages(docs.entries, rules, fmt, dt_today(), cache=False)
        assert list(with_memo) == list(without)
        for name in without:
            assert with_memo[name] == without[name], name
            assert _utf8(with_memo.encoded, name) == _utf8(without, name), name


def _utf8(pages, name: str):
    """A page as UTF-8 (Pages.encoded when `pages` is a function, else the text's .encode), or the error
    it raised: Pages.encoded must fail exactly as str.encode does."""
    try:
        return pages(name) if callable(pages) else pages[name].encode("utf-8")
    except UnicodeError as exc:
        return type(exc), exc.reason


def dt_today():
    from docskit import TODAY

    return TODAY


PAGE_SET = st.lists(st.tuples(FREE, FREE, FREE), min_size=2, max_size=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_SET, st.sampled_from(sorted(CALLERS)), st.sampled_from(CLUSTERS), st.sampled_from(["md", "html"]))
def test_hostile_pages_with_the_memo_are_the_pages_without_it(values, caller, cluster, fmt) -> None:
    """Manifests of one method and cluster (their snippet bodies are shared) with hostile text: every
    page through the run's memo is the page rendered from scratch, and no manifest's text reaches
    another's page."""
    with tempfile.TemporaryDirectory() as tmp:
        for i, (description, owner, org) in enumerate(values):
            data = _manifest(f"page-{i}", caller, cluster, f"marker{i}q {description}", owner, org, "", {})
            Path(tmp, f"m{i}.json").write_text(json.dumps(data), encoding="utf-8")
        docs = build([tmp], fmt)
        entries = docs.entries
        with_memo = render_pages(entries, RULES, fmt, dt_today(), cache=True)
        without = render_pages(entries, RULES, fmt, dt_today(), cache=False)
        for name in without:
            assert with_memo[name] == without[name], name
            assert _utf8(with_memo.encoded, name) == _utf8(without, name), name
        for e in entries:
            page = with_memo[f"{e.page}.{fmt}"]
            others = {m for m in re.findall(r"marker\d+q", page)}
            assert others <= {f"marker{e.page.split('-')[1]}q"}, (e.page, others)


# --- workers ----------------------------------------------------------------------------------------

def _tree(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_core_writes_what_one_process_writes(corpus: Path, tmp_path: Path, monkeypatch, fmt: str) -> None:
    from authadvisor.docs import check_docs, write_docs

    results = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("AUTHADVISOR_JOBS", jobs)
        out = tmp_path / f"out-{jobs}"
        out.mkdir()
        (out / "stale.md").write_text(f"<!-- {md_marker()} -->\n", encoding="utf-8")
        (out / "notes.md").write_text("hand-written\n", encoding="utf-8")
        docs = build([corpus], fmt)
        results[jobs] = write_docs(docs, str(out))
        assert check_docs(build([corpus], fmt), str(out)) == []
    assert _tree(tmp_path / "out-1") == _tree(tmp_path / "out-2")
    assert results["1"] == results["2"] and results["1"].removed == ["stale.md"]
    assert len(results["1"].written) == 80 + 2 + (fmt == "md")


def test_every_core_finds_what_one_process_finds(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    from authadvisor.docs import check_docs, write_docs

    out = tmp_path / "out"
    monkeypatch.setenv("AUTHADVISOR_JOBS", "1")
    write_docs(build([corpus]), str(out))
    pages = sorted(p.name for p in out.iterdir() if p.name.startswith("acme-"))
    (out / pages[3]).write_text("changed\n", encoding="utf-8")
    (out / pages[40]).unlink()
    (out / "gone.md").write_text(f"<!-- {md_marker()} -->\n", encoding="utf-8")
    found = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("AUTHADVISOR_JOBS", jobs)
        found[jobs] = check_docs(build([corpus]), str(out))
    assert found["1"] == found["2"]
    assert [(d.file, d.kind) for d in found["1"]] == sorted(
        [(pages[3], "differs"), (pages[40], "missing"), ("gone.md", "extra")])


def md_marker() -> str:
    from authadvisor.docs import MARKER

    return MARKER
