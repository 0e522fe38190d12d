"""Turn loaded YAML into a validated model, or into findings a person can act on.

The JSON Schemas generated from the pydantic models (fastschema) do the validating; this module words
their errors (with did-you-mean, at the YAML node's line:col) and adds what a schema cannot say:
caller applicability and credentials in the file. A bad
value is echoed (escaped, truncated) unless it looks like a credential; a credential never is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

from ..errors import ManifestError
from ..findings import MAX_PER_CHECK, Finding, more_finding
from ..inert import quoted
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


HIDDEN = "(a value that looks like a credential, not shown)"


def show_value(value: Any, field: Optional[str] = None) -> str:
    """A value as it may appear in a message: JSON-quoted, inert (invisible characters escaped),
    shortened to 80 characters with an ellipsis, and never a credential: not a value shaped like one,
    nor any value of a field whose name says it holds one (`credentials`, `password`...)."""
    if credentials.credential_value(value) or (field is not None and credentials.credential_field(field)):
        return HIDDEN
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return show_value(str(value)) if not isinstance(value, (int, float)) else str(value)


def _kind(value: Any, field: Optional[str] = None) -> str:
    if field is not None and credentials.credential_field(field) and value not in (None, "", [], {}) \
            and not isinstance(value, (bool, dict, list)):
        return "a value that is not shown (this field may hold a credential)"
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
        return f"the string {show_value(value, field)}"
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
    """`integration.customer_login[1]`; a key longer than 80 characters is cut (a hostile file may hold
    a 1 MiB one)."""
    out = ""
    for step in loc:
        if isinstance(step, str) and len(step) > 80:
            step = step[:77] + "..."
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
    return f'"{dotted(loc)}" has the wrong form: {show_value(value, field)}'


def _message(err: dict, schema: dict) -> tuple[str, str, bool]:
    """(check, message, point_at_key) for one validation error (pydantic-shaped, see fastschema)."""
    from ..suggest import did_you_mean  # error paths only: not on a valid manifest's start-up path

    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    where = dotted(loc)
    if kind == "missing":
        hint = " (start the file with 'authadvisor: 1')" if loc == ("authadvisor",) else ""
        return SCHEMA, f'missing required field "{where}"{hint}', False
    if kind == "extra_forbidden":
        allowed = tuple(schema_at(schema, loc[:-1]).get("properties", {}))
        return SCHEMA, (f"unknown field {quoted(where)}{did_you_mean(str(loc[-1]), allowed)}; "
                        f"allowed here: {', '.join(allowed)}"), True
    if kind == "literal_error":
        words = [str(a) for a in (err.get("ctx") or {}).get("expected", ())]
        field = _field_name(loc)
        if isinstance(value, str):
            hint = "" if show_value(value, field) == HIDDEN else did_you_mean(value, words)
            return SCHEMA, (f"unknown {field} {show_value(value, field)}{hint}; "
                            f"expected one of: {', '.join(words)}"), False
        return SCHEMA, f'"{where}" must be one of: {", ".join(words)}; got {_kind(value, field)}', False
    if kind in _KINDS:
        return SCHEMA, f'"{where}" must be {_KINDS[kind]}, got {_kind(value, _field_name(loc))}', False
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
    if kind == "url_hidden":
        from .chars import describe, first_hidden

        return SCHEMA, (f'"{where}" contains the invisible or control character '
                        f"{describe(first_hidden(str(value)) or '?')}; no snippet can write it into code and "
                        "a reader cannot see it: remove it"), False
    if kind in _CUSTOM:
        return SCHEMA, f'"{where}": {_CUSTOM[kind]}', False
    return SCHEMA, f'"{where}": {err["msg"]}', False


def schema_findings(errors: list[dict], doc: Document, schema: dict,
                    skip: frozenset = frozenset()) -> list[Finding]:
    """Word every validation error as a finding at its YAML position (`skip`: locs already reported).
    Past MAX_PER_CHECK schema errors the rest are only counted (one finding says how many), so a file
    of 100,000 bad items costs no did-you-mean beyond the first ones."""
    out, worded, omitted = [], 0, []
    for err in errors:
        loc = tuple(err["loc"])
        if skip and any(loc[:i] in skip for i in range(len(loc) + 1)):
            continue
        if worded >= MAX_PER_CHECK and err["type"] != "insecure_url":
            omitted.append(loc)
            continue
        check, message, at_key = _message(err, schema)
        if err["type"] in _WANTS_TEXT:
            from .scalars import quoting_hint

            message += quoting_hint(doc.plain_scalar(loc), err.get("input"), loc)
        worded += check == SCHEMA
        out.append(doc.finding(message, loc, check=check, key=at_key))
    if omitted:
        out.append(more_finding(SCHEMA, "error", len(omitted), doc.name, doc.span(omitted[0])))
    return out


def _credential_findings(doc: Document, known: frozenset) -> list[Finding]:
    out = []
    for path, is_key, what, fingerprint in credentials.scan(doc.data, known):
        finding = doc.finding(f"{what}; {credentials.ADVICE} (fingerprint {fingerprint})", path, check=SECRET,
                              key=is_key)
        out.append(finding.replace(fingerprint=fingerprint))
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
            out.append(doc.finding(vocab.not_applicable(section, field, caller), (section, field),
                                   check=SCHEMA, key=True))
    for (section, field), callers in vocab.REQUIRED_FOR.items():
        block = data.get(section)
        if caller in callers and not (isinstance(block, dict) and block.get(field) is not None):
            out.append(doc.finding(vocab.required_for(section, field, caller), (section, field),
                                   check=SCHEMA, key=True))
    return out


MANIFEST_SCHEMA = "manifest-v1.schema.json"
#: errors where a string was expected (an unquoted `on` there deserves a word about YAML 1.1)
_WANTS_TEXT = frozenset({"string_type", "literal_error"})


def check_manifest(doc: Document) -> tuple[Optional[dict], list[Finding]]:
    """Validate a loaded manifest without pydantic: (normalized data or None, every finding).
    Nothing raised, nothing lost. The data has every schema field, defaults filled in."""
    schema = load_schema(MANIFEST_SCHEMA)
    found = _credential_findings(doc, _known_keys(schema))
    secret_paths = frozenset(f.path for f in found)
    data, errors = validate(doc.data, schema)
    doc.validation = (data, errors)
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
    """Every field name of the schema (worked out once per schema: lint asks for every manifest)."""
    cached = _KNOWN.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    names = set(schema.get("properties", {}))
    for sub in schema.get("$defs", {}).values():
        names |= set(sub.get("properties", {}))
    _KNOWN[id(schema)] = (schema, frozenset(names))
    return _KNOWN[id(schema)][1]


