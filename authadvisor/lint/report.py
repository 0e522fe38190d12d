"""The outcome of a lint run, as every formatter reads it: files, sorted findings, summary, checks."""

from typing import Any, Optional

from ..findings import SEVERITY_RANK, Finding
from ..startup.namedtuples import NamedTuple

FAIL_ON = ("error", "warning", "info", "never")


class Summary(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    files: int
    findings: int
    error: int
    warning: int
    info: int
    suppressed: int

    def to_dict(self) -> dict[str, int]:
        return {"files": self.files, "findings": self.findings, "error": self.error,
                "warning": self.warning, "info": self.info, "suppressed": self.suppressed}


class LintReport(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    files: tuple[str, ...]  #: every file linted, sorted
    findings: tuple[Finding, ...]  #: sorted by file, line, column
    suppressed: int = 0
    checks: tuple = ()  #: the registry's checks (ids, help), table order
    quiet: bool = False  #: only findings at or above the fail-on level are kept (--quiet)
    root: Optional[str] = None  #: the repository root (SARIF, GitLab paths)

    @property
    def summary(self) -> Summary:
        counts = {s: 0 for s in SEVERITY_RANK}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        return Summary(len(self.files), len(self.findings), counts["error"], counts["warning"],
                       counts["info"], self.suppressed)

    def at_least(self, level: str) -> "LintReport":
        """Only the findings at or above `level` (--quiet); `never` keeps errors."""
        rank = SEVERITY_RANK.get(level, SEVERITY_RANK["error"])
        kept = tuple(f for f in self.findings if SEVERITY_RANK[f.severity] >= rank)
        return LintReport(self.files, kept, self.suppressed, self.checks, quiet=True, root=self.root)

    def exit_code(self, fail_on: str = "error") -> int:
        """0 when no finding is at or above `fail_on` (never: always 0), else 1."""
        if fail_on == "never":
            return 0
        rank = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= rank for f in self.findings) else 0


def finding_dict(f: Finding) -> dict[str, Any]:
    """The JSON shape of a finding, in the documented key order."""
    return {"check": f.check, "severity": f.severity, "file": f.file, "line": f.span.line,
            "column": f.span.column, "end_line": f.span.end_line, "end_column": f.span.end_column,
            "message": f.message, "rule": f.rule}
