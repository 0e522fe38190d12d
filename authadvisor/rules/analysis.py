"""Decision-table analysis: find gaps, overlaps, shadowed rules and dead conditions before a table ships.

Every fact has a finite domain, so the whole fact space is enumerated: the product, per caller, of the
domains of the facts the table's conditions look at (facts no condition mentions cannot change an
outcome and are held at "not given"). The space grows as the product of those domain sizes (a list
fact of n values counts 2^n subsets); the built-in table's is 40 combinations. Past MAX_SPACE
combinations a seeded random sample is checked instead, and an info finding says so: never a hang.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Optional

from ..findings import Finding, Span
from ..manifest import facts as F
from . import conditions as C
from .engine import Rules, compile_when

MAX_SPACE = 200_000
SAMPLE = 20_000

GAP = "rules-gap"
OVERLAP = "rules-overlap"
SHADOWED = "rules-shadowed"
DEAD_RULE = "rules-dead-rule"
DEAD_CONDITION = "rules-dead-condition"
DEAD_NOTE = "rules-dead-note"
UNUSED = "rules-unused"
MISSING = "rules-missing-reference"
SAMPLED = "rules-sampled"

#: check id -> (severity, what it means), for `authadvisor rules check --help` and the README
PROBLEMS = {
    GAP: ("error", "a valid fact combination that no rule matches"),
    OVERLAP: ("error", "several rules match the same combination under hit policy 'unique'"),
    SHADOWED: ("error", "under hit policy 'first', a rule that matches but is never the first match"),
    DEAD_RULE: ("error", "a rule whose condition can never be true"),
    DEAD_CONDITION: ("warning", "part of a condition that can never be true"),
    DEAD_NOTE: ("warning", "a conditional step, note or alternative that never applies where it is attached"),
    UNUSED: ("info", "a scenario or method that no rule uses"),
    MISSING: ("error", "something the table relies on is missing: snippet templates for a method, or a "
                       "question to ask a fact the conditions test"),
    SAMPLED: ("info", "the fact space was too large to enumerate; a sample was checked"),
}


def example(key: tuple) -> str:
    """A fact combination as `caller=pos_terminal, credentials=shared` (given facts only)."""
    return ", ".join(f"{n}={C._show(v)}" for n, v in zip(F.NAMES, key) if v is not None)


class Analysis:
    def __init__(self, rules: Rules, facts: Sequence[F.Fact] = F.FACTS) -> None:
        """`facts`: the fact vocabulary (the real one; tests pass bigger domains of the same facts)."""
        self.rules = rules
        self.names = rules.referenced_facts()
        self.size = F.space_size(self.names, facts)
        self.findings: list[Finding] = []
        self.sampled = self.size > MAX_SPACE
        self.keys = list(F.sample_space(self.names, SAMPLE, 0, facts) if self.sampled
                         else F.enumerate_space(self.names, facts))

    def at(self, section: str, entry_id: Optional[str], *field: Any) -> tuple[str, Span]:
        if self.rules.positions is None:
            return self.rules.origin, Span.at(1, 1)
        return self.rules.positions(section, entry_id, *field)

    def add(self, check: str, message: str, where: tuple[str, Span], rule: Optional[str] = None) -> None:
        severity = PROBLEMS[check][0]
        self.findings.append(Finding(check, severity, message, where[0], where[1], rule))

    def rule_ref(self, rule_id: str) -> str:
        file, span = self.at("rules", rule_id)
        return f"{rule_id} ({file}:{span.line}:{span.column})"

    def run(self) -> list[Finding]:
        if self.sampled:
            self.add(SAMPLED, f"the fact space has {self.size:,} combinations (over {MAX_SPACE:,}): checked a "
                     f"seeded sample of {len(self.keys):,}; gaps and overlaps outside it may be missed, and "
                     "shadowed rules and dead conditions (which need every combination) were not checked",
                     self.at("table", None))
        matches = {key: [c.rule.id for c in self.rules.matching(key)] for key in self.keys}
        self.coverage(matches)
        if not self.sampled:  # "never true" needs every combination; a sample cannot prove it
            self.dead_conditions()
            self.dead_notes(matches)
            self.dead_triggers()
        self.unused()
        self.missing_templates()
        self.unaskable_facts()
        return sorted(self.findings, key=Finding.sort_key)

    def coverage(self, matches: dict[tuple, list[str]]) -> None:
        gaps: dict[str, list[tuple]] = defaultdict(list)
        overlaps: dict[tuple, list[tuple]] = defaultdict(list)
        first_of: dict[str, int] = defaultdict(int)
        matched_in: dict[str, list[tuple]] = defaultdict(list)
        for key, ids in matches.items():
            if not ids:
                gaps[key[F.INDEX["caller"]]].append(key)
                continue
            if len(ids) > 1:
                overlaps[tuple(ids)].append(key)
            first_of[ids[0]] += 1
            for rule_id in ids:
                matched_in[rule_id].append(key)
        for caller, keys in gaps.items():
            self.add(GAP, f"no rule matches {len(keys)} combination(s) for caller {caller}, e.g. {example(keys[0])}",
                     self.at("table", None, "hit_policy"))
        if self.rules.hit_policy == "unique":  # overlaps: a sample is positive evidence too
            for together, keys in overlaps.items():
                self.add(OVERLAP, f"rules {', '.join(self.rule_ref(i) for i in together)} all match {len(keys)} "
                         f"combination(s), e.g. {example(keys[0])}; hit policy 'unique' allows one",
                         self.at("rules", together[-1], "when"), together[-1])
        elif not self.sampled:
            for compiled in self.rules.compiled:
                rule_id = compiled.rule.id
                if matched_in[rule_id] and not first_of[rule_id]:
                    key = matched_in[rule_id][0]
                    self.add(SHADOWED, f"rule {rule_id} matches {len(matched_in[rule_id])} combination(s) but is "
                             f"never the first match: {self.rule_ref(matches[key][0])} comes first, "
                             f"e.g. {example(key)}", self.at("rules", rule_id, "when"), rule_id)

    def dead_conditions(self) -> None:
        for compiled in self.rules.compiled:
            rule_id = compiled.rule.id
            if not any(compiled.predicate(k) for k in self.keys):
                self.add(DEAD_RULE, f"rule {rule_id} can never match: its condition "
                         f"({C.describe(compiled.condition)}) is false for every valid combination",
                         self.at("rules", rule_id, "when"), rule_id)
            for path, node in _dead_parts(compiled.condition, self.keys):
                self.add(DEAD_CONDITION, f"in rule {rule_id}, '{C.describe(node)}' is never true for a valid "
                         "manifest (is the fact given for this caller?)", self.at("rules", rule_id, "when", *path),
                         rule_id)

    def dead_notes(self, matches: dict[tuple, list[str]]) -> None:
        selected: dict[str, list[tuple]] = defaultdict(list)
        for key, ids in matches.items():
            if ids:
                selected[ids[0]].append(key)
        for compiled in self.rules.compiled:
            rule = compiled.rule
            for group in ("provision", "requirements", "warnings", "alternatives"):
                for i, item in enumerate(rule[group]):
                    self._dead_note(item, selected[rule.id], ("rules", rule.id, group, i), f"rule {rule.id}")
        by_method: dict[str, list[tuple]] = defaultdict(list)
        for compiled in self.rules.compiled:
            by_method[compiled.rule.method] += selected[compiled.rule.id]
        for method in self.rules.table.methods:
            for group in ("requirements", "warnings"):
                for i, item in enumerate(method[group]):
                    self._dead_note(item, by_method[method.id], ("methods", method.id, group, i),
                                    f"method {method.id}")

    def _dead_note(self, item: Any, keys: list[tuple], where: tuple, owner: str) -> None:
        if item.get("when") is None or not keys:
            return
        predicate = compile_when(item.when)[1]
        if not any(predicate(k) for k in keys):
            section, entry_id, group, index = where
            label = item.get("id") or f"{group} #{index + 1}"
            self.add(DEAD_NOTE, f"{group} entry {label!r} of {owner} never applies: its condition "
                     f"({C.describe(C.parse(item.when))}) is false wherever {owner} is selected",
                     self.at(section, entry_id, group, index, "when"), entry_id if section == "rules" else None)

    def dead_triggers(self) -> None:
        for check in self.rules.table.get("checks", ()):
            for i, trigger in enumerate(check.get("triggers", ())):
                cond, predicate = compile_when(trigger.when)
                if not any(predicate(k) for k in self.keys):
                    self.add(DEAD_CONDITION, f"check {check.id}: trigger #{i + 1} ({C.describe(cond)}) can never "
                             "fire for a valid manifest", self.at("checks", check.id, "triggers", i, "when"))

    def missing_templates(self) -> None:
        """Every method a rule recommends needs a snippet template for every target."""
        from ..resources import templates_dir
        from ..snippets.render import TARGETS

        base = templates_dir() / "snippets"
        for method in sorted({c.rule.method for c in self.rules.compiled}):
            missing = [t for t in TARGETS if not (base / method / f"{t}.j2").is_file()]
            if missing:
                self.add(MISSING, f"method {method} has no snippet template for {', '.join(missing)} "
                         f"(expected templates/snippets/{method}/<target>.j2)", self.at("methods", method))

    def unaskable_facts(self) -> None:
        """A fact the conditions test must be one the questionnaire can ask (when the table has questions)."""
        questions = self.rules.table.get("questions", ())
        if not questions:
            return
        asked = {q.id for q in questions}
        for compiled in self.rules.compiled:
            for fact in sorted(C.referenced_facts(compiled.condition) - asked):
                self.add(MISSING, f"rule {compiled.rule.id} tests fact {fact!r}, but no question in the "
                         f"questionnaire asks it: add a question with id {fact!r}",
                         self.at("rules", compiled.rule.id, "when"), compiled.rule.id)

    def unused(self) -> None:
        used_scenarios = {c.rule.scenario for c in self.rules.compiled}
        used_methods = {c.rule.method for c in self.rules.compiled}
        for scenario in self.rules.table.scenarios:
            if scenario.id not in used_scenarios:
                self.add(UNUSED, f"scenario {scenario.id} is not used by any rule", self.at("scenarios", scenario.id))
        for method in self.rules.table.methods:
            if method.id not in used_methods:
                self.add(UNUSED, f"method {method.id} is not recommended by any rule", self.at("methods", method.id))


def _dead_parts(cond: C.Condition, keys: list[tuple], path: tuple = ()) -> Iterator[tuple[tuple, C.Condition]]:
    """The innermost parts of a condition that no key satisfies, with their path inside `when`."""
    children: Iterable[tuple[tuple, C.Condition]] = ()
    if isinstance(cond, (C.All, C.AnyOf)):
        word = "all" if isinstance(cond, C.All) else "any"
        children = (((word, i), item) for i, item in enumerate(cond.items))
    elif isinstance(cond, C.Not):
        children = ((("not",), cond.item),)
    found = False
    for sub_path, child in children:
        for dead in _dead_parts(child, keys, (*path, *sub_path)):
            found = True
            yield dead
    if not found and path and not isinstance(cond, C.Not):
        predicate = C.compile_condition(cond)
        if not any(predicate(k) for k in keys):
            yield path, cond


def analyze(rules: Rules) -> list[Finding]:
    """Every problem in a compiled table, sorted by file and position."""
    return Analysis(rules).run()
