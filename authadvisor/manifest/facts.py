"""The facts rules reason about: each has a manifest path and a finite domain.

Finite domains are what make the table checkable: `rules check` enumerates every combination. A fact's
domain includes None (not given) when the field is optional. Multi-valued facts (customer_login) hold
a frozenset of values.
"""

import math
from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations, product
from typing import Any, Optional

from ..startup.namedtuples import NamedTuple
from . import vocab


class Fact(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    name: str
    path: tuple[str, str]
    values: tuple  # the allowed values (without None)
    multi: bool = False
    optional: bool = True
    applies_to: Optional[tuple[str, ...]] = None  # callers for which the field may be given
    required_for: tuple[str, ...] = ()

    def domain(self, caller: Optional[str] = None) -> tuple:
        """Every value this fact can take (for a caller, when given), None meaning "not given"."""
        if caller is not None and self.applies_to is not None and caller not in self.applies_to:
            return (None,)
        if self.multi:
            subsets = [frozenset(c) for n in range(1, len(self.values) + 1)
                       for c in combinations(self.values, n)]
            values: tuple = tuple(subsets)
        else:
            values = self.values
        if caller is not None and caller in self.required_for:
            return values
        return ((None,) + values) if self.optional else values

    def domain_size(self, caller: Optional[str] = None) -> int:
        """len(self.domain(caller)), counted without building it (a list fact of n values has 2^n - 1
        non-empty subsets)."""
        if caller is not None and self.applies_to is not None and caller not in self.applies_to:
            return 1
        n = (1 << len(self.values)) - 1 if self.multi else len(self.values)
        if caller is not None and caller in self.required_for:
            return n
        return n + 1 if self.optional else n

    def pick(self, index: int, caller: Optional[str] = None) -> Any:
        """The value number `index` (0 <= index < domain_size(caller)) of a fixed bijection onto the domain,
        without building the domain: a uniform `index` gives a uniform value (for sampling)."""
        if caller is not None and self.applies_to is not None and caller not in self.applies_to:
            return None
        if self.optional and not (caller is not None and caller in self.required_for):
            if index == 0:
                return None
            index -= 1
        if not self.multi:
            return self.values[index]
        bits = index + 1  # 1 .. 2^n - 1: every non-empty subset once
        return frozenset(v for i, v in enumerate(self.values) if bits >> i & 1)


def _fact(name: str, section: str, values: tuple, **kw: Any) -> Fact:
    key = (section, name)
    return Fact(name, key, values, applies_to=vocab.APPLIES_TO.get(key),
                required_for=vocab.REQUIRED_FOR.get(key, ()), **kw)


FACTS: tuple[Fact, ...] = (
    Fact("caller", ("integration", "caller"), vocab.CALLERS, optional=False),
    _fact("connector", "integration", vocab.CONNECTORS),
    _fact("credentials", "integration", vocab.CREDENTIALS),
    _fact("customer_login", "integration", vocab.CUSTOMER_LOGINS, multi=True),
    _fact("app_platform", "integration", vocab.APP_PLATFORMS, multi=True),
    _fact("client_type", "integration", vocab.CLIENT_TYPES),
    _fact("file_processing", "integration", vocab.FILE_PROCESSING),
    _fact("pkce", "auth", (True, False)),
    Fact("cluster", ("capillary", "cluster"), vocab.CLUSTERS),
)
BY_NAME: dict[str, Fact] = {f.name: f for f in FACTS}
NAMES: tuple[str, ...] = tuple(f.name for f in FACTS)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}

FactKey = tuple  # one value per fact, in NAMES order


def key_of(data: Mapping) -> FactKey:
    """The fact key of a manifest given as plain (already validated) data."""
    values = []
    for fact in FACTS:
        section = data.get(fact.path[0]) or {}
        value = section.get(fact.path[1])
        if fact.multi and value is not None:
            value = frozenset(value)
        values.append(value)
    return tuple(values)


