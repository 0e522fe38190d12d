"""The library's result type: a frozen pydantic Recommendation, built from the engine's Outcome."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, create_model

from ..manifest import facts as F
from .outcome import Outcome


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", from_attributes=True)


class Source(Frozen):
    id: str
    title: str
    url: str


class Note(Frozen):
    """A requirement or a warning. `level`: must (hard requirement), should, or info."""

    id: str
    level: str
    text: str
    sources: tuple[str, ...] = ()


class Step(Frozen):
    """One thing to provision: what, where (e.g. an InTouch menu path) and who does it."""

    text: str
    where: Optional[str] = None
    who: Optional[str] = None


class Alternative(Frozen):
    text: str
    method: Optional[str] = None


class Failure(Frozen):
    condition: str
    fact: Optional[str] = None
    expected: str
    actual: str


class TraceEntry(Frozen):
    """How one rule fared: matched, or the first failing condition with expected vs actual."""

    rule: str
    matched: bool
    selected: bool
    method: str
    scenario: str
    condition: str
    failure: Optional[Failure] = None


Facts = create_model(  # type: ignore[call-overload]
    "Facts",
    __base__=Frozen,
    **{f.name: (Optional[tuple[str, ...]] if f.multi else Optional[Any], None) for f in F.FACTS},
)


class Recommendation(Frozen):
    """The recommended method for a manifest, with the reasoning, what to provision, and the trace."""

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
    facts: Facts  # type: ignore[valid-type]
    trace: tuple[TraceEntry, ...]

    @classmethod
    def from_outcome(cls, outcome: Outcome) -> Recommendation:
        data = {name: getattr(outcome, name) for name in cls.model_fields}
        data["facts"] = dict(outcome.facts)
        return cls.model_validate(data)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")
