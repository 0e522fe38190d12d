"""A finding: one problem at one place in one file. Shared by the loader, lint and the rules toolkit.

A message may quote text from the file; it is made safe once, here, for every output: anything shaped
like a credential is redacted and invisible characters are escaped (authadvisor.inert), so no format
can print a secret, a forged line or a terminal escape sequence from it."""

from collections.abc import Iterable
from typing import Optional

from .inert import inert
from .startup.namedtuples import NamedTuple

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
    def at(cls, line: int, column: int) -> "Span":
        return cls(line, column, line, column)


UNKNOWN_SPAN = Span(1, 1, 1, 1)


_FIELDS = ("check", "severity", "message", "file", "span", "rule", "path", "omitted", "fingerprint")


class Finding:
    """One finding, immutable. A plain class rather than a frozen dataclass (creating one at import costs
    about a millisecond of every start); it behaves like the dataclass it was, which a test holds it to:
    equal and hashed on check, severity, message, file, span and rule, `replace()` makes a changed copy."""

    __slots__ = _FIELDS
    check: str
    severity: str
    message: str
    file: str
    span: Span
    rule: Optional[str]
    path: tuple
    omitted: int  #: > 0: this finding stands for that many unlisted ones
    fingerprint: Optional[str]  #: secret-in-manifest only: the hash naming the secret (see checks.waivers)

    def __init__(self, check: str, severity: str, message: str, file: str = "<input>", span: Span = UNKNOWN_SPAN,
                 rule: Optional[str] = None, path: tuple = (), omitted: int = 0,
                 fingerprint: Optional[str] = None) -> None:
        from .manifest.credentials import redact

        for name, value in zip(_FIELDS, (check, severity, inert(redact(message)), file, span, rule, path, omitted,
                                         fingerprint)):
            object.__setattr__(self, name, value)

    def _key(self) -> tuple:
        return (self.check, self.severity, self.message, self.file, self.span, self.rule)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Finding({', '.join(f'{name}={getattr(self, name)!r}' for name in _FIELDS)})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Finding is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a Finding is immutable")

    def __reduce__(self) -> tuple:  # pickled as its fields (lint's workers send findings back)
        return (_restore, tuple(getattr(self, name) for name in _FIELDS))

    def replace(self, **changes: object) -> "Finding":
        """A copy with `changes` (its message made safe again, as a new finding's is)."""
        values = {name: getattr(self, name) for name in _FIELDS}
        values.update(changes)
        return Finding(**values)  # type: ignore[arg-type]

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


def _restore(*values: object) -> Finding:
    """A pickled finding, as it was (its message is already safe)."""
    finding = object.__new__(Finding)
    for name, value in zip(_FIELDS, values):
        object.__setattr__(finding, name, value)
    return finding
