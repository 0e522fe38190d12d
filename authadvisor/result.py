"""Frozen result objects: what the engine returns and every formatter reads."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, create_model

from . import facts as F


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")
