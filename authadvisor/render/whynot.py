""""Why not the others": one line per method that was not chosen, saying which answer rules it out.

Built from the engine's trace: for each other method, the rules recommending it that did not match and
the test that failed first. When every such rule fails on the same fact with an `equals`/`in` test (the
usual case: the caller), their values are merged into one line ("for caller pos_central_server,
api_gateway or backend_service; here caller is pos_terminal"). templates/ask/evaluator.js builds the same
lines in the page (tests/test_ask_differential.py compares them on every answer combination).
"""

from __future__ import annotations

from typing import Any, Optional

from ..rules import conditions as C


def _leaf(cond: C.Condition, key: tuple) -> Optional[C.Condition]:
    """The first failing test of `cond` (as conditions.explain finds it); a composite when an any/not fails
    as a whole; None when it holds."""
    if isinstance(cond, C.Test):
        return None if C.compile_condition(cond)(key) else cond
    if isinstance(cond, C.Not):
        return cond if _leaf(cond.item, key) is None else None
    if isinstance(cond, C.All):
        for item in cond.items:
            failed = _leaf(item, key)
            if failed is not None:
                return failed
        return None
    return None if any(_leaf(i, key) is None for i in cond.items) else cond


def _values(test: C.Test) -> list:
    return list(test.value) if test.op == "in" else [test.value]


def _words(values: list) -> str:
    shown = [C._show(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def why_not(outcome: Any, rules: Any, key: tuple) -> list[dict[str, str]]:
    """[{method, title, text}] for every method of the table other than the chosen one, in table order."""
    from ..manifest import facts as F

    by_id = {r.id: r for r in rules.table.rules}
    out = []
    for method in rules.table.methods:
        if method.id == outcome.method:
            continue
        entries = [t for t in outcome.trace if t.method == method.id]
        if not entries:
            continue
        if any(t.matched for t in entries):
            text = f"matches too, but rule {outcome.rule} comes first"
        else:
            leaves = [_leaf(C.parse(by_id[t.rule].when), key) for t in entries]
            tests = [x for x in leaves if isinstance(x, C.Test) and x.op in ("equals", "in")]
            if len(tests) == len(leaves) and len({t.fact for t in tests}) == 1:
                fact = tests[0].fact
                merged: list = []
                for t in tests:
                    merged += [v for v in _values(t) if v not in merged]
                text = f"for {fact} {_words(merged)}; here {fact} is {C._show(key[F.INDEX[fact]])}"
            else:
                text = f"needs {C.describe(C.parse(by_id[entries[0].rule].when))}"
        out.append({"method": method.id, "title": method.title, "text": text})
    return out
