"""Findings as text and JSON (one place for the `file:line:col: severity: message [check]` form)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from ..findings import Finding
from .style import SEVERITY_STYLE, Style


def findings_text(findings: Iterable[Finding], style: Style) -> str:
    lines = []
    for f in findings:
        where = style(f"{f.file}:{f.line}:{f.column}:", "bold")
        severity = style(f"{f.severity}:", *SEVERITY_STYLE.get(f.severity, ()))
        lines.append(f"{where} {severity} {f.message} {style(f'[{f.check}]', 'dim')}")
    return "\n".join(lines) + ("\n" if lines else "")


def finding_data(f: Finding) -> dict:
    return {"check": f.check, "severity": f.severity, "file": f.file, "line": f.span.line,
            "column": f.span.column, "end_line": f.span.end_line, "end_column": f.span.end_column,
            "message": f.message, "rule": f.rule}


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in ("error", "warning", "info")}


def findings_json(findings: list[Finding], summary: dict) -> str:
    body = {"findings": [finding_data(f) for f in findings], "summary": summary}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
