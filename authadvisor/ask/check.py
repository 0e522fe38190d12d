"""Load-time checks of the questions section: everything a schema cannot say.

Each problem is (question index, path inside that question, message); rules.load turns it into a
finding at the node's file:line:col. Pure: conditions are already parsed and valid when this runs.
"""

from __future__ import annotations

from typing import Any

from ..manifest import facts as F
from ..rules import conditions as C
from ..suggest import did_you_mean
from .questionnaire import REQUIRED_FIELDS, TEXT_PATHS, kind_of, token

Problem = tuple[int, tuple, str]


def _choice_problems(i: int, q: Any, fact: F.Fact) -> list[Problem]:
    out: list[Problem] = []
    tokens = [token(v) for v in fact.values]
    for key in q.choices:
        if key not in tokens:
            out.append((i, ("choices", key), f"question {q.id!r}: {key!r} is not a value of {fact.name}"
                        f"{did_you_mean(key, tokens)}; its values are: {', '.join(tokens)}"))
    missing = [t for t in tokens if t not in q.choices]
    if missing:
        out.append((i, ("choices",), f"question {q.id!r}: no explanation for "
                    f"{'value' if len(missing) == 1 else 'values'} {', '.join(missing)} "
                    f"(every value of {fact.name} needs a one-line explanation)"))
    if q.default is not None:
        raw = q.default if isinstance(q.default, tuple) else (q.default,)
        if isinstance(q.default, tuple) and not fact.multi:
            out.append((i, ("default",), f"question {q.id!r}: the default is one value, not a list"))
        boolean = all(isinstance(v, bool) for v in fact.values)
        for r in raw:
            if token(r) not in tokens:
                hint = did_you_mean(token(r), tokens)
                out.append((i, ("default",), f"question {q.id!r}: default {token(r)!r} is not a value of "
                            f"{fact.name}{hint}; its values are: {', '.join(tokens)}"))
            elif isinstance(r, bool) != boolean:
                out.append((i, ("default",), f"question {q.id!r}: write the default as "
                            + ("true or false, without quotes" if boolean else f"the text {token(r)!r}")))
    return out


def _condition_problems(i: int, q: Any, earlier: list[str]) -> list[Problem]:
    """A question's condition may only look at facts asked before it, and may only ask for a field
    where the field applies (and must ask wherever it is required)."""
    if q.when is None:
        return []
    cond = C.parse(q.when)
    late = sorted(C.referenced_facts(cond) - set(earlier))
    if late:
        return [(i, ("when",), f"question {q.id!r} depends on {', '.join(late)}, which no earlier question "
                 f"asks (earlier questions: {', '.join(earlier) or 'none'})")]
    return []


def _applicability_problems(i: int, q: Any, earlier: list[str]) -> list[Problem]:
    fact = F.BY_NAME.get(q.id)
    if fact is None or (fact.applies_to is None and not fact.required_for):
        return []
    holds = C.compile_condition(C.parse(q.when)) if q.when is not None else (lambda key: True)
    wrong: set[str] = set()
    unasked: set[str] = set()
    for key in F.enumerate_space(frozenset(earlier)):
        caller = key[F.INDEX["caller"]]
        if holds(key) and fact.applies_to is not None and caller not in fact.applies_to:
            wrong.add(caller)
        if caller in fact.required_for and not holds(key):
            unasked.add(caller)
    out: list[Problem] = []
    where = ("when",) if q.when is not None else ("id",)
    if wrong:
        out.append((i, where, f"question {q.id!r} would be asked for caller {', '.join(sorted(wrong))}, but "
                    f"{'.'.join(fact.path)} applies only to {', '.join(fact.applies_to or ())}; narrow its "
                    "'when:'"))
    if unasked:
        out.append((i, where, f"question {q.id!r} must be asked for caller {', '.join(sorted(unasked))} "
                    f"({'.'.join(fact.path)} is required there)"))
    if fact.required_for and not q.required:
        out.append((i, ("id",), f"question {q.id!r} must be 'required: true': "
                    f"{'.'.join(fact.path)} is required for {', '.join(fact.required_for)}"))
    return out


def check_questions(questions: tuple) -> list[Problem]:
    """Every problem with the questions, or [] (an empty section is fine: the table has no questionnaire)."""
    out: list[Problem] = []
    earlier: list[str] = []
    fillable = [*TEXT_PATHS, *F.NAMES]
    for i, q in enumerate(questions):
        kind = kind_of(q.id)
        if kind is None:
            out.append((i, ("id",), f"question id {q.id!r} is not a manifest field the questionnaire can fill"
                        f"{did_you_mean(q.id, fillable)}; ids are: {', '.join(fillable)}"))
            continue
        if kind == "text":
            if q.choices:
                out.append((i, ("choices",), f"question {q.id!r} is free text: it takes no choices"))
            if q.default is not None:
                out.append((i, ("default",), f"question {q.id!r} is free text: it takes no default"))
        else:
            out += _choice_problems(i, q, F.BY_NAME[q.id])
        if q.id in REQUIRED_FIELDS and (q.when is not None or not q.required):
            out.append((i, ("id",), f"question {q.id!r} fills a field every manifest needs: make it "
                        "'required: true' with no 'when:'"))
        out += _condition_problems(i, q, earlier)
        if not any(p[0] == i and p[1] == ("when",) for p in out):
            out += _applicability_problems(i, q, earlier)
        if kind != "text":
            earlier.append(q.id)
    if questions:
        ids = {q.id for q in questions}
        for field in REQUIRED_FIELDS:
            if field not in ids:
                out.append((0, ("id",), f"the questions never ask for {field!r}, which every manifest needs"))
    return out
