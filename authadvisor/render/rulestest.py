"""`rules test` results as text and JSON."""

from __future__ import annotations

import json

from ..rules.goldens import TestRun
from .findings import finding_data, findings_text
from .style import Style


def run_text(run: TestRun, origin: str, style: Style) -> str:
    lines = [findings_text(run.errors, style).rstrip("\n")] if run.errors else []
    for result in run.failed:
        for problem in result.problems:
            where = style(f"{result.file}:{result.span.line}:{result.span.column}:", "bold")
            lines.append(f"{where} {style('error:', 'red', 'bold')} case {result.case}: {problem} "
                         f"{style('[rules-test]', 'dim')}")
    total, failed = len(run.results), len(run.failed)
    covered = len({r.rule for r in run.results if r.passed and r.rule})
    rules_total = covered + len(run.uncovered_rules)
    lines.append(f"{origin}: {total} case(s) in {run.files} file(s): {total - failed} passed, {failed} failed; "
                 f"rules covered: {covered}/{rules_total}")
    checks_total = len(run.uncovered_checks) + len({c for r in run.results if r.passed for c in r.checks})
    if checks_total:
        lines[-1] += f"; checks exercised: {checks_total - len(run.uncovered_checks)}/{checks_total}"
    if run.uncovered_rules:
        lines.append(f"  rules not exercised by any passing case: {', '.join(run.uncovered_rules)}")
    if run.uncovered_checks:
        lines.append(f"  checks no passing case makes fire: {', '.join(run.uncovered_checks)}")
    if not run.files:
        lines.append("  no golden cases found (add them under tests/*.yaml beside the rules)")
    return "\n".join(lines) + "\n"


def run_json(run: TestRun, origin: str) -> str:
    body = {
        "rules": origin,
        "cases": [{"case": r.case, "file": r.file, "line": r.span.line, "column": r.span.column,
                   "passed": r.passed, "rule": r.rule, "checks": list(r.checks), "problems": r.problems}
                  for r in run.results],
        "errors": [finding_data(f) for f in run.errors],
        "coverage": {"uncovered_rules": run.uncovered_rules, "uncovered_checks": run.uncovered_checks},
        "summary": {"cases": len(run.results), "failed": len(run.failed), "files": run.files},
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
