"""`authadvisor lint` as a library: lint files, directories or text into a LintReport.

    from authadvisor.lint import lint_paths
    report = lint_paths(["examples"])
    report.exit_code("error"), report.summary.to_dict()

"Today" (for waiver expiry) is the `today` argument, else the AUTHADVISOR_TODAY environment variable
(an ISO date, for reproducible CI and tests), else the system date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional, Union

from ..errors import UsageError
from .discover import Excluder, Target, discover
from .linter import FileResult, Plan, lint_bytes
from .report import FAIL_ON, LintReport, Summary, finding_dict
from .run import lint_targets

__all__ = ["FAIL_ON", "LintReport", "Plan", "Summary", "Target", "finding_dict", "lint_paths", "lint_text",
           "today_from_env"]


def today_from_env() -> Optional[dt.date]:
    value = os.environ.get("AUTHADVISOR_TODAY", "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"AUTHADVISOR_TODAY={value!r} is not an ISO date such as 2027-03-31") from None


def _plan(rules: Any, severity: Optional[Mapping[str, str]], today: Optional[dt.date]) -> Plan:
    if rules is None:
        from ..rules.tables import builtin_rules

        rules = builtin_rules()
    return Plan.build(rules, severity, today or today_from_env())


def report_of(results: Iterable[FileResult], plan: Plan) -> LintReport:
    results = sorted(results, key=lambda r: r.file)
    findings = tuple(f for r in results for f in r.findings)
    return LintReport(tuple(r.file for r in results), findings, sum(r.suppressed for r in results),
                      tuple(plan.registry.checks.values()))


def lint_paths(paths: Sequence[str] = (), *, rules: Any = None, exclude: Iterable[str] = (),
               exclude_root: Optional[str] = None, severity: Optional[Mapping[str, str]] = None,
               today: Optional[dt.date] = None, jobs: Optional[int] = None,
               follow_symlinks: bool = False) -> LintReport:
    """Lint files and directories (the current directory when `paths` is empty). Symlinks that lead
    out of a directory given are not followed unless `follow_symlinks`."""
    plan = _plan(rules, severity, today)
    targets = discover(list(paths), Excluder(exclude, exclude_root), follow_symlinks=follow_symlinks)
    return report_of(lint_targets(targets, plan, jobs), plan)


def lint_text(text: Union[str, bytes], name: str = "<input>", *, rules: Any = None,
              severity: Optional[Mapping[str, str]] = None, today: Optional[dt.date] = None) -> LintReport:
    """Lint one manifest given as text or bytes."""
    plan = _plan(rules, severity, today)
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return report_of([lint_bytes(raw, name, plan)], plan)
