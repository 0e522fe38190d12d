"""What the engine returns: frozen dataclasses, cheap to build and free of pydantic, so the command line
starts fast. The library hands out the same content as the pydantic Recommendation (result.py); a test
keeps the two field for field identical."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Optional


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Note:
    id: str
    level: str
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    text: str
    where: Optional[str] = None
    who: Optional[str] = None


@dataclass(frozen=True)
class Alternative:
    text: str
    method: Optional[str] = None


@dataclass(frozen=True)
class Failure:
    condition: str
    fact: Optional[str]
    expected: str
    actual: str


@dataclass(frozen=True)
class TraceEntry:
    rule: str
    matched: bool
    selected: bool
    method: str
    scenario: str
    condition: str
    failure: Optional[Failure] = None


@dataclass(frozen=True)
class Outcome:
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
        out = {}
        for f in fields(value):
            item = getattr(value, f.name)
            out[f.name] = {k: to_data(v) for k, v in item} if f.name == "facts" else to_data(item)
        return out
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    return value
