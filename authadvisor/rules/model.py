"""The rules table as validated data (pydantic). No YAML here: rules.load reads files into these."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from ..manifest import vocab

KEBAB = vocab.CHECK_ID_PATTERN
SNAKE = r"^[a-z][a-z0-9_]*$"
Kebab = Field(pattern=KEBAB, description="a stable kebab-case id")
NonEmpty = Annotated[str, Field(min_length=1)]


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
    seed_text: str = Field(min_length=1,
                           description="the 'Authentication' column wording of Capillary's Authentication page")
    when_to_use: Optional[str] = Field(None, min_length=1,
                                       description="when to use the method (the 'When to use Basic & "
                                                   "OAuth?' guidance of Capillary's Authentication page), "
                                                   "shown on the docs' matrix page")
    sources: tuple[str, ...] = ()
    requirements: tuple[NoteDef, ...] = ()
    warnings: tuple[NoteDef, ...] = ()


class ScenarioDef(Model):
    id: str = Field(pattern=SNAKE)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    authentication: str = Field(min_length=1, description="the recommended-authentication text of Capillary's page")


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
    mobile_api_url: Optional[str] = Field(default=None, pattern=r"^https://[^\s]+[^/\s]$",
                                          description="Mobile API gateway base URL, e.g. https://host/mobile")
    note: Optional[str] = None


class QuestionDef(Model):
    """One questionnaire question. Its id is the manifest field it fills (a fact, or name/description/
    owner); a fact's values come from vocab, so `choices` only explains them, value by value."""

    id: str = Field(pattern=SNAKE)
    prompt: str = Field(min_length=1)
    help: str = Field(min_length=1)
    choices: dict[str, NonEmpty] = Field(default={}, description="value -> one-line explanation")
    required: bool = False
    default: Optional[Union[StrictBool, str, tuple[str, ...]]] = None
    placeholder: Optional[str] = Field(default=None, min_length=1, description="an example answer")
    when: Optional[Any] = None


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
    authadvisor/checks/), exactly one of them (the loader checks that)."""

    id: str = Kebab
    severity: Severity
    summary: str = Field(min_length=1, max_length=120)
    rationale: str = Field(min_length=1)
    help_uri: Optional[str] = Field(None, pattern=r"^https://\S+$",
                                    description="further reading; default: the check's section of the README")
    impl: Optional[str] = Field(None, pattern=SNAKE, description="module in authadvisor/checks/")
    triggers: tuple[TriggerDef, ...] = ()
    tags: tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")], ...] = Field(
        (), description="what kind of problem it is (SARIF properties.tags): security, correctness, ...")
    security_severity: Optional[float] = Field(
        None, ge=0.1, le=10.0, description="CVSS-style score of a security check (SARIF security-severity): "
                                           "9.0+ critical, 7.0+ high, 4.0+ medium, else low")


class TableMeta(Model):
    """Table settings. `name` and `hit_policy` are required unless the table `extends: builtin`."""

    version: Literal[1]
    name: Optional[str] = Field(None, min_length=1)
    hit_policy: Optional[Literal["unique", "first"]] = None
    extends: Optional[Literal["builtin"]] = Field(
        None, description="lay this table over the built-in one: add, override (same id) or disable entries")
    disable: tuple[str, ...] = Field((), description="ids of rules (or checks) to drop from the extended table")


SECTIONS = ("table", "sources", "methods", "scenarios", "rules", "clusters", "questions", "checks")


class RulesFile(Model):
    """One file of the table; the loader merges the files of a directory."""

    table: Optional[TableMeta] = None
    sources: tuple[SourceDef, ...] = ()
    methods: tuple[MethodDef, ...] = ()
    scenarios: tuple[ScenarioDef, ...] = ()
    rules: tuple[RuleDef, ...] = ()
    clusters: tuple[ClusterDef, ...] = ()
    questions: tuple[QuestionDef, ...] = ()
    checks: tuple[CheckDef, ...] = ()


class Expectation(Model):
    """What a golden case expects; every field is optional, and only given fields are compared."""

    method: Optional[Literal[vocab.METHODS]] = None  # type: ignore[valid-type]
    scenario: Optional[str] = None
    rule: Optional[str] = None
    requirements: tuple[str, ...] = Field((), description="requirement ids that must be present")
    warnings: tuple[str, ...] = Field((), description="warning ids that must be present")
    absent: tuple[str, ...] = Field((), description="requirement or warning ids that must not be present")
    error: Optional[str] = Field(None, pattern=KEBAB, description="the check id the manifest is refused with")
    checks: Optional[tuple[str, ...]] = Field(
        None, description="exactly the lint check ids that fire (after waivers); [] means a clean lint")


class GoldenCase(Model):
    id: str = Kebab
    manifest: Union[str, dict[str, Any]] = Field(description="the manifest, as YAML/JSON text or a mapping")
    today: Optional[str] = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                 description="the date lint takes as today (waiver expiry), ISO")
    expect: Expectation


class RulesTestFile(Model):
    """A file of golden cases kept beside a rules table (rules/tests/*.yaml), run by `rules test`."""

    cases: tuple[GoldenCase, ...]


class RuleTable(Model):
    """The effective table: every section merged, references checked, conditions parsed."""

    table: TableMeta
    sources: tuple[SourceDef, ...]
    methods: tuple[MethodDef, ...]
    scenarios: tuple[ScenarioDef, ...]
    rules: tuple[RuleDef, ...]
    clusters: tuple[ClusterDef, ...] = ()
    questions: tuple[QuestionDef, ...] = ()
    checks: tuple[CheckDef, ...] = ()
