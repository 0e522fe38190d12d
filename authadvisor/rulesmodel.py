"""The rules table as validated data (pydantic). No YAML here: rulesload reads files into these."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from . import vocab

KEBAB = vocab.CHECK_ID_PATTERN
SNAKE = r"^[a-z][a-z0-9_]*$"
Kebab = Field(pattern=KEBAB, description="a stable kebab-case id")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceDef(Model):
    id: str = Kebab
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://\S+$")


class NoteDef(Model):
    id: str = Kebab
    text: str = Field(min_length=1)
    level: Literal["must", "should", "info"] = "should"
    when: Optional[Any] = None
    sources: tuple[str, ...] = ()


class StepDef(Model):
    text: str = Field(min_length=1)
    where: Optional[str] = None
    who: Optional[str] = None
    when: Optional[Any] = None


class AlternativeDef(Model):
    text: str = Field(min_length=1)
    method: Optional[Literal[vocab.METHODS]] = None  # type: ignore[valid-type]
    when: Optional[Any] = None


class MethodDef(Model):
    id: Literal[vocab.METHODS]  # type: ignore[valid-type]
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    seed_text: str = Field(min_length=1, description="the seed's 'Authentication' column wording")
    sources: tuple[str, ...] = ()
    requirements: tuple[NoteDef, ...] = ()
    warnings: tuple[NoteDef, ...] = ()


class ScenarioDef(Model):
    id: str = Field(pattern=SNAKE)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    authentication: str = Field(min_length=1, description="the seed's recommended-authentication text")


class RuleDef(Model):
    id: str = Kebab
    scenario: str
    method: Literal[vocab.METHODS]  # type: ignore[valid-type]
    when: Any
    rationale: str = Field(min_length=1)
    sources: tuple[str, ...] = ()
    provision: tuple[StepDef, ...] = ()
    requirements: tuple[NoteDef, ...] = ()
    warnings: tuple[NoteDef, ...] = ()
    alternatives: tuple[AlternativeDef, ...] = ()


class ClusterDef(Model):
    id: Literal[vocab.CLUSTERS]  # type: ignore[valid-type]
    title: str
    api_host: str = Field(pattern=r"^https://[^/\s]+$")
    auth_engine_host: Optional[str] = Field(default=None, pattern=r"^https://[^\s]+$")
    intouch_host: Optional[str] = Field(default=None, pattern=r"^https://[^/\s]+$")
    note: Optional[str] = None


Severity = Literal["error", "warning", "info"]
#: `at:` of a check trigger: a dotted manifest path, optionally ending in `[value]` (that list item)
AT_PATH = r"^[a-z_]+(\.[a-z_]+)*(\[[a-z0-9_]+\])?$"


class TriggerDef(Model):
    """When a data-driven check fires: a condition over manifest facts, where to point, what to say."""

    when: Any
    at: str = Field(pattern=AT_PATH, description="manifest path of the offending node, e.g. auth.pkce")
    message: str = Field(min_length=1, description="what is wrong and what to do")
    severity: Optional[Severity] = Field(None, description="overrides the check's severity for this trigger")


class CheckDef(Model):
    """A lint check: either data (`triggers:` over manifest facts) or code (`impl:`, a module in
    authadvisor/checks/)."""

    id: str = Kebab
    severity: Severity
    summary: str = Field(min_length=1, max_length=120)
    rationale: str = Field(min_length=1)
    help_uri: str = Field(pattern=r"^https://\S+$")
    impl: Optional[str] = Field(None, pattern=SNAKE, description="module in authadvisor/checks/")
    triggers: tuple[TriggerDef, ...] = ()

    @model_validator(mode="after")
    def _one_kind(self) -> CheckDef:
        if (self.impl is None) == (not self.triggers):
            raise PydanticCustomError(
                "check_kind", "a check has either 'impl:' (a module in authadvisor/checks/) or "
                "'triggers:' (conditions over manifest facts), exactly one of them")
        return self


class TableMeta(Model):
    version: Literal[1]
    name: str = Field(min_length=1)
    hit_policy: Literal["unique", "first"]
    extends: Optional[Literal["builtin"]] = None
    disable: tuple[str, ...] = ()


SECTIONS = ("table", "sources", "methods", "scenarios", "rules", "clusters", "checks")


class RulesFile(Model):
    """One file of the table; the loader merges the files of a directory."""

    table: Optional[TableMeta] = None
    sources: tuple[SourceDef, ...] = ()
    methods: tuple[MethodDef, ...] = ()
    scenarios: tuple[ScenarioDef, ...] = ()
    rules: tuple[RuleDef, ...] = ()
    clusters: tuple[ClusterDef, ...] = ()
    checks: tuple[CheckDef, ...] = ()


class RuleTable(Model):
    """The effective table: every section merged, references checked, conditions parsed."""

    table: TableMeta
    sources: tuple[SourceDef, ...]
    methods: tuple[MethodDef, ...]
    scenarios: tuple[ScenarioDef, ...]
    rules: tuple[RuleDef, ...]
    clusters: tuple[ClusterDef, ...] = ()
    checks: tuple[CheckDef, ...] = ()
