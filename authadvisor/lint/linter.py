"""Lint one file: parse and validate (loader), data checks, code checks, waivers, severities.

Nothing here raises for a bad file: every problem is a finding with a position. Only a broken rules
table (RulesError, exit 2) escapes. Nothing is kept after a file is done: a FileResult holds findings.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any, Optional

from ..checks import FileContext, Registry, trigger_findings, waivers
from ..findings import Finding, capped
from ..manifest import facts
from ..manifest import files as loader
from ..startup.namedtuples import NamedTuple


class Plan(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    """Everything linting a file needs, built once per run (and inherited by forked workers)."""

    rules: Any
    registry: Registry
    today: dt.date

    @classmethod
    def build(cls, rules: Any, severity: Optional[Mapping[str, str]] = None,
              today: Optional[dt.date] = None) -> "Plan":
        return cls(rules, Registry.build(check_defs(rules), severity), today or dt.date.today())


def check_defs(rules: Any) -> tuple:
    """The checks of a compiled table; a table without a `checks:` section uses the built-in ones."""
    defs = rules.table.checks
    if not defs:
        from ..rules.tables import builtin_rules

        defs = builtin_rules().table.checks
    return tuple(defs)


class FileResult(NamedTuple):
    """One file's outcome (a tuple: 100,000 of them are held until the report is written)."""

    file: str
    findings: tuple[Finding, ...]
    suppressed: int = 0


def lint_parsed(parsed: loader.Parsed, plan: Plan) -> FileResult:
    registry = plan.registry
    found = list(parsed.findings)
    doc = parsed.doc
    ctx = FileContext(parsed.name, doc, parsed.validated, None, plan.rules, registry, found, plan.today,
                      parsed.text)
    if doc is not None:
        ctx.key = facts.key_from_raw(doc.data)
        found += trigger_findings(ctx)
        for run in registry.runners():
            found += run(ctx)
    kept, suppressed = waivers.apply(ctx, [f for f in found if registry.enabled(f.check)])
    out = []
    for f in kept:
        final = registry.finalize(f)
        if final is not None:  # its message was redacted and made inert when it was made (Finding)
            out.append(final)
    return FileResult(parsed.name, tuple(capped(out)), suppressed)  # sorted; at most 100 per check


def lint_file(path: str, name: str, plan: Plan, explicit: bool = True) -> Optional[FileResult]:
    """Lint the file at `path` (shown as `name`); None when it was found by a directory walk and is
    not a manifest."""
    parsed = loader.read(path, name, explicit=explicit)
    return None if parsed is None else lint_parsed(parsed, plan)


def lint_bytes(raw: bytes, name: str, plan: Plan) -> FileResult:
    """Lint manifest bytes (always treated as a manifest)."""
    parsed = loader.parse(raw, name, explicit=True)
    if parsed is None:  # pragma: no cover - explicit input is always parsed
        raise RuntimeError("explicit input was not linted")
    return lint_parsed(parsed, plan)
