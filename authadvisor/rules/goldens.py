"""Golden cases kept beside a rules table (`<rules>/tests/*.yaml`): run them and report coverage."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..errors import ManifestError
from ..findings import Finding, Span
from ..manifest import facts
from ..manifest.fastschema import load_schema, validate
from ..manifest.rawfile import read_bytes
from ..manifest.safeyaml import Document, load_yaml
from ..manifest.validate import check_manifest, schema_findings
from .engine import Rules

TESTS_SCHEMA = "rules-tests-v1.schema.json"
CHECK = "rules-test"


@dataclass
class CaseResult:
    case: str
    file: str
    span: Span
    problems: list[str] = field(default_factory=list)
    rule: Optional[str] = None
    checks: tuple[str, ...] = ()  # the lint check ids that fired

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class TestRun:
    results: list[CaseResult]
    errors: list[Finding]  # unreadable case files
    uncovered_rules: list[str]
    files: int
    uncovered_checks: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]


def test_files(rules_dir: Path) -> list[Path]:
    directory = rules_dir / "tests"
    return sorted(p for p in directory.glob("*.y*ml") if p.is_file()) if directory.is_dir() else []


def _compare(expect: dict, outcome: Any) -> list[str]:
    problems = []
    for name in ("method", "scenario", "rule"):
        wanted = expect.get(name)
        if wanted is not None and getattr(outcome, name) != wanted:
            problems.append(f"expected {name} {wanted}, got {getattr(outcome, name)}")
    present = {n.id for n in outcome.requirements} | {n.id for n in outcome.warnings}
    for group in ("requirements", "warnings"):
        have = {n.id for n in getattr(outcome, group)}
        missing = [i for i in expect.get(group, ()) if i not in have]
        if missing:
            problems.append(f"expected {group} {', '.join(missing)}; got {', '.join(sorted(have)) or 'none'}")
    unwanted = [i for i in expect.get("absent", ()) if i in present]
    if unwanted:
        problems.append(f"expected no {', '.join(unwanted)}, but the recommendation has it")
    return problems


def _lint_checks(rules: Rules, case: dict, name: str) -> tuple[str, ...]:
    """The check ids lint reports for the case's manifest, with the case's `today`."""
    import datetime as dt
    import json

    from ..lint import lint_text

    manifest = case["manifest"]
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    today = dt.date.fromisoformat(case["today"]) if case.get("today") else None
    report = lint_text(text, name, rules=rules, today=today)
    return tuple(sorted({f.check for f in report.findings}))


def _compare_checks(rules: Rules, wanted: tuple, got: tuple) -> list[str]:
    from ..suggest import did_you_mean

    known = [c.id for c in rules.table.get("checks", ())]
    problems = [f"no check has id {c!r}{did_you_mean(c, known)}" for c in wanted if c not in known]
    if not problems and sorted(set(wanted)) != list(got):
        problems.append(f"expected checks [{', '.join(sorted(set(wanted))) or 'none'}], "
                        f"lint reported [{', '.join(got) or 'none'}]")
    return problems


def run_case(rules: Rules, case: dict, doc: Document, where: tuple[str, Span]) -> CaseResult:
    result = CaseResult(case["id"], where[0], where[1])
    expect = case["expect"]
    manifest = case["manifest"]
    name = f"{doc.name}#{case['id']}"
    if expect.get("checks") is not None:
        result.checks = _lint_checks(rules, case, name)
        result.problems += _compare_checks(rules, expect["checks"], result.checks)
    try:
        mdoc = load_yaml(manifest, name) if isinstance(manifest, str) else Document(manifest, name)
        data, found = check_manifest(mdoc)
    except ManifestError as exc:
        data, found = None, list(exc.findings)
    if expect.get("error"):
        checks = sorted({f.check for f in found})
        if expect["error"] not in checks:
            result.problems.append(f"expected the manifest to be refused with [{expect['error']}], got "
                                   + (", ".join(f"[{c}]" for c in checks) if checks else "a valid manifest"))
        return result
    if data is None:
        result.problems += [f"the manifest is invalid: {f.message} [{f.check}]" for f in found]
        return result
    outcome = rules.evaluate(facts.key_of(data))
    result.rule = outcome.rule
    result.problems += _compare(expect, outcome)
    return result


def run(rules: Rules, rules_dir: Path) -> TestRun:
    """Run every golden case under `rules_dir/tests/` against `rules`."""
    schema = load_schema(TESTS_SCHEMA)
    results: list[CaseResult] = []
    errors: list[Finding] = []
    files = test_files(rules_dir)
    for path in files:
        name = os.fspath(path)
        try:
            doc = load_yaml(read_bytes(path, name), name)
        except ManifestError as exc:
            errors += exc.findings
            continue
        data, problems = validate(doc.data, schema)
        if problems:
            errors += schema_findings(problems, doc, schema)
            continue
        seen: set[str] = set()
        for i, case in enumerate(data["cases"]):
            where = (name, doc.span(("cases", i, "id")))
            if case["id"] in seen:
                errors.append(Finding(CHECK, "error", f"duplicate case id {case['id']!r}", name, where[1]))
                continue
            seen.add(case["id"])
            results.append(run_case(rules, case, doc, where))
    covered = {r.rule for r in results if r.passed}
    uncovered = [c.rule.id for c in rules.compiled if c.rule.id not in covered]
    fired = {c for r in results if r.passed for c in r.checks}
    unfired = [c.id for c in rules.table.get("checks", ()) if c.id not in fired]
    return TestRun(results, errors, uncovered, len(files), unfired)
