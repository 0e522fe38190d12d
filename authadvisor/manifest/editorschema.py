"""The manifest JSON Schema (draft 2020-12) for editors (`# yaml-language-server: $schema=...`).

It is the schema generated from the pydantic Manifest model (authadvisor/manifest/schemas/manifest-v1.schema.json,
which the validator runs on) plus standard keywords for what the validator checks in code (`x-check`
and validate.py): the version constant, https-only base_url, non-blank waiver reasons, unique
customer_login entries, and which integration fields apply to (or are required for) which caller."""

from __future__ import annotations

import copy
import json
from typing import Any

from . import vocab

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_URL_PATTERN = r"^https://[A-Za-z0-9.-]+(:\d+)?(/[^\s?#]*)?$"


def _string_variant(prop: dict) -> dict:
    """The string (or array) branch of an optional property (the schema says anyOf [it, null])."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") in ("string", "array"):
            return branch
    return prop


def _caller_is(callers: tuple, negate: bool) -> dict:
    test: dict = {"enum": list(callers)}
    caller = {"not": test} if negate else test
    return {"required": ["integration"],
            "properties": {"integration": {"required": ["caller"], "properties": {"caller": caller}}}}


def _caller_rules() -> list[dict]:
    """if/then pairs: a field given for a caller it does not apply to, or missing where required."""
    out = []
    for (section, name), callers in vocab.APPLIES_TO.items():
        field_is_null = {"properties": {name: {"type": "null"}}}
        out.append({"if": _caller_is(callers, True), "then": {"properties": {section: field_is_null}}})
    for (section, name), callers in vocab.REQUIRED_FOR.items():
        field_given = {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
        out.append({"if": _caller_is(callers, False),
                    "then": {"required": [section], "properties": {section: field_given}}})
    return out


def manifest_schema() -> dict[str, Any]:
    from .fastschema import load_schema
    from .validate import MANIFEST_SCHEMA

    generated = copy.deepcopy(load_schema(MANIFEST_SCHEMA))
    generated.pop("$schema", None)
    defs = generated["$defs"]
    generated["properties"]["authadvisor"].update({"const": vocab.SCHEMA_VERSION})
    _string_variant(defs["Capillary"]["properties"]["base_url"])["pattern"] = BASE_URL_PATTERN
    for listed in ("customer_login", "app_platform"):
        _string_variant(defs["Integration"]["properties"][listed])["uniqueItems"] = True
    defs["Waiver"]["properties"]["reason"]["pattern"] = r"\S"
    return {"$schema": DIALECT, **generated, "allOf": _caller_rules()}


def manifest_schema_json() -> str:
    return json.dumps(manifest_schema(), indent=2, ensure_ascii=False) + "\n"
