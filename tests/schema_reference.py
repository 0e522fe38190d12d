"""The schema interpreter fastschema.py used before it compiled schemas into closures, kept verbatim as the
reference the compiled validator is checked against (tests/test_fastschema.py): same data, same errors.
Patterns go through fastschema.portable, as the compiled validator's do."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from authadvisor.manifest.fastschema import portable
from authadvisor.manifest.fieldchecks import CHECKS

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TYPE_ERRORS = {"object": "model_type", "array": "list_type", "string": "string_type",
                "integer": "int_type", "boolean": "bool_type", "number": "float_type"}


@cache
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(portable(pattern))  # the anchoring both validators share (issue 11: `$` is `\Z`)


def _is_type(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return kind == "null" and value is None


class _Run:
    def __init__(self, defs: dict) -> None:
        self.defs = defs
        self.errors: list[dict] = []

    def error(self, kind: str, loc: tuple, value: Any, **ctx: Any) -> None:
        self.errors.append({"type": kind, "loc": loc, "input": value, "ctx": ctx, "msg": kind.replace("_", " ")})

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            schema = self.defs[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def check(self, value: Any, schema: dict, loc: tuple) -> Any:
        schema = self.resolve(schema)
        if "anyOf" in schema:
            branches = [self.resolve(b) for b in schema["anyOf"]]
            if value is None and any(b.get("type") == "null" for b in branches):
                return None
            real = [b for b in branches if b.get("type") != "null"]
            if len(real) == 1:
                value = self.check(value, real[0], loc)
            else:
                for branch in real:  # several real branches: the first that fits wins
                    trial = _Run(self.defs)
                    normalized = trial.check(value, branch, loc)
                    if not trial.errors:
                        return normalized
                self.error("union_type", loc, value)
                return value
            return self.custom(value, schema, loc)
        kind = schema.get("type")
        if "enum" in schema or "const" in schema:
            allowed = schema.get("enum", [schema.get("const")])
            if not any(value == a and type(value) is type(a) for a in allowed):
                self.error("literal_error", loc, value, expected=allowed)
                return value
        elif kind == "string" and schema.get("format") == "date":
            return self.date(value, loc)
        elif kind is not None and not _is_type(value, kind):
            self.error(_TYPE_ERRORS.get(kind, "type_error"), loc, value)
            return value
        if kind == "object":
            value = self.object(value, schema, loc)
        elif kind == "array":
            value = self.array(value, schema, loc)
        elif kind == "string":
            if len(value) < schema.get("minLength", 0):
                self.error("string_too_short", loc, value, min_length=schema["minLength"])
            elif "maxLength" in schema and len(value) > schema["maxLength"]:
                self.error("string_too_long", loc, value, max_length=schema["maxLength"])
            elif "pattern" in schema and not _pattern(schema["pattern"]).search(value):
                self.error("string_pattern_mismatch", loc, value, pattern=schema["pattern"])
        return self.custom(value, schema, loc)

    def custom(self, value: Any, schema: dict, loc: tuple) -> Any:
        name = schema.get("x-check")
        if name and not self.errors_at(loc):
            problem = CHECKS[name](value)
            if problem:
                self.error(problem, loc, value)
        return value

    def errors_at(self, loc: tuple) -> bool:
        return any(e["loc"][: len(loc)] == loc for e in self.errors)

    def date(self, value: Any, loc: tuple) -> Any:
        if isinstance(value, dt.datetime):
            self.error("date_only", loc, value)
        elif isinstance(value, dt.date):
            return value
        elif isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.error("date_invalid", loc, value)
        else:
            self.error("date_type", loc, value)
        return value

    def object(self, value: dict, schema: dict, loc: tuple) -> dict:
        props = schema.get("properties", {})
        out = {}
        for key in schema.get("required", ()):
            if key not in value:
                self.error("missing", (*loc, key), None)
        for key, sub in props.items():
            if key in value:
                out[key] = self.check(value[key], sub, (*loc, key))
            elif key not in schema.get("required", ()):
                out[key] = _default(self.resolve(sub))
        for key in value:
            if key not in props:
                if schema.get("additionalProperties") is False:
                    self.error("extra_forbidden", (*loc, key), value[key])
                else:
                    out[key] = value[key]
        return out

    def array(self, value: list, schema: dict, loc: tuple) -> list:
        if len(value) < schema.get("minItems", 0):
            self.error("too_short", loc, value, min_length=schema["minItems"])
        items = schema.get("items")
        if items is None:
            return value
        return [self.check(item, items, (*loc, i)) for i, item in enumerate(value)]


def _default(schema: dict) -> Any:
    default = schema.get("default")
    return list(default) if isinstance(default, list) else default


def validate(data: Any, schema: dict) -> tuple[Any, list[dict]]:
    run = _Run(schema.get("$defs", {}))
    normalized = run.check(data, schema, ())
    return normalized, run.errors
