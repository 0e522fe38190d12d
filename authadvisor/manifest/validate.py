"""Turn loaded YAML into a validated model, or into findings a person can act on.

The JSON Schemas generated from the pydantic models (fastschema) do the validating; this module words
their errors (with did-you-mean, at the YAML node's line:col) and adds what a schema cannot say:
caller applicability and credentials in the file. A bad
value is echoed (escaped, truncated) unless it looks like a credential; a credential never is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Optional

from ..errors import ManifestError
from ..findings import Finding
from ..suggest import did_you_mean
from . import credentials, vocab
from .fastschema import load_schema, validate
from .safeyaml import Document

SCHEMA = "schema"
SECRET = "secret-in-manifest"
INSECURE_URL = "insecure-url"

_KINDS = {
    "string_type": "a string", "int_type": "an integer", "bool_type": "true or false",
    "list_type": "a list", "tuple_type": "a list", "model_type": "a mapping", "dict_type": "a mapping",
    "model_attributes_type": "a mapping", "int_parsing": "an integer", "bool_parsing": "true or false",
    "float_type": "a number", "int_from_float": "an integer",
}
_CUSTOM = {
    "date_only": "expected a date (YYYY-MM-DD), not a date and time",
    "date_invalid": "not a real calendar date",
    "date_type": "expected an ISO date such as 2027-03-31",
    "reason_empty": "a waiver needs a non-empty reason saying why the finding is accepted",
    "list_repeats": "lists a value twice",
    "url_invalid": "must be an https:// URL with a host name, e.g. https://eu.api.capillarytech.com",
}


def show_value(value: Any) -> str:
    """A value as it may appear in a message: JSON-quoted (control characters escaped), truncated,
    and never a credential."""
    if credentials.credential_value(value):
        return "(a value that looks like a credential, not shown)"
    if isinstance(value, str):
        text = json.dumps(value if len(value) <= 60 else value[:57] + "...", ensure_ascii=False)
        return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return show_value(str(value)) if not isinstance(value, (int, float)) else str(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {show_value(value)}"
    return f"a {type(value).__name__}"


def schema_at(schema: dict, loc: tuple) -> dict:
    """The (sub)schema describing the value at `loc`, through $ref, nullable anyOf and items."""
    defs = schema.get("$defs", {})

    def resolve(node: dict) -> dict:
        while True:
            if "$ref" in node:
                node = defs[node["$ref"].rsplit("/", 1)[-1]]
            elif "anyOf" in node:
                real = [b for b in node["anyOf"] if b.get("type") != "null"]
                if len(real) != 1:
                    return node
                node = real[0]
            else:
                return node

    node = resolve(schema)
    for step in loc:
        node = resolve(node.get("items", {}) if isinstance(step, int) else node.get("properties", {}).get(step, {}))
    return node


def dotted(loc: Iterable) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _field_name(loc: tuple) -> str:
    return next((s for s in reversed(loc) if isinstance(s, str)), "value")


def _pattern_message(loc: tuple, value: Any) -> str:
    field = _field_name(loc)
    if field == "name":
        return (f"name {show_value(value)} is not valid: use lowercase letters, digits and hyphens, "
                "1-63 characters, starting and ending with a letter or digit (e.g. acme-pos-store-042)")
    if field in ("check", "id"):
        return f'"{dotted(loc)}" {show_value(value)} is not a kebab-case id (e.g. method-mismatch)'
    if field == "url":
        return f'"{dotted(loc)}" must be an https:// URL'
    return f'"{dotted(loc)}" has the wrong form: {show_value(value)}'


def _message(err: dict, schema: dict) -> tuple[str, str, bool]:
    """(check, message, point_at_key) for one validation error (pydantic-shaped, see fastschema)."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    where = dotted(loc)
    if kind == "missing":
        hint = " (start the file with 'authadvisor: 1')" if loc == ("authadvisor",) else ""
        return SCHEMA, f'missing required field "{where}"{hint}', False
    if kind == "extra_forbidden":
        allowed = tuple(schema_at(schema, loc[:-1]).get("properties", {}))
        return SCHEMA, (f'unknown field "{where}"{did_you_mean(str(loc[-1]), allowed)}; '
                        f"allowed here: {', '.join(allowed)}"), True
    if kind == "literal_error":
        words = [str(a) for a in (err.get("ctx") or {}).get("expected", ())]
        field = _field_name(loc)
        if isinstance(value, str):
            return SCHEMA, (f"unknown {field} {show_value(value)}{did_you_mean(value, words)}; "
                            f"expected one of: {', '.join(words)}"), False
        return SCHEMA, f'"{where}" must be one of: {", ".join(words)}; got {_kind(value)}', False
    if kind in _KINDS:
        return SCHEMA, f'"{where}" must be {_KINDS[kind]}, got {_kind(value)}', False
    if kind == "string_pattern_mismatch":
        return SCHEMA, _pattern_message(loc, value), False
    if kind in ("string_too_short", "too_short"):
        return SCHEMA, f'"{where}" must not be empty', False
    if kind == "string_too_long":
        return SCHEMA, f'"{where}" is longer than {err["ctx"]["max_length"]} characters', False
    if kind == "unsupported_version":
        return SCHEMA, (f"unsupported manifest version {show_value(value)}: this authadvisor reads "
                        f"'authadvisor: {vocab.SCHEMA_VERSION}'"), False
    if kind == "insecure_url":
        return INSECURE_URL, (f'"{where}" uses plain http://: credentials and tokens would travel in '
                              "clear text; use https://"), False
    if kind in _CUSTOM:
        return SCHEMA, f'"{where}": {_CUSTOM[kind]}', False
    return SCHEMA, f'"{where}": {err["msg"]}', False


