"""text: `path:line:col: severity: message [check-id]`, grouped per file, then one summary line."""

from __future__ import annotations

from ..inert import inert
from ..lint.report import LintReport
from ..render.style import SEVERITY_STYLE, Style
from . import PLAIN


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: LintReport) -> str:
    s = report.summary
    files = _plural(s.files, "file")
    suppressed = f", {s.suppressed} suppressed by waivers" if s.suppressed else ""
    if s.files == 0:
        return "no manifests found (files whose top level has an 'authadvisor' key)"
    if not s.findings:
        return f"{files} checked: no problems{suppressed}"
    with_findings = len({f.file for f in report.findings})
    counts = f"{_plural(s.error, 'error')}, {_plural(s.warning, 'warning')}, {s.info} info"
    return f"{_plural(s.findings, 'problem')} ({counts}) in {with_findings} of {files}{suppressed}"


def render(report: LintReport, style: Style = PLAIN) -> str:
    if report.quiet and not report.findings:
        return ""
    out: list[str] = []
    current = None
    for f in report.findings:
        if f.file != current:
            if current is not None:
                out.append("")
            current = f.file
        where = style(f"{inert(f.file)}:{f.span.line}:{f.span.column}:", "bold")
        severity = style(f"{f.severity}:", *SEVERITY_STYLE.get(f.severity, ()))
        out.append(f"{where} {severity} {f.message} {style(f'[{f.check}]', 'dim')}")
    if out:
        out.append("")
    summary = summary_line(report)
    worst = "error" if report.summary.error else "warning" if report.summary.warning else None
    out.append(style(summary, *SEVERITY_STYLE[worst]) if worst else style(summary, "green"))
    return "\n".join(out) + "\n"
