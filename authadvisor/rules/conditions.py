"""The condition language of the rules table: a small declarative set, never `eval` of strings.

    {fact: caller, equals: pos_terminal}
    {fact: caller, in: [api_gateway, backend_service]}
    {fact: customer_login, contains: social}
    {fact: connector, exists: true}
    {all: [...]}, {any: [...]}, {not: {...}}

Conditions are parsed and checked against the fact vocabulary once, at load time, then compiled to
closures over a fact key (a tuple), so evaluation does no dictionary walking or string work.
"""

from typing import Any, Callable, Optional, Union

from ..manifest import facts as F
from ..startup.namedtuples import NamedTuple

OPERATORS = ("equals", "in", "contains", "exists")
COMBINATORS = ("all", "any", "not")


# Conditions are named tuples (a frozen dataclass costs ten times as much to create at import) that
# compare equal only to their own kind: All(()) (always) is not AnyOf(()) (never).
def _eq(self: tuple, other: object) -> bool:
    return type(self) is type(other) and tuple.__eq__(self, other)  # type: ignore[arg-type]


def _ne(self: tuple, other: object) -> bool:
    return not _eq(self, other)


def _hash(self: tuple) -> int:
    return hash((type(self).__name__, tuple(self)))


class Test(NamedTuple):
    fact: str
    op: str
    value: Any


class All(NamedTuple):
    items: tuple


class AnyOf(NamedTuple):
    items: tuple


class Not(NamedTuple):
    item: Any


for _kind in (Test, All, AnyOf, Not):
    setattr(_kind, "__eq__", _eq)  # noqa: B010 (mypy refuses these assignments in a NamedTuple body)
    setattr(_kind, "__ne__", _ne)  # noqa: B010
    setattr(_kind, "__hash__", _hash)  # noqa: B010

Condition = Union[Test, All, AnyOf, Not]
ALWAYS = All(())


class ConditionError(ValueError):
    """A malformed condition; `path` is relative to the condition's own node."""

    def __init__(self, message: str, path: tuple = ()) -> None:
        super().__init__(message)
        self.path = path


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple, frozenset)):
        items = sorted(value) if isinstance(value, frozenset) else value
        return "[" + ", ".join(_show(v) for v in items) + "]"
    if value is None:
        return "(not given)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _check_value(fact: F.Fact, value: Any, path: tuple) -> None:
    if value not in fact.values:
        from ..suggest import did_you_mean

        hint = did_you_mean(str(value), [str(v) for v in fact.values])
        raise ConditionError(f"{_show(value)!s} is not a value of fact {fact.name!r}{hint}; "
                             f"its values are: {_show(fact.values)}", path)


def parse(data: Any, path: tuple = ()) -> Condition:
    """Parse and validate a condition given as plain data."""
    if not isinstance(data, dict):
        raise ConditionError("a condition is a mapping such as {fact: caller, equals: pos_terminal} "
                             "or {all: [...]}", path)
    combinators = [k for k in COMBINATORS if k in data]
    if combinators:
        if len(data) != 1:
            raise ConditionError(f"{combinators[0]!r} must be the only key of its condition", path)
        kind = combinators[0]
        body = data[kind]
        if kind == "not":
            return Not(parse(body, (*path, "not")))
        if not isinstance(body, (list, tuple)):
            raise ConditionError(f"{kind!r} takes a list of conditions", (*path, kind))
        items = tuple(parse(item, (*path, kind, i)) for i, item in enumerate(body))
        return All(items) if kind == "all" else AnyOf(items)
    if "fact" not in data:
        from ..suggest import did_you_mean

        unknown = [k for k in data if k not in OPERATORS]
        hint = did_you_mean(str(unknown[0]), ("fact", *OPERATORS, *COMBINATORS)) if unknown else ""
        raise ConditionError(f"a condition needs 'fact' and one operator ({', '.join(OPERATORS)}) "
                             f"or one of {', '.join(COMBINATORS)}{hint}", path)
    name = data["fact"]
    fact = F.BY_NAME.get(name) if isinstance(name, str) else None
    if fact is None:
        from ..suggest import did_you_mean

        raise ConditionError(f"unknown fact {name!r}{did_you_mean(str(name), F.NAMES)}; "
                             f"facts are: {', '.join(F.NAMES)}", (*path, "fact"))
    ops = [k for k in data if k != "fact"]
    if len(ops) != 1 or ops[0] not in OPERATORS:
        from ..suggest import did_you_mean

        extra = [k for k in ops if k not in OPERATORS]
        hint = did_you_mean(str(extra[0]), OPERATORS) if extra else ""
        raise ConditionError(f"a fact test takes exactly one operator: {', '.join(OPERATORS)}{hint}", path)
    op = ops[0]
    value = data[op]
    where = (*path, op)
    if op == "exists":
        if not isinstance(value, bool):
            raise ConditionError("'exists' takes true or false", where)
    elif op == "contains":
        if not fact.multi:
            raise ConditionError(f"'contains' applies to list facts; {name!r} holds one value "
                                 "(use 'equals' or 'in')", where)
        _check_value(fact, value, where)
    elif fact.multi:
        raise ConditionError(f"{name!r} is a list fact: test it with 'contains' or 'exists'", where)
    elif op == "in":
        if not isinstance(value, (list, tuple)) or not value:
            raise ConditionError("'in' takes a non-empty list of values", where)
        for i, item in enumerate(value):
            _check_value(fact, item, (*where, i))
        value = tuple(value)
    else:
        _check_value(fact, value, where)
    return Test(name, op, value)


