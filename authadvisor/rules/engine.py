"""The engine: a validated rules table compiled once, evaluated against fact keys.

Pure: no I/O, no printing, no YAML/Jinja/click, no pydantic. It reads the validated table as read-only
records. Conditions become closures over a fact tuple. The fact space is finite, so each distinct fact
key is evaluated once (every rule, for the trace) and its frozen Outcome kept: a repeat evaluation is
a single dictionary lookup.
"""

from typing import Any, Callable, Optional

from ..errors import RulesError
from ..manifest import facts as F
from ..startup.namedtuples import NamedTuple
from . import conditions as C
from .outcome import Alternative, Failure, Note, Outcome, Source, Step, TraceEntry
from .record import Record

Predicate = Callable[[tuple], bool]


def _always(key: tuple) -> bool:
    return True


def compile_when(data: Optional[dict]) -> tuple[C.Condition, Predicate]:
    """Parse (already validated) condition data and compile it; no condition means always."""
    if data is None:
        return C.ALWAYS, _always
    cond = C.parse(data)
    return cond, C.compile_condition(cond)


class CompiledRule(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    rule: Record
    condition: C.Condition
    predicate: Predicate
    provision: tuple
    requirements: tuple
    warnings: tuple
    alternatives: tuple


def _guarded(items: tuple) -> tuple:
    return tuple((item, compile_when(item.when)[1]) for item in items)


def _pick(items: tuple, key: tuple) -> list:
    return [item for item, holds in items if holds(key)]


def _note(n: Record) -> Note:
    return Note(n.id, n.level, n.text, n.sources)


class Rules:
    """A compiled rules table. Build with authadvisor.load_rules(); evaluate with recommend()."""

    def __init__(self, table: Record, origin: str = "<rules>", positions: Optional[Callable] = None) -> None:
        self.table = table
        self.origin = origin
        self.positions = positions  # (section, id, *field) -> (file, Span); None for tables built in memory
        self.hit_policy = table.table.hit_policy
        self.methods = {m.id: m for m in table.methods}
        self.scenarios = {s.id: s for s in table.scenarios}
        self.sources = {s.id: s for s in table.sources}
        self.clusters = {c.id: c for c in table.clusters}
        self._method_notes = {
            m.id: (_guarded(m.requirements), _guarded(m.warnings)) for m in table.methods
        }
        compiled = []
        for rule in table.rules:
            cond, pred = compile_when(rule.when)
            compiled.append(CompiledRule(rule, cond, pred, _guarded(rule.provision),
                                         _guarded(rule.requirements), _guarded(rule.warnings),
                                         _guarded(rule.alternatives)))
        self.compiled: tuple[CompiledRule, ...] = tuple(compiled)
        self._memo: dict[tuple, Outcome] = {}
        self._models: dict[tuple, Any] = {}  # fact key -> pydantic Recommendation (api.recommend)

    def referenced_facts(self) -> frozenset:
        """Facts any condition in the table looks at (the others cannot change an outcome)."""
        names: set = set()
        for c in self.compiled:
            names |= C.referenced_facts(c.condition)
            for group in (c.provision, c.requirements, c.warnings, c.alternatives):
                for item, _ in group:
                    if item.when is not None:
                        names |= C.referenced_facts(C.parse(item.when))
        for m in self.table.methods:
            for n in (*m.requirements, *m.warnings):
                if n.when is not None:
                    names |= C.referenced_facts(C.parse(n.when))
        for check in self.table.get("checks", ()):
            for trigger in check.get("triggers", ()):
                names |= C.referenced_facts(C.parse(trigger.when))
        return frozenset(names)

    def matching(self, key: tuple) -> list[CompiledRule]:
        return [c for c in self.compiled if c.predicate(key)]

    def evaluate(self, key: tuple) -> Outcome:
        """The outcome for a fact key (memoized; outcomes are frozen and shared)."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._evaluate(key)
        return found

    def _evaluate(self, key: tuple) -> Outcome:
        matched = self.matching(key)
        shown = ", ".join(f"{k}={C._show(v)}" for k, v in zip(F.NAMES, key) if v is not None)
        if not matched:
            raise RulesError(f"no rule in {self.origin} matches {shown} (a gap in the table; "
                             "run 'authadvisor rules check')")
        if self.hit_policy == "unique" and len(matched) > 1:
            ids = ", ".join(c.rule.id for c in matched)
            raise RulesError(f"rules {ids} all match {shown} under hit policy 'unique' "
                             "(an overlap in the table; run 'authadvisor rules check')")
        chosen = matched[0]
        return self._build(chosen, key)

    def _trace(self, chosen: CompiledRule, key: tuple) -> tuple[TraceEntry, ...]:
        out = []
        for c in self.compiled:
            failure = C.explain(c.condition, key)
            out.append(TraceEntry(
                rule=c.rule.id, matched=failure is None, selected=c is chosen, method=c.rule.method,
                scenario=c.rule.scenario, condition=C.describe(c.condition),
                failure=None if failure is None else Failure(failure.condition, failure.fact, failure.expected,
                                                             failure.actual)))
        return tuple(out)

    def _sources(self, ids: list[str]) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for sid in ids:
            s = self.sources[sid]
            seen.setdefault(sid, Source(s.id, s.title, s.url))
        return tuple(seen.values())

    def _build(self, chosen: CompiledRule, key: tuple) -> Outcome:
        rule = chosen.rule
        method = self.methods[rule.method]
        m_requirements, m_warnings = self._method_notes[rule.method]
        requirements = [_note(n) for n in _pick(chosen.requirements, key) + _pick(m_requirements, key)]
        warnings = [_note(n) for n in _pick(chosen.warnings, key) + _pick(m_warnings, key)]
        note_sources = [s for n in requirements + warnings for s in n.sources]
        fact_values = tuple(
            (name, tuple(sorted(v)) if isinstance(v, frozenset) else v) for name, v in zip(F.NAMES, key))
        return Outcome(
            method=rule.method,
            method_title=method.title,
            scenario=rule.scenario,
            scenario_title=self.scenarios[rule.scenario].title,
            rule=rule.id,
            hit_policy=self.hit_policy,
            rationale=rule.rationale.strip(),
            sources=self._sources([*rule.sources, *method.sources, *note_sources]),
            provision=tuple(Step(text=s.text, where=s.where, who=s.who) for s in _pick(chosen.provision, key)),
            requirements=tuple(requirements),
            warnings=tuple(warnings),
            alternatives=tuple(Alternative(text=a.text, method=a.method) for a in _pick(chosen.alternatives, key)),
            facts=fact_values,
            trace=self._trace(chosen, key),
        )
