"""github: workflow commands that annotate the files of a pull request, one line per finding:
`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CHECK-ID::message [CHECK-ID]` (`::warning`, `::notice`).
Escaping follows the runner's rules: data escapes % CR LF; properties also : and ,."""

from __future__ import annotations

from ..inert import inert
from ..lint.report import LintReport
from ..render.style import Style
from . import PLAIN

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: LintReport, style: Style = PLAIN) -> str:
    lines = []
    for f in report.findings:
        s = f.span
        props = {"file": f.file.replace("\\", "/"), "line": s.line, "col": s.column, "endLine": s.end_line,
                 "endColumn": s.end_column, "title": f.check}
        joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
        message = inert(f.message)  # one line, nothing invisible (Finding made it so; kept explicit here)
        lines.append(f"::{COMMAND.get(f.severity, 'error')} {joined}::{escape_data(message)} [{f.check}]")
    return "".join(line + "\n" for line in lines)