def compile_condition(cond: Condition) -> Callable[[tuple], bool]:
    """A fast predicate over a fact key."""
    if isinstance(cond, Test):
        i = F.INDEX[cond.fact]
        v = cond.value
        if cond.op == "equals":
            return lambda key: key[i] == v
        if cond.op == "in":
            values = frozenset(v)
            return lambda key: key[i] in values
        if cond.op == "contains":
            return lambda key: key[i] is not None and v in key[i]
        if v:
            return lambda key: key[i] is not None
        return lambda key: key[i] is None
    if isinstance(cond, Not):
        inner = compile_condition(cond.item)
        return lambda key: not inner(key)
    parts = tuple(compile_condition(c) for c in cond.items)
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:  # the common shape, without a loop
        first, second = parts
        if isinstance(cond, All):
            return lambda key: first(key) and second(key)
        return lambda key: first(key) or second(key)
    if isinstance(cond, All):
        def every(key: tuple) -> bool:
            for part in parts:  # noqa: SIM110 (a loop: cheaper per call than all() over a generator)
                if not part(key):
                    return False
            return True

        return every

    def some(key: tuple) -> bool:
        for part in parts:  # noqa: SIM110
            if part(key):
                return True
        return False

    return some


def describe(cond: Condition) -> str:
    """A readable one-line form, e.g. `caller in [pos_terminal, pos_store_server]`."""
    if isinstance(cond, Test):
        if cond.op == "exists":
            return f"{cond.fact} is {'given' if cond.value else 'not given'}"
        word = {"equals": "=", "in": "in", "contains": "contains"}[cond.op]
        return f"{cond.fact} {word} {_show(cond.value)}"
    if isinstance(cond, Not):
        return f"not ({describe(cond.item)})"
    if not cond.items:
        return "always"
    joiner = " and " if isinstance(cond, All) else " or "
    inner = [describe(c) if isinstance(c, Test) else f"({describe(c)})" for c in cond.items]
    return joiner.join(inner)


class Failure(NamedTuple):
    """Why a condition did not hold: the first failing test, with expected vs actual."""

    condition: str
    fact: Optional[str]
    expected: str
    actual: str


def explain(cond: Condition, key: tuple) -> Optional[Failure]:
    """None when `cond` holds for `key`, else the first failing part with expected vs actual."""
    if isinstance(cond, Test):
        if compile_condition(cond)(key):
            return None
        actual = key[F.INDEX[cond.fact]]
        expected = {"equals": _show(cond.value), "in": f"one of {_show(cond.value)}",
                    "contains": f"a list containing {_show(cond.value)}",
                    "exists": "given" if cond.value else "not given"}[cond.op]
        return Failure(describe(cond), cond.fact, expected, _show(actual))
    if isinstance(cond, Not):
        if explain(cond.item, key) is None:
            return Failure(describe(cond), None, f"not ({describe(cond.item)})", "it holds")
        return None
    if isinstance(cond, All):
        for item in cond.items:
            failure = explain(item, key)
            if failure is not None:
                return failure
        return None
    if any(explain(item, key) is None for item in cond.items):
        return None
    return Failure(describe(cond), None, f"any of: {describe(cond)}", "none holds")


def referenced_facts(cond: Condition) -> frozenset:
    if isinstance(cond, Test):
        return frozenset({cond.fact})
    if isinstance(cond, Not):
        return referenced_facts(cond.item)
    return frozenset().union(*(referenced_facts(c) for c in cond.items)) if cond.items else frozenset()


def to_data(cond: Condition) -> dict:
    """Back to the plain-data form (for embedding, e.g. in the questionnaire page)."""
    if isinstance(cond, Test):
        value = list(cond.value) if isinstance(cond.value, tuple) else cond.value
        return {"fact": cond.fact, cond.op: value}
    if isinstance(cond, Not):
        return {"not": to_data(cond.item)}
    return {"all" if isinstance(cond, All) else "any": [to_data(c) for c in cond.items]}


def parse_at(at: str) -> tuple[tuple[str, ...], Optional[str]]:
    """A check trigger's `at:`, the manifest field it points at (and the list item it is about):
    `integration.customer_login[social]` -> (("integration", "customer_login"), "social")."""
    path, _, item = at.partition("[")
    return tuple(path.split(".")), (item[:-1] if item else None)
