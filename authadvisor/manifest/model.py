"""Manifest schema v1 as pydantic models: the public contract of an integration manifest."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from . import facts, fieldchecks, vocab


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_only", "expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_invalid", "not a real calendar date") from None
    raise PydanticCustomError("date_type", "expected an ISO date such as 2027-03-31")


def _checked(name: str, value: Any) -> Any:
    problem = fieldchecks.CHECKS[name](value)
    if problem:
        raise PydanticCustomError(problem, problem.replace("_", " "))
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Text = Annotated[str, Field(max_length=2000)]


class Capillary(_Model):
    """Where the integration's Capillary org lives."""

    cluster: Optional[Literal[vocab.CLUSTERS]] = Field(  # type: ignore[valid-type]
        None, description="Capillary cluster; sets the default API host")
    base_url: Optional[str] = Field(None, description="https URL overriding the cluster's API host",
                                    json_schema_extra={"x-check": "https-url"})
    org: Optional[Text] = Field(None, description="Capillary org name or id")
    brand: Optional[Text] = Field(None, description="Auth Engine brand (end-customer apps)")

    @field_validator("base_url")
    @classmethod
    def _https_only(cls, value: Optional[str]) -> Optional[str]:
        return value if value is None else _checked("https-url", value)


class Integration(_Model):
    """Who calls Capillary, and the details that matter for that caller."""

    caller: Literal[vocab.CALLERS] = Field(  # type: ignore[valid-type]
        description="the system that sends the HTTPS requests to Capillary")
    connector: Optional[Literal[vocab.CONNECTORS]] = Field(  # type: ignore[valid-type]
        None, description="prebuilt_connector only, required there")
    credentials: Optional[Literal[vocab.CREDENTIALS]] = Field(  # type: ignore[valid-type]
        None, description="pos_terminal / pos_store_server / instore_app only: which till credentials are used")
    customer_login: Optional[list[Literal[vocab.CUSTOMER_LOGINS]]] = Field(  # type: ignore[valid-type]
        None, min_length=1, description="end_customer_app only: how end customers sign in",
        json_schema_extra={"x-check": "unique-items"})
    app_platform: Optional[list[Literal[vocab.APP_PLATFORMS]]] = Field(  # type: ignore[valid-type]
        None, min_length=1, description="end_customer_app only: mobile and/or web app (Auth Engine paths)",
        json_schema_extra={"x-check": "unique-items"})
    client_type: Optional[Literal[vocab.CLIENT_TYPES]] = Field(  # type: ignore[valid-type]
        None, description="partner_app only: can the partner app keep a secret?")
    file_processing: Optional[Literal[vocab.FILE_PROCESSING]] = Field(  # type: ignore[valid-type]
        None, description="ftp_pipeline only: Connect+ dataflow or an OOB solution")

    @field_validator("customer_login", "app_platform")
    @classmethod
    def _no_repeats(cls, value: Optional[list]) -> Optional[list]:
        return value if value is None else _checked("unique-items", value)


class Auth(_Model):
    """What the integration uses or plans to use; lint compares it with the recommendation."""

    method: Optional[Literal[vocab.METHODS]] = Field(None, description="the auth method in use")  # type: ignore[valid-type]
    pkce: Optional[StrictBool] = Field(None, description="partner_app only: PKCE (S256) in use")


class Waiver(_Model):
    """Accept a lint finding for this file, with a reason and an optional expiry date."""

    check: str = Field(pattern=vocab.CHECK_ID_PATTERN, description="the lint check id to waive")
    reason: str = Field(description="why the finding is accepted (required, non-empty)",
                        json_schema_extra={"x-check": "nonblank"})
    expires: Optional[IsoDate] = Field(None, description="ISO date after which the waiver stops applying")
    fingerprint: Optional[str] = Field(
        None, pattern=vocab.FINGERPRINT_PATTERN,
        description="secret-in-manifest only, and required there: the fingerprint the finding shows; the "
                    "waiver accepts that one value, and a new or changed secret fires again")

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        return _checked("nonblank", value)


class Manifest(_Model):
    """An authadvisor integration manifest, schema version 1."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="authadvisor integration manifest v1")

    authadvisor: StrictInt = Field(description="schema version; must be 1",
                                   json_schema_extra={"x-check": "schema-version"})
    name: str = Field(pattern=vocab.NAME_PATTERN, description="kebab-case integration name, 1-63 characters")
    description: Optional[Text] = None
    owner: Optional[Text] = None
    capillary: Optional[Capillary] = None
    integration: Integration
    auth: Optional[Auth] = None
    waivers: list[Waiver] = Field(default=[], description="accepted lint findings for this file")

    @field_validator("authadvisor")
    @classmethod
    def _version(cls, value: int) -> int:
        return _checked("schema-version", value)

    @cached_property
    def fact_key(self) -> tuple:
        """The facts the rules reason about, as one tuple (computed once per manifest)."""
        return facts.key_of(self.model_dump(include={"integration", "auth", "capillary"}, exclude_none=True))

    @property
    def caller(self) -> str:
        return self.integration.caller


#: every key name the schema knows, at any level (never mistaken for a credential)
KNOWN_KEYS = frozenset(
    name for model in (Manifest, Capillary, Integration, Auth, Waiver) for name in model.model_fields
)
