"""Turn loaded YAML into a validated model, or into findings a person can act on.

pydantic does the validating; this module words its errors (with did-you-mean, at the YAML node's
line:col) and adds what a schema cannot say: caller applicability and credentials in the file. A bad
value is echoed (escaped, truncated) unless it looks like a credential; a credential never is.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from . import credentials, vocab
from .errors import ManifestError
from .findings import Finding
from .suggest import did_you_mean
from .yamlio import Document

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


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin is typing.Union:
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def annotation_at(model: type, loc: tuple) -> Any:
    """The type found at `loc` inside `model` (through Optional, lists and nested models), or None."""
    tp: Any = model
    for step in loc:
        tp = _unwrap(tp)
        if isinstance(step, int):
            args = typing.get_args(tp)
            if not args:
                return None
            tp = args[0]
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(step)
            if field is None:
                return None
            tp = field.annotation
        else:
            return None
    return _unwrap(tp)


def _allowed_values(model: type, loc: tuple) -> tuple:
    tp = annotation_at(model, loc)
    if typing.get_origin(tp) is typing.Literal:
        return typing.get_args(tp)
    return ()


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


def _message(err: dict, model: type) -> tuple[str, str, bool]:
    """(check, message, point_at_key) for one pydantic error."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    where = dotted(loc)
    if kind == "missing" and loc[:1] == ("waivers",) and loc[-1:] == ("reason",):
        return SCHEMA, (f'waiver "{dotted(loc[:-1])}" has no reason: every waiver needs a "reason" '
                        "saying why the finding is accepted"), False
    if kind == "missing":
        hint = " (start the file with 'authadvisor: 1')" if loc == ("authadvisor",) else ""
        return SCHEMA, f'missing required field "{where}"{hint}', False
    if kind == "extra_forbidden":
        allowed = tuple((annotation_at(model, loc[:-1]) or model).model_fields)
        return SCHEMA, (f'unknown field "{where}"{did_you_mean(str(loc[-1]), allowed)}; '
                        f"allowed here: {', '.join(allowed)}"), True
    if kind == "literal_error":
        allowed = _allowed_values(model, loc)
        words = [str(a) for a in allowed]
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


def pydantic_findings(exc: ValidationError, doc: Document, model: type,
                      skip: frozenset = frozenset()) -> list[Finding]:
    """Word every pydantic error as a finding at its YAML position (`skip`: locs already reported)."""
    out = []
    for err in exc.errors(include_url=False, include_input=True):
        loc = tuple(err["loc"])
        if any(loc[: len(s)] == s for s in skip):
            continue
        check, message, at_key = _message(err, model)
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


def manifest_findings(doc: Document) -> tuple[Optional[Any], list[Finding]]:
    """Validate a loaded manifest: (model or None, every finding). Nothing raised, nothing lost."""
    from .manifest import KNOWN_KEYS, Manifest

    found = _credential_findings(doc, KNOWN_KEYS)
    secret_paths = frozenset(f.path for f in found)
    model = None
    try:
        model = Manifest.model_validate(doc.data)
    except ValidationError as exc:
        found += pydantic_findings(exc, doc, Manifest, skip=secret_paths)
    found += _applicability_findings(doc)
    return (model if not found else None), found


def validate_manifest(doc: Document) -> Any:
    """The Manifest model, or ManifestError carrying every finding."""
    model, found = manifest_findings(doc)
    if found:
        raise ManifestError(f"{doc.name}: invalid manifest", found)
    return model
