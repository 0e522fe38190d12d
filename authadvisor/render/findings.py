"""Findings as text and JSON (one place for the `file:line:col: severity: message [check]` form)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from ..findings import Finding
from ..inert import inert
from .style import SEVERITY_STYLE, Style


def findings_text(findings: Iterable[Finding], style: Style) -> str:
    lines = []
    for f in findings:
        where = style(f"{inert(f.file)}:{f.line}:{f.column}:", "bold")
        severity = style(f"{f.severity}:", *SEVERITY_STYLE.get(f.severity, ()))
        lines.append(f"{where} {severity} {f.message} {style(f'[{f.check}]', 'dim')}")
    return "\n".join(lines) + ("\n" if lines else "")


def finding_data(f: Finding) -> dict:
    """The JSON shape of a finding: one definition, lint's (authadvisor.lint.report.finding_dict)."""
    from ..lint.report import finding_dict

    return finding_dict(f)


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in ("error", "warning", "info")}


def findings_json(findings: list[Finding], summary: dict) -> str:
    body = {"findings": [finding_data(f) for f in findings], "summary": summary}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
