"""Lint's fast paths agree with the slow paths they stand in for, on any input.

- manifest.yamlresolve.FastLoader resolves every node's tag as PyYAML's own resolver does;
- the JUnit writer, which streams testcases in batches from the sorted file list, writes the same bytes
  as the plain per-file dictionary it replaced, and the result is valid against junit-10.xsd;
- lint.run's compact chunks (indices out, only non-clean results back) give the same FileResults as
  linting each target in turn, serially and with forked workers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from authadvisor.findings import SEVERITY_RANK, Finding, Span
from authadvisor.formats import junit_format
from authadvisor.lint.report import FAIL_ON, LintReport
from authadvisor.manifest.yamlresolve import MEMO_LEN, FastLoader
from tests.test_lint_junit import junit_schema

#: scalars every implicit resolver claims (bool, int, float, null, timestamp, merge, value) and near misses
TRICKY = ["on", "On", "ON", "off", "yes", "No", "y", "n", "true", "False", "null", "Null", "~", "", "0", "-1",
          "+1", "0x1F", "0o17", "017", "1_000", "1:20", "190:20:30", "1.5", ".5", "-.inf", ".NaN", "1e3",
          "6.8523015e+5", "2027-01-01", "2027-1-1", "2001-12-14t21:59:43.10-05:00", "<<", "=", "!", "&a",
          "*a", "nan", "yes please", "0b101", "-", "+", ".", "no way", "2027-02-30", "1" * (MEMO_LEN + 5)]
ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=MEMO_LEN + 10)
SCALARS = st.one_of(st.sampled_from(TRICKY), ANY, st.builds(lambda a, b: a + b, st.sampled_from(TRICKY), ANY))


def _slow(kind, value, implicit):
    return Resolver.resolve(FastLoader(""), kind, value, implicit)


@settings(max_examples=600, deadline=None)
@given(value=SCALARS, plain=st.booleans(), quoted=st.booleans())
def test_fast_resolver_agrees_with_pyyaml(value: str, plain: bool, quoted: bool) -> None:
    loader = FastLoader("")
    implicit = (plain, quoted)
    expected = _slow(ScalarNode, value, implicit)
    assert loader.resolve(ScalarNode, value, implicit) == expected
    assert loader.resolve(ScalarNode, value, implicit) == expected  # the second time from the memo
    for kind in (MappingNode, SequenceNode):
        assert loader.resolve(kind, None, implicit) == _slow(kind, None, implicit)


def _tags(node) -> list:
    out = [(type(node).__name__, node.tag, node.start_mark.index, node.end_mark.index)]
    if isinstance(node.value, list):
        for item in node.value:
            for part in item if isinstance(item, tuple) else (item,):
                out += _tags(part)
    return out


@settings(max_examples=300, deadline=None)
@given(values=st.lists(SCALARS, max_size=8))
def test_documents_compose_to_the_same_nodes(values: list) -> None:
    """Whole documents (plain, quoted and flow scalars, as YAML writes them) give the same node tree."""
    lines = [f"k{i}: {v}" for i, v in enumerate(values)]  # plain where it parses
    text = "\n".join(lines) + "\n" + yaml.safe_dump({"quoted": values, "flow": [values]}, allow_unicode=True)
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        expected = yaml.compose(text, Loader=base)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            yaml.compose(text, Loader=FastLoader)
        return
    assert _tags(yaml.compose(text, Loader=FastLoader)) == _tags(expected)


NESTED = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text("abk_", min_size=1, max_size=4), inner, max_size=3), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(NESTED, st.booleans())
def test_nested_documents_compose_to_the_same_nodes(value, flow: bool) -> None:
    """Block and flow nesting, where the composer calls descend_resolver and ascend_resolver around
    every node (FastLoader's are C no-ops): the same tree, tags and marks as PyYAML's loader."""
    text = yaml.safe_dump({"root": value}, allow_unicode=True, default_flow_style=flow)
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert _tags(yaml.compose(text, Loader=FastLoader)) == _tags(yaml.compose(text, Loader=base))


def test_a_path_resolver_added_to_pyyaml_does_not_reach_manifests(monkeypatch) -> None:
    """FastLoader keeps its own empty path-resolver table, so a path resolver another library adds to
    PyYAML's classes (experimental in PyYAML) changes nothing here; PyYAML's own loader does apply it."""
    from conftest import EXAMPLES

    text = (EXAMPLES / "pos-terminal.yaml").read_text(encoding="utf-8")
    before = _tags(yaml.compose(text, Loader=FastLoader))
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    owners = [c for c in base.__mro__ if "yaml_path_resolvers" in vars(c)]  # PyYAML's: BaseResolver
    for cls in owners:
        monkeypatch.setattr(cls, "yaml_path_resolvers", {})  # a fresh table each, put back after the test
    owners[0].add_path_resolver("!shout", ["integration", "caller"], ScalarNode)  # fills it in place
    assert not [c for c in base.__mro__[:base.__mro__.index(owners[0])] if "yaml_path_resolvers" in vars(c)]
    assert FastLoader.yaml_path_resolvers == {}
    assert _tags(yaml.compose(text, Loader=FastLoader)) == before
    assert "!shout" in [tag for _kind, tag, _start, _end in _tags(yaml.compose(text, Loader=base))]


def _reference_junit(report: LintReport, fail_on: str, file_attribute: bool) -> str:
    """The writer as it was before streaming: every testcase built first, from a dict of every file."""
    by_file: dict = {name: [] for name in report.files}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    cases = [junit_format._testcase(name, by_file[name], fail_on, file_attribute) for name in sorted(by_file)]
    failures = sum(1 for _xml, failed in cases if failed)
    counts = f'tests="{len(cases)}" failures="{failures}" errors="0"'
    return ("".join(['<?xml version="1.0" encoding="UTF-8"?>\n', f'<testsuites name="{junit_format.NAME}" '
                     f'{counts}>\n', f'  <testsuite name="{junit_format.NAME}" {counts} skipped="0">\n'])
            + "".join(xml for xml, _failed in cases) + "  </testsuite>\n</testsuites>\n")


NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
FINDING = st.builds(lambda check, severity, message, line: (check, severity, message, line),
                    st.sampled_from(["schema", "insecure-url", "method-mismatch"]),
                    st.sampled_from(sorted(SEVERITY_RANK)), st.text(max_size=20), st.integers(1, 50))


@settings(max_examples=120, deadline=None)
@given(files=st.lists(NAMES, max_size=12), shuffle=st.booleans(), data=st.data(),
       fail_on=st.sampled_from(FAIL_ON), file_attribute=st.booleans())
def test_streamed_junit_is_byte_identical_to_the_reference(files: list, shuffle: bool, data: st.DataObject,
                                                           fail_on: str, file_attribute: bool) -> None:
    """Sorted unique file lists (lint's), and any other order or repeats (a LintReport built by hand);
    findings on listed files and on files the list lacks."""
    listed = files if shuffle else sorted(set(files))
    owners = st.one_of(st.sampled_from(files), NAMES) if files else NAMES
    raw = data.draw(st.lists(st.tuples(owners, FINDING), max_size=10))
    findings = tuple(sorted((Finding(c, s, m, name, Span.at(line, 1)) for name, (c, s, m, line) in raw),
                            key=Finding.sort_key))
    report = LintReport(tuple(listed), findings)
    out = junit_format.render(report, fail_on=fail_on, file_attribute=file_attribute)
    assert out == _reference_junit(report, fail_on, file_attribute)


@pytest.mark.parametrize("n", [0, 1, junit_format.BATCH, junit_format.BATCH * 2 + 3])
def test_streamed_junit_across_batches_is_identical_and_valid(n: int) -> None:
    names = tuple(f"team/m{i:04d}.yaml" for i in range(n))
    findings = tuple(Finding("schema", "error" if i % 2 else "info", f"bad <{i}> & \"x\"", names[i], Span.at(2, 3))
                     for i in range(0, n, 7))
    report = LintReport(names, findings)
    pieces = list(junit_format.chunks(report))
    assert len(pieces) <= 4 + n // junit_format.BATCH + 1  # batched: not one piece per testcase
    out = "".join(pieces)
    assert out == _reference_junit(report, "error", False)
    junit_schema().validate(out)
    assert len(ET.fromstring(out.encode("utf-8")).findall("testsuite/testcase")) == n


def _corpus(folder: Path) -> None:
    for i in range(70):
        sub = folder / f"team-{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        body = f"authadvisor: 1\nname: m{i}\nintegration: {{caller: pos_central_server}}\n"
        if i % 5 == 0:
            body += "auth: {method: basic}\n"  # method-mismatch
        if i % 7 == 0:
            body += "description: see http://wiki.example/x\nwaivers:\n  - check: insecure-url\n" \
                    "    reason: internal\n"  # suppressed
        elif i % 3 == 0:
            body += "auth: {method: oauth2_client_credentials}\n"  # clean
        (sub / f"m{i:03d}.yaml").write_text(body)
        if i % 11 == 0:
            (sub / f"other{i}.yaml").write_text("just: data\n")  # not a manifest: skipped
    secret = "ghp_" + "a1B2" * 9  # a file name shaped like a token: shown redacted
    (folder / f"{secret}.yaml").write_text("authadvisor: 1\nname: s\nintegration: {caller: backend_service}\n")
    (folder / "broken.yaml").write_text("authadvisor: 1\nname: [\n")


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_compact_chunks_give_what_linting_each_file_gives(tmp_path: Path, jobs: int) -> None:
    from authadvisor.lint import _plan
    from authadvisor.lint.discover import Excluder, discover
    from authadvisor.lint.linter import lint_file
    from authadvisor.lint.run import lint_targets

    _corpus(tmp_path)
    plan = _plan(None, None, None)
    targets = discover([str(tmp_path)], Excluder(()))
    expected = [r for t in targets if (r := lint_file(t.path, t.name, plan, t.explicit)) is not None]
    got = lint_targets(targets, plan, jobs)
    assert got == expected
    assert len(got) == 72 and any(r.suppressed for r in got) and any("(redacted)" in r.file for r in got)
    assert sum(len(r.findings) for r in got) > 10


def _reference_candidates(text: str) -> frozenset:
    """credentials._candidates as it was before the one-pass needle gate."""
    from itertools import compress

    from authadvisor.manifest import credentials as c

    if not text.isascii():
        return c._ALL
    found = frozenset(compress(c._OWNERS, map(text.lower().__contains__, c._NEEDLES)))
    if len(text) >= 32 and b"x" * 32 in text.encode("utf-8", "surrogatepass").translate(c._HEXMAP):
        found |= c._HEX_SHAPES
    return found


def _needles() -> list:
    from authadvisor.manifest import credentials as c

    return sorted(set(c._NEEDLES))


PIECES = st.one_of(st.sampled_from(_needles()), st.sampled_from([n.upper() for n in _needles()]),
                   st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                   st.text(alphabet="0123456789abcdefABCDEF", min_size=30, max_size=34),
                   st.sampled_from(["\x00", "\x1b[31m", "\u202e", "\u017f", "integration-00042.yaml", "/"]))


@settings(max_examples=800, deadline=None)
@given(parts=st.lists(PIECES, max_size=8))
def test_needle_gate_agrees_with_trying_every_needle(parts: list) -> None:
    """Text with needles (any case), halves of needles, hex runs, control, bidi and non-ASCII characters:
    the gated candidate set is the one trying every needle gives."""
    from authadvisor.manifest import credentials as c

    text = "".join(parts)
    assert c._candidates(text) == _reference_candidates(text)
    for cut in range(1, len(text), max(1, len(text) // 5)):  # needles broken apart
        assert c._candidates(text[cut:]) == _reference_candidates(text[cut:])


def _reference_key(data):
    """facts.key_from_raw as it was before its two passes became one."""
    from authadvisor.manifest import facts, vocab

    if not isinstance(data, dict):
        return None
    version = data.get("authadvisor")
    if type(version) is not int or version != vocab.SCHEMA_VERSION:
        return None
    values: list = []
    for section_name, name, multi, valid, _, _ in facts._RAW:
        section = data.get(section_name)
        if section is None:
            values.append(None)
            continue
        if not isinstance(section, dict):
            return None
        value = section.get(name)
        if value is not None:
            if not valid(value):
                return None
            if multi:
                value = frozenset(value)
        values.append(value)
    caller = values[0]
    if caller is None:
        return None
    for (_, _, _, _, applies_to, required_for), value in zip(facts._RAW, values):
        if value is None:
            if caller in required_for:
                return None
        elif applies_to is not None and caller not in applies_to:
            return None
    return tuple(values)


def _fact_values():
    from authadvisor.manifest import facts

    out = {}
    for f in facts.FACTS:
        plain = list(f.values)
        out[f.path] = st.one_of(st.none(), st.sampled_from(plain), st.lists(st.sampled_from(plain), max_size=3),
                                st.sampled_from([1, "", "other", True, {}]))
    return out


@settings(max_examples=800, deadline=None)
@given(data=st.data(), version=st.sampled_from([1, 1, 1, 2, "1", True]), drop=st.sets(st.sampled_from(
    ["integration", "auth", "capillary"])), scalar_section=st.booleans())
def test_one_pass_fact_key_agrees_with_the_two_pass_one(data, version, drop, scalar_section) -> None:
    from authadvisor.manifest import facts

    doc: dict = {"authadvisor": version}
    for (section, name), values in _fact_values().items():
        value = data.draw(values)
        if value is not None:
            doc.setdefault(section, {})[name] = value
    for section in drop:
        doc.pop(section, None)
    if scalar_section:
        doc["auth"] = "basic"
    assert facts.key_from_raw(doc) == _reference_key(doc)
