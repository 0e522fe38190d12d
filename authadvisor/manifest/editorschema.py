"""The manifest JSON Schema (draft 2020-12) for editors (`# yaml-language-server: $schema=...`).

It is the schema generated from the pydantic Manifest model (authadvisor/manifest/schemas/manifest-v1.schema.json,
which the validator runs on) plus what the validator checks in code (`x-check` and validate.py), in
standard keywords: the version constant, https-only base_url, non-blank waiver reasons, unique
customer_login entries, a waiver's check as the closed set of the rules table's check ids, and which
integration fields apply to (or are required for) which caller.

For editors (the VS Code JSON/YAML language services' keywords, which other validators ignore): a
`markdownDescription` per field, the one-line meaning of every enum value (`enumDescriptions`,
`markdownEnumDescriptions`, from the rules table's questions, methods and checks), `errorMessage` /
`patternErrorMessage` worded as lint words them, and `doNotSuggest` so completion offers only the
fields that apply to the manifest's caller: one `if`/`then` per caller re-declares the fields that
apply to it and gives the others `"type": "null"` with "does not apply to caller ..." as the message.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from typing import Any, Optional

from ..version import PROJECT_URL
from . import vocab
from .editordocs import FACT_FIELDS, FIELD_DOCS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "authadvisor-manifest.schema.json"
#: stable: the committed copy at the repository root, on the default branch
SCHEMA_ID = f"{PROJECT_URL}/raw/main/{SCHEMA_FILE}"
BASE_URL_PATTERN = r"^https://[A-Za-z0-9.-]+(:\d+)?(/[^\s?#]*)?$"


def _variant(prop: dict, kinds: tuple = ("string", "array", "boolean")) -> dict:
    """The real branch of an optional property (the schema says anyOf [it, null])."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") in kinds:
            return branch
    return prop


def _enum_node(prop: dict) -> Optional[dict]:
    node = _variant(prop)
    node = node.get("items", node) if node.get("type") == "array" else node
    return node if "enum" in node else None


def _describe_enum(prop: dict, meanings: Mapping[str, str]) -> None:
    node = _enum_node(prop)
    if node is None or not meanings:
        return
    texts = [str(meanings.get(str(value), "")) for value in node["enum"]]
    node["enumDescriptions"] = texts
    node["markdownEnumDescriptions"] = texts


def _field(schema: dict, definition: str, name: str) -> dict:
    owner = schema if definition == "Manifest" else schema["$defs"][definition]
    return owner["properties"][name]


def _caller_is(caller: str) -> dict:
    return {"required": ["integration"],
            "properties": {"integration": {"required": ["caller"], "properties": {"caller": {"const": caller}}}}}


def _caller_rule(caller: str, defs: dict) -> dict:
    """if caller is `caller`: the fields that apply to it (suggested), the others only null (not
    suggested, with lint's message), and the fields it requires."""
    sections: dict[str, dict] = {}
    for (section, name), callers in vocab.APPLIES_TO.items():
        props = sections.setdefault(section, {"properties": {}})["properties"]
        if caller in callers:
            props[name] = copy.deepcopy(defs[section.capitalize()]["properties"][name])
            props[name].pop("doNotSuggest", None)
        else:
            props[name] = {"type": "null", "doNotSuggest": True,
                           "errorMessage": vocab.not_applicable(section, name, caller)}
    required = []
    for (section, name), callers in vocab.REQUIRED_FOR.items():
        if caller in callers:
            message = vocab.required_for(section, name, caller)
            block = sections.setdefault(section, {"properties": {}})
            block.setdefault("required", []).append(name)
            block["errorMessage"] = message
            block["properties"][name] = {**block["properties"][name],
                                         "not": {"type": "null", "errorMessage": message}}
            required.append(section)
    then: dict = {"properties": sections}
    if required:
        then["required"] = required
    return {"if": _caller_is(caller), "then": then}


def _checks_enum(waiver: dict, checks: Iterable[Mapping]) -> None:
    listed = [(str(c["id"]), str(c.get("summary") or "")) for c in checks]
    if not listed:
        return
    prop = waiver["properties"]["check"]
    prop.pop("pattern", None)
    prop["enum"] = [cid for cid, _ in listed]
    prop["enumDescriptions"] = prop["markdownEnumDescriptions"] = [summary for _, summary in listed]


def _meanings(questions: Iterable[Mapping], methods: Iterable[Mapping]) -> dict[tuple[str, str], dict]:
    out: dict[tuple[str, str], dict] = {("Integration", "caller"): dict(vocab.CALLER_MEANINGS)}
    for question in questions:
        where = FACT_FIELDS.get(str(question.get("id")))
        if where is not None and question.get("choices"):
            out[where] = {str(k): str(v) for k, v in question["choices"].items()}
    titles = {str(m["id"]): str(m.get("title") or "") for m in methods}
    if titles:
        out[("Auth", "method")] = titles
    return out


def manifest_schema(checks: Iterable[Mapping] = (), questions: Iterable[Mapping] = (),
                    methods: Iterable[Mapping] = ()) -> dict[str, Any]:
    """The editor schema. `checks` (id, summary), `questions` (id, choices) and `methods` (id, title)
    come from the effective rules table; without them the check ids fall back to their pattern."""
    from .fastschema import load_schema
    from .validate import MANIFEST_SCHEMA

    generated = copy.deepcopy(load_schema(MANIFEST_SCHEMA))
    generated.pop("$schema", None)
    defs = generated["$defs"]
    version = generated["properties"]["authadvisor"]
    version.update({"const": vocab.SCHEMA_VERSION,
                    "errorMessage": f"unsupported manifest version: write 'authadvisor: {vocab.SCHEMA_VERSION}'"})
    generated["properties"]["name"]["patternErrorMessage"] = (
        "use lowercase letters, digits and hyphens, 1-63 characters, starting and ending with a letter or "
        "digit (e.g. acme-pos-store-042)")
    base_url = _variant(defs["Capillary"]["properties"]["base_url"])
    base_url.update({"pattern": BASE_URL_PATTERN, "patternErrorMessage": (
        "must be an https:// URL with a host name, e.g. https://eu.api.capillarytech.com")})
    for listed in ("customer_login", "app_platform"):
        _variant(defs["Integration"]["properties"][listed])["uniqueItems"] = True
    defs["Waiver"]["properties"]["reason"].update(
        {"pattern": r"\S", "patternErrorMessage": "a waiver needs a non-empty reason saying why the finding "
                                                  "is accepted"})
    _checks_enum(defs["Waiver"], checks)
    for where, meanings in _meanings(questions, methods).items():
        _describe_enum(_field(generated, *where), meanings)
    for (definition, name), text in FIELD_DOCS.items():
        _field(generated, definition, name)["markdownDescription"] = text
    for section, name in vocab.APPLIES_TO:  # offered only once the caller is known to take them
        defs[section.capitalize()]["properties"][name]["doNotSuggest"] = True
    rules = [_caller_rule(caller, defs) for caller in vocab.CALLERS]
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **generated, "allOf": rules}


def manifest_schema_json(**tables: Iterable[Mapping]) -> str:
    return json.dumps(manifest_schema(**tables), indent=2, ensure_ascii=False) + "\n"
