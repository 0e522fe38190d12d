"""A finding: one problem at one place in one file. Shared by the loader, lint and the rules toolkit.

A message may quote text from the file; it is made safe once, here, for every output: anything shaped
like a credential is redacted and invisible characters are escaped (authadvisor.inert), so no format
can print a secret, a forged line or a terminal escape sequence from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .inert import inert

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Span:
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
