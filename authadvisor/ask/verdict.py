"""The verdict on a questionnaire's answers: `ready`, or `blocked` when lint would reject the manifest.

The lint checks decide: the manifest the questionnaire would write (its exact YAML) is linted with the
table's checks at their table severities, and any error-level finding blocks it. Each finding is tied to
the question whose answer it points at, and for a blocker the smallest change of one answer that makes
the manifest pass lint is looked for (in question order, the pointed-at question first; the caller is
never changed for you). The web page's JS evaluates the same checks' triggers and is tested against
this module on every combination of answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import ManifestError
from .questionnaire import Question, Questionnaire, token

READY, BLOCKED = "ready", "blocked"


@dataclass(frozen=True)
class Fix:
    question: str  #: the question id
    value: Any  #: the answer that makes lint pass (a list for a many-valued question)

    @property
    def shown(self) -> str:
        """As the answer is typed: `credentials: store_specific`, `customer_login: otp, password`."""
        words = self.value if isinstance(self.value, list) else [self.value]
        return f"{self.question}: {', '.join(token(v) for v in words)}"


@dataclass(frozen=True)
class Issue:
    """One lint finding on the manifest that would be written."""

    check: str
    severity: str
    message: str
    question: Optional[str]  #: the question whose answer the finding points at
    item: Any = None  #: for a many-valued answer, the offending value (`social`), else None
    fix: Optional[Fix] = None


@dataclass(frozen=True)
class Verdict:
    state: str  #: READY or BLOCKED
    issues: tuple[Issue, ...]  #: every finding, in check-table order

    @property
    def blockers(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def ready(self) -> bool:
        return self.state == READY


def _question_at(questionnaire: Questionnaire, answers: Mapping[str, Any], path: tuple) -> tuple[Optional[str], Any]:
    """(question id, offending list item or None) for a finding at manifest `path`."""
    for q in questionnaire.questions:
        if tuple(path[:len(q.path)]) == q.path:
            rest = path[len(q.path):]
            if rest and isinstance(rest[0], int) and q.kind == "many":
                values = [c.value for c in q.choices if c.value in (answers.get(q.id) or [])]
                return q.id, values[rest[0]] if rest[0] < len(values) else None
            return q.id, None
    return None, None


def _findings(answers: Mapping[str, Any], rules: Any) -> list:
    """Lint findings of the manifest the answers give (ManifestError when they give no valid one)."""
    from ..lint import lint_text
    from ..render.manifest import manifest_yaml
    from ..rules.tables import from_answers

    manifest, outcome = from_answers(dict(answers), rules)
    text = manifest_yaml(manifest, outcome.method, outcome.rule)
    return list(lint_text(text, "manifest.yaml", rules=rules).findings)


def _order(rules: Any) -> dict[str, int]:
    from ..lint.linter import check_defs

    return {d.id: i for i, d in enumerate(check_defs(rules))}


def _candidates(q: Question, current: Any) -> Iterator[Any]:
    """Other answers to `q`, nearest first: for a list, one value dropped, swapped, then added."""
    if q.kind == "one":
        yield from (c.value for c in q.choices if c.value != current)
    elif q.kind == "many":
        values = list(current or [])
        others = [c.value for c in q.choices if c.value not in values]
        changes: list[tuple[list, list]] = [([v], []) for v in values if len(values) > 1]  # drop one
        changes += [([v], [o]) for v in values for o in others]  # swap one
        changes += [([], [o]) for o in others]  # add one
        for out, into in changes:
            yield [c.value for c in q.choices if (c.value in values and c.value not in out) or c.value in into]


def find_fix(answers: Mapping[str, Any], questionnaire: Questionnaire, rules: Any,
             first: Optional[str]) -> Optional[Fix]:
    """The first one-answer change (question `first` tried first) whose manifest lint accepts."""
    asked = [q for q in questionnaire.asked(answers) if q.kind != "text" and q.id != "caller"]
    asked.sort(key=lambda q: q.id != first)
    for q in asked:
        for value in _candidates(q, answers.get(q.id)):
            try:
                found = _findings({**answers, q.id: value}, rules)
            except ManifestError:
                continue
            if not any(f.severity == "error" for f in found):
                return Fix(q.id, value)
    return None


def verdict(answers: Mapping[str, Any], questionnaire: Questionnaire, rules: Any) -> Verdict:
    """The verdict on complete, checked answers (ManifestError if they give no valid manifest)."""
    found = _findings(answers, rules)
    order = _order(rules)
    found.sort(key=lambda f: (order.get(f.check, len(order)), f.line, f.column))
    issues = []
    for f in found:
        qid, item = _question_at(questionnaire, answers, f.path)
        fix = find_fix(answers, questionnaire, rules, qid) if f.severity == "error" else None
        issues.append(Issue(f.check, f.severity, f.message, qid, item, fix))
    state = BLOCKED if any(i.severity == "error" for i in issues) else READY
    return Verdict(state, tuple(issues))