def schema_findings(errors: list[dict], doc: Document, schema: dict,
                    skip: frozenset = frozenset()) -> list[Finding]:
    """Word every validation error as a finding at its YAML position (`skip`: locs already reported)."""
    out = []
    for err in errors:
        loc = tuple(err["loc"])
        if any(loc[: len(s)] == s for s in skip):
            continue
        check, message, at_key = _message(err, schema)
        out.append(doc.finding(message, loc, check=check, key=at_key))
    return out


def _credential_findings(doc: Document, known: frozenset) -> list[Finding]:
    out = []
    for path, is_key, what in credentials.scan(doc.data, known):
        out.append(doc.finding(f"{what}; {credentials.ADVICE}", path, check=SECRET, key=is_key))
    return out


def _applicability_findings(doc: Document) -> list[Finding]:
    data = doc.data
    integration = data.get("integration")
    caller = integration.get("caller") if isinstance(integration, dict) else None
    if caller not in vocab.CALLERS:
        return []
    out = []
    for (section, field), callers in vocab.APPLIES_TO.items():
        block = data.get(section)
        if isinstance(block, dict) and block.get(field) is not None and caller not in callers:
            out.append(doc.finding(
                f'"{section}.{field}" does not apply to caller {caller}; it is for '
                f"{', '.join(callers)} only (remove it, or check the caller)",
                (section, field), check=SCHEMA, key=True))
    for (section, field), callers in vocab.REQUIRED_FOR.items():
        block = data.get(section)
        if caller in callers and not (isinstance(block, dict) and block.get(field) is not None):
            allowed = {("integration", "connector"): vocab.CONNECTORS}.get((section, field), ())
            out.append(doc.finding(
                f'caller {caller} needs "{section}.{field}"'
                + (f" (one of: {', '.join(allowed)})" if allowed else ""),
                (section, field), check=SCHEMA, key=True))
    return out


MANIFEST_SCHEMA = "manifest-v1.schema.json"


def check_manifest(doc: Document) -> tuple[Optional[dict], list[Finding]]:
    """Validate a loaded manifest without pydantic: (normalized data or None, every finding).
    Nothing raised, nothing lost. The data has every schema field, defaults filled in."""
    schema = load_schema(MANIFEST_SCHEMA)
    found = _credential_findings(doc, _known_keys(schema))
    secret_paths = frozenset(f.path for f in found)
    data, errors = validate(doc.data, schema)
    found += schema_findings(errors, doc, schema, skip=secret_paths)
    found += _applicability_findings(doc)
    return (data if not found else None), found


def validate_manifest_data(doc: Document) -> dict:
    """The normalized manifest data, or ManifestError carrying every finding."""
    data, found = check_manifest(doc)
    if data is None:
        raise ManifestError(f"{doc.name}: invalid manifest", found)
    return data


_KNOWN: dict[int, tuple[dict, frozenset]] = {}  # id(schema) -> (schema, its property names): once per schema


def _known_keys(schema: dict) -> frozenset:
    found = _KNOWN.get(id(schema))
    if found is None or found[0] is not schema:
        names = set(schema.get("properties", {}))
        for sub in schema.get("$defs", {}).values():
            names |= set(sub.get("properties", {}))
        found = _KNOWN[id(schema)] = (schema, frozenset(names))
    return found[1]
