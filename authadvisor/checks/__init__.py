"""The lint check registry: the rules table's `checks:` compiled once.

A check is data (`triggers:` — conditions over manifest facts, compiled to predicates here) or code
(`impl:` names a module of this package, or the loader stage). Code checks come in three stages, run by
the linter in order:
  loader            (authadvisor/manifest/files.py) parses and validates the file (yaml-syntax, schema,
                    secret-in-manifest, and insecure-url for capillary.base_url), via manifest.safeyaml
                    and manifest.validate;
  any other module  exposes `run(ctx: FileContext) -> Iterable[Finding]` (method_mismatch, urls);
  waivers           applies manifest waivers and inline ignores (waiver-expired, unused-waiver).
Severity overrides from the configuration (`off` disables) are applied here too.
"""

import importlib
from collections.abc import Iterable, Mapping
from typing import Any, Callable, Optional

from ..errors import UsageError
from ..findings import Finding
from ..rules import conditions as C
from ..startup.namedtuples import NamedTuple

STAGES = ("loader", "waivers")  #: impl modules the linter calls as stages, not through run()
OFF = "off"


class Trigger(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    predicate: Callable[[tuple], bool]
    path: tuple
    item: Optional[str]
    message: str
    severity: str


class Check(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    id: str
    severity: str  #: the effective severity (the table's, unless the configuration overrides it)
    default_severity: str
    summary: str
    rationale: str
    help_uri: str
    impl: Optional[str] = None
    triggers: tuple[Trigger, ...] = ()
    enabled: bool = True
    overridden: bool = False
    tags: tuple[str, ...] = ()  #: what kind of problem (SARIF properties.tags); "security" first when it is one
    security_severity: Optional[float] = None  #: CVSS-style score of a security check


def _compile(d: Any, override: Optional[str]) -> Check:
    """A check of the table (a read-only record) compiled, with the configuration's override."""
    from ..rules.conditions import parse_at

    triggers = []
    for t in d.triggers:
        path, item = parse_at(t.at)
        triggers.append(Trigger(C.compile_condition(C.parse(t.when)), path, item,
                                " ".join(t.message.split()), t.severity or d.severity))
    from ..version import check_doc_url

    severity = override if override not in (None, OFF) else d.severity
    return Check(id=d.id, severity=severity, default_severity=d.severity, summary=d.summary,
                 rationale=" ".join(d.rationale.split()), help_uri=d.get("help_uri") or check_doc_url(d.id),
                 impl=d.impl, triggers=tuple(triggers), enabled=override != OFF, overridden=override is not None,
                 tags=tuple(d.get("tags") or ()), security_severity=d.get("security_severity"))


class Registry:
    """Every check of the effective table, in table order, with the configuration's overrides."""

    __slots__ = ("checks", "_runners")  # a plain class, not a dataclass: one fewer to generate at start

    def __init__(self, checks: dict[str, Check]) -> None:
        self.checks = checks
        self._runners: Optional[tuple] = None

    def __repr__(self) -> str:
        return f"Registry(checks={self.checks!r})"

    @classmethod
    def build(cls, defs: Iterable[Any], overrides: Optional[Mapping[str, str]] = None) -> "Registry":
        overrides = dict(overrides or {})
        defs = tuple(defs)
        known = [d.id for d in defs]
        for check_id in overrides:
            if check_id not in known:
                from ..suggest import did_you_mean

                raise UsageError(f"unknown check {check_id!r} in the severity settings"
                                 f"{did_you_mean(check_id, known)}; run 'authadvisor checks' to list them")
        return cls({d.id: _compile(d, overrides.get(d.id)) for d in defs})

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.checks)

    def enabled(self, check_id: str) -> bool:
        check = self.checks.get(check_id)
        return check is None or check.enabled

    def trigger_checks(self) -> list[Check]:
        return [c for c in self.checks.values() if c.enabled and c.triggers]

    def runners(self) -> tuple:
        """`run` of every enabled code check's module, each once, in table order."""
        if self._runners is None:
            names: list[str] = []
            for c in self.checks.values():
                if c.enabled and c.impl and c.impl not in STAGES and c.impl not in names:
                    names.append(c.impl)
            self._runners = tuple(importlib.import_module(f"{__name__}.{n}").run for n in names)
        return self._runners

    def finalize(self, f: Finding) -> Optional[Finding]:
        """The finding with its effective severity, or None when its check is turned off."""
        check = self.checks.get(f.check)
        if check is None:
            return f
        if not check.enabled:
            return None
        if check.triggers and not check.overridden:
            return f  # a trigger may carry its own severity (pkce-required: error or warning)
        return f if f.severity == check.severity else f.replace(severity=check.severity)


class FileContext:
    """What a code check sees for one file. `key` is the fact key, None when the facts are unreliable
    (a syntax error, an unsupported version, a fact outside its domain). `validated` is the normalized
    manifest data (None when the file has schema findings), `today` the date for waiver expiry, `text` the
    file's text (for inline ignores, also when it did not parse). A plain slotted class, not a dataclass:
    one fewer to generate at every start."""

    __slots__ = ("name", "doc", "validated", "key", "rules", "registry", "findings", "today", "text")

    def __init__(self, name: str, doc: Any, validated: Any, key: Optional[tuple], rules: Any, registry: Registry,
                 findings: Optional[list] = None, today: Any = None, text: Optional[str] = None) -> None:
        self.name = name
        self.doc = doc
        self.validated = validated
        self.key = key
        self.rules = rules
        self.registry = registry
        self.findings: list = [] if findings is None else findings
        self.today = today
        self.text = text

    def severity(self, check_id: str) -> str:
        check = self.registry.checks.get(check_id)
        return check.severity if check else "error"


def trigger_findings(ctx: FileContext) -> list[Finding]:
    """Findings of the data-driven checks whose conditions hold for the file's facts."""
    if ctx.key is None:
        return []
    out = []
    for check in ctx.registry.trigger_checks():
        for t in check.triggers:
            if t.predicate(ctx.key):
                path = t.path
                if t.item is not None:
                    items = _get(ctx.doc.data, path)
                    if isinstance(items, list) and t.item in items:
                        path = (*path, items.index(t.item))
                out.append(ctx.doc.finding(t.message, path, check=check.id, severity=t.severity))
    return out


def _get(data: Any, path: tuple) -> Any:
    for step in path:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data
