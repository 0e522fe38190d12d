"""gitlab: a GitLab Code Quality report (`artifacts: reports: codequality:`), the JSON array of Code
Climate issues GitLab's merge-request widget and diff annotations read.

Per finding: `type: issue`, `description` (the message), `check_name` (the check id), `fingerprint`
(stable across commits and unique in the report: formats/fingerprint.py), `severity` (info | minor | major
| critical | blocker: info -> info, warning -> minor, error -> major, and a security check one level higher
from `security_severity` 7.0 and two from 9.0), `categories` (Code Climate's, from the check's tags) and
`location.path` (relative to the repository root) with `location.lines.begin`/`end`. Compact JSON, one
issue per line, streamed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from ..lint.report import LintReport
from ..render.style import Style
from . import PLAIN, compact
from .fingerprint import fingerprints
from .location import repo_root, shown_path

SEVERITIES = ("info", "minor", "major", "critical", "blocker")
_BASE = {"warning": 1, "error": 2}
CATEGORIES = {"security": "Security", "correctness": "Bug Risk", "maintainability": "Clarity"}


def severity(level: str, check: Any) -> str:
    """The Code Quality severity of a finding at `level` of `check` (None: unknown check)."""
    if level not in _BASE:
        return "info"
    score = getattr(check, "security_severity", None) or 0.0
    bump = 2 if score >= 9.0 else 1 if score >= 7.0 else 0
    return SEVERITIES[min(_BASE[level] + bump, len(SEVERITIES) - 1)]


def categories(check: Any) -> list[str]:
    found = [CATEGORIES[t] for t in getattr(check, "tags", ()) if t in CATEGORIES]
    return list(dict.fromkeys(found)) or ["Bug Risk"]


def chunks(report: LintReport, style: Style = PLAIN) -> Iterator[str]:
    root = report.root or repo_root()
    checks = {c.id: c for c in report.checks}
    paths = [shown_path(f.file, root) for f in report.findings]
    prints = fingerprints(report.findings, paths)
    yield "["
    for i, (f, path, (digest, occurrence)) in enumerate(zip(report.findings, paths, prints)):
        check = checks.get(f.check)
        issue = {
            "type": "issue",
            "description": f.message,
            "check_name": f.check,
            "fingerprint": hashlib.sha256(f"{digest}:{occurrence}".encode()).hexdigest(),
            "severity": severity(f.severity, check),
            "categories": categories(check),
            "location": {"path": path, "lines": {"begin": f.span.line, "end": max(f.span.end_line, f.span.line)}},
        }
        yield ("\n" if i == 0 else ",\n") + compact(issue)
    yield "\n]\n" if report.findings else "]\n"


def render(report: LintReport, style: Style = PLAIN) -> str:
    return "".join(chunks(report, style))
