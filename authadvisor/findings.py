"""A finding: one problem at one place in one file. Shared by the loader, lint and the rules toolkit.

A message may quote text from the file; it is made safe once, here, for every output: anything shaped
like a credential is redacted and invisible characters are escaped (authadvisor.inert), so no format
can print a secret, a forged line or a terminal escape sequence from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from .inert import inert

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
#: findings listed per check and file; past it one finding says how many more there are (a hostile file
#: of 100,000 bad list items gives 101 findings, not 100,000, and costs no more than that to word)
MAX_PER_CHECK = 100


class Span(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    """1-based start and end position of a YAML node (end is exclusive, like the YAML marks)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def at(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column)


UNKNOWN_SPAN = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str
    file: str = "<input>"
    span: Span = UNKNOWN_SPAN
    rule: Optional[str] = None
    path: tuple = field(default=(), compare=False)
    omitted: int = field(default=0, compare=False)  #: > 0: this finding stands for that many unlisted ones
    #: secret-in-manifest only: the hash naming the secret (waivers match it; see checks.waivers)
    fingerprint: Optional[str] = field(default=None, compare=False)

    def __post_init__(self) -> None:
        from .manifest.credentials import redact

        safe = inert(redact(self.message))
        if safe != self.message:
            object.__setattr__(self, "message", safe)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple:
        return (self.file, self.span.line, self.span.column, self.check, self.message)

    def format(self) -> str:
        """`file:line:col: severity: message [check-id]`, the one-line form every command uses."""
        s = self.span
        return f"{inert(self.file)}:{s.line}:{s.column}: {self.severity}: {self.message} [{self.check}]"


def more_finding(check: str, severity: str, n: int, file: str, span: Span) -> Finding:
    """The one finding that stands for `n` findings of `check` not listed (see MAX_PER_CHECK)."""
    return Finding(check, severity, f"{n:,} more {check} finding{'s' if n != 1 else ''} in this file "
                   f"{'are' if n != 1 else 'is'} not listed (only the first {MAX_PER_CHECK} of a check are): "
                   "fix those and run again", file, span, omitted=n)


def capped(findings: Iterable[Finding], limit: int = MAX_PER_CHECK) -> list[Finding]:
    """`findings` (sorted) with at most `limit` per check and file, the rest folded into one finding per
    check and file at the first one left out (counts of earlier folds are added up)."""
    kept: list[Finding] = []
    shown: dict[tuple, int] = {}
    more: dict[tuple, list] = {}  # (file, check) -> [count, severity, span]
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.file, f.check)
        if f.omitted or shown.get(key, 0) >= limit:
            entry = more.setdefault(key, [0, f.severity, f.span])
            entry[0] += f.omitted or 1
            if SEVERITY_RANK.get(f.severity, 0) > SEVERITY_RANK.get(entry[1], 0):
                entry[1] = f.severity
            continue
        shown[key] = shown.get(key, 0) + 1
        kept.append(f)
    kept += [more_finding(check, sev, n, file, span) for (file, check), (n, sev, span) in more.items()]
    return sorted(kept, key=Finding.sort_key)
