"""What the engine returns: immutable named tuples, cheap to build and free of pydantic, so the command
line starts fast (a NamedTuple class costs a tenth of a frozen dataclass to create at import). The library
hands out the same content as the pydantic Recommendation (result.py); a test keeps the two field for
field identical."""

from typing import Any, Optional

from ..startup.namedtuples import NamedTuple


class Source(NamedTuple):
    id: str
    title: str
    url: str


class Note(NamedTuple):
    id: str
    level: str
    text: str
    sources: tuple[str, ...] = ()


class Step(NamedTuple):
    text: str
    where: Optional[str] = None
    who: Optional[str] = None


class Alternative(NamedTuple):
    text: str
    method: Optional[str] = None


class Failure(NamedTuple):
    condition: str
    fact: Optional[str]
    expected: str
    actual: str


class TraceEntry(NamedTuple):
    rule: str
    matched: bool
    selected: bool
    method: str
    scenario: str
    condition: str
    failure: Optional[Failure] = None


class Outcome(NamedTuple):
    method: str
    method_title: str
    scenario: str
    scenario_title: str
    rule: str
    hit_policy: str
    rationale: str
    sources: tuple[Source, ...]
    provision: tuple[Step, ...]
    requirements: tuple[Note, ...]
    warnings: tuple[Note, ...]
    alternatives: tuple[Alternative, ...]
    facts: tuple[tuple[str, Any], ...]  # (fact, value) in fact order; lists as sorted tuples
    trace: tuple[TraceEntry, ...]


def to_data(value: Any) -> Any:
    """Plain JSON-ready data in declaration order: the same as Recommendation.model_dump(mode="json")."""
    if isinstance(value, Outcome):
        return {name: {k: to_data(v) for k, v in item} if name == "facts" else to_data(item)
                for name, item in zip(value._fields, value)}
    if hasattr(value, "_fields"):
        return {name: to_data(item) for name, item in zip(value._fields, value)}
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    return value