def as_dict(key: FactKey) -> dict[str, Any]:
    """Fact key -> {name: value}, multi-valued facts as sorted lists (for output)."""
    return {name: (sorted(v) if isinstance(v, frozenset) else v) for name, v in zip(NAMES, key)}


def enumerate_space(names: Optional[frozenset] = None, facts: Sequence[Fact] = FACTS) -> Iterator[FactKey]:
    """Every valid fact combination. Facts outside `names` stay None (they cannot change an outcome).
    `facts`: the vocabulary (another one only in tests: the same facts in the same order)."""
    for caller in _callers(facts):
        domains = [(caller,) if f.name == "caller" else
                   (f.domain(caller) if names is None or f.name in names else (None,))
                   for f in facts]
        yield from product(*domains)


def space_size(names: Optional[frozenset] = None, facts: Sequence[Fact] = FACTS) -> int:
    """How many combinations enumerate_space would yield, counted without yielding (or building) them."""
    total = 0
    for caller in _callers(facts):
        n = 1
        for f in facts:
            if f.name != "caller" and (names is None or f.name in names):
                n *= f.domain_size(caller)
        total += n
    return total


def sample_space(names: Optional[frozenset], count: int, seed: int = 0,
                 facts: Sequence[Fact] = FACTS) -> Iterator[FactKey]:
    """`count` seeded random combinations, each drawn uniformly from the space enumerate_space yields.
    Linear in count x facts: every domain is only counted, once per caller, never built."""
    import random

    rng = random.Random(seed)
    callers = _callers(facts)
    sizes = {caller: [(f, f.domain_size(caller) if f.name != "caller" and (names is None or f.name in names)
                       else 0) for f in facts] for caller in callers}
    weights = [1.0] * len(callers)
    if len(callers) > 1:  # a caller with a bigger space is drawn more often: the whole space stays uniform
        weights = [float(min(math.prod(size for _, size in sizes[c] if size), 10 ** 300)) for c in callers]
    for caller in rng.choices(callers, weights=weights, k=count):
        yield tuple(caller if f.name == "caller" else (f.pick(rng.randrange(size), caller) if size else None)
                    for f, size in sizes[caller])


def _callers(facts: Sequence[Fact]) -> tuple:
    return next(f.values for f in facts if f.name == "caller")


def _checker(fact: Fact) -> Any:
    """A test that a raw value lies in the fact's domain (bools are not ints, strings not lists)."""
    if fact.multi:
        allowed = frozenset(fact.values)
        return lambda v: (isinstance(v, list) and bool(v) and all(type(x) is str and x in allowed for x in v)
                          and len(set(v)) == len(v))
    kinds = {type(v) for v in fact.values}
    allowed = frozenset(fact.values)
    return lambda v: type(v) in kinds and v in allowed


_RAW = tuple((f.path[0], f.path[1], f.multi, _checker(f), f.applies_to, f.required_for) for f in FACTS)


def key_from_raw(data: Any) -> Optional[FactKey]:
    """The fact key of unvalidated manifest data, or None unless every fact is usable: schema version 1,
    each value inside its domain, and given only for the callers it applies to (so the key is one that
    `enumerate_space` yields). Lets lint run its fact checks beside unrelated schema findings."""
    if not isinstance(data, dict):
        return None
    version = data.get("authadvisor")
    if type(version) is not int or version != vocab.SCHEMA_VERSION:
        return None
    values: list = []
    caller = None  # the first fact: known before any other is judged against it
    for section_name, name, multi, valid, applies_to, required_for in _RAW:
        section = data.get(section_name)
        if section is not None and not isinstance(section, dict):
            return None
        value = None if section is None else section.get(name)
        if value is None:
            if not values or caller in required_for:  # no caller, or a field its caller needs
                return None
        else:
            if not valid(value):
                return None
            if not values:
                caller = value
            if applies_to is not None and caller not in applies_to:
                return None
            if multi:
                value = frozenset(value)
        values.append(value)
    return tuple(values)
