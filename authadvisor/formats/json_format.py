"""json: {"findings": [...], "summary": {...}}: findings sorted by file, line, column; fixed key order."""

from __future__ import annotations

import json

from ..lint.report import LintReport, finding_dict
from ..render.style import Style
from . import PLAIN


def render(report: LintReport, style: Style = PLAIN) -> str:
    data = {"findings": [finding_dict(f) for f in report.findings], "summary": report.summary.to_dict()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
