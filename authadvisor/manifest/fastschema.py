"""A small, fast JSON Schema validator for the subset pydantic generates for our models.

The pydantic models are the source of truth; their schemas are generated into authadvisor/manifest/schemas/
(tests keep the copies fresh) and checked here at run time, so the command line never pays for
importing pydantic. Errors come out shaped like pydantic's (`type`, `loc`, `input`, `ctx`) so one
module (validate.py) words both. Supported: $ref/$defs, anyOf (nullable), type, enum, const, pattern,
minLength/maxLength, minItems, items, properties/required/additionalProperties, default, format: date,
and `x-check` (see fieldchecks.py). Validation also returns the data normalized: defaults filled in,
ISO date strings turned into dates. Each schema is compiled once into closures (no dictionary walking
per document); tests/schema_reference.py keeps the interpreter it replaced, and a property test holds
the two to the same data and the same errors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from functools import cache
from typing import Any, Callable

from .fieldchecks import CHECKS

SCHEMAS = os.path.join(os.path.dirname(os.path.realpath(__file__)), "schemas")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TYPE_ERRORS = {"object": "model_type", "array": "list_type", "string": "string_type",
                "integer": "int_type", "boolean": "bool_type", "number": "float_type"}


@cache
def load_schema(name: str) -> dict:
    with open(os.path.join(SCHEMAS, name), encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(portable(pattern))


#: Unicode White_Space, what `\s` means to pydantic's (Rust) regex engine; Python's `\s` adds \x1c-\x1f
_WS = "\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"


def portable(pattern: str) -> str:
    """`pattern` for Python's `re` with the meaning JSON Schema and pydantic give it: every `$` anchor
    becomes `\\Z` (Python's `$` also matches before a final newline, so `^[a-z]+$` would take "acme\\n"),
    and `\\s`/`\\S` mean Unicode White_Space exactly."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            pair = pattern[i:i + 2]
            if pair == "\\s":
                pair = _WS if in_class else f"[{_WS}]"
            elif pair == "\\S" and not in_class:
                pair = f"[^{_WS}]"
            out.append(pair)
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":  # (our schemas never start a class with a literal "]")
            in_class = True
        elif ch == "$":
            ch = "\\Z"
        out.append(ch)
        i += 1
    return "".join(out)


_IS_TYPE: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
}

# A compiled node: (value, loc, errors) -> the value normalized; problems are appended to `errors`.
Node = Callable[[Any, tuple, list], Any]


def _error(errors: list, kind: str, loc: tuple, value: Any, **ctx: Any) -> None:
    errors.append({"type": kind, "loc": loc, "input": value, "ctx": ctx, "msg": kind.replace("_", " ")})


def _matcher(pattern: str) -> Callable[[str], Any]:
    """How a `pattern:` is tested (one place, for whoever changes the anchoring)."""
    return _pattern(pattern).search


class _Compiler:
    """Turns a schema into nested closures once: every $ref, type test, enum set, default and pattern is
    looked up at compile time, so validating a document only runs the checks themselves."""

    def __init__(self, defs: dict) -> None:
        self.defs = defs
        self.refs: dict[str, Node] = {}

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            schema = self.defs[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def node(self, schema: dict) -> Node:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in self.refs:  # compile each definition once; a recursive one calls through a cell
                cell: list[Node] = []
                self.refs[name] = lambda value, loc, errors: cell[0](value, loc, errors)
                cell.append(self.node(self.defs[name]))
                self.refs[name] = cell[0]
            return self.refs[name]
        if "anyOf" in schema:
            return self.any_of(schema)  # (a union's own x-check applies to a single real branch only)
        if "enum" not in schema and "const" not in schema and schema.get("type") == "string" \
                and schema.get("format") == "date":
            return _date  # a date is normalized, never x-checked
        return self.with_custom(self.plain(schema), schema)

    def with_custom(self, inner: Node, schema: dict) -> Node:
        """Run the `x-check` of `schema` after `inner`, unless `inner` found a problem at or under loc."""
        name = schema.get("x-check")
        if not name:
            return inner
        check = CHECKS[name]

        def run(value: Any, loc: tuple, errors: list) -> Any:
            before = len(errors)
            value = inner(value, loc, errors)
            if len(errors) == before:
                problem = check(value)
                if problem:
                    _error(errors, problem, loc, value)
            return value

        return run

    def any_of(self, schema: dict) -> Node:
        branches = [self.resolve(b) for b in schema["anyOf"]]
        nullable = any(b.get("type") == "null" for b in branches)
        real = [self.node(b) for b in schema["anyOf"] if self.resolve(b).get("type") != "null"]
        if len(real) == 1:
            only = self.with_custom(real[0], schema)
            if not nullable:
                return only
            return lambda value, loc, errors: None if value is None else only(value, loc, errors)

        def union(value: Any, loc: tuple, errors: list) -> Any:
            if value is None and nullable:
                return None
            for branch in real:  # several real branches: the first that fits wins
                trial: list = []
                normalized = branch(value, loc, trial)
                if not trial:
                    return normalized
            _error(errors, "union_type", loc, value)
            return value

        return union

    def plain(self, schema: dict) -> Node:
        kind = schema.get("type")
        if "enum" in schema or "const" in schema:
            allowed = schema.get("enum", [schema.get("const")])
            rest = self.shape(schema, kind)
            try:
                pairs = frozenset((type(a), a) for a in allowed)
            except TypeError:  # an unhashable enum value: compare one by one
                def fits(value: Any) -> bool:
                    return any(value == a and type(value) is type(a) for a in allowed)
            else:
                def fits(value: Any) -> bool:
                    try:
                        return (type(value), value) in pairs
                    except TypeError:  # an unhashable value (a list or mapping) is no enum value here
                        return False

            def enum(value: Any, loc: tuple, errors: list) -> Any:
                if not fits(value):
                    _error(errors, "literal_error", loc, value, expected=allowed)
                    return value
                return rest(value, loc, errors)

            return enum
        rest = self.shape(schema, kind)
        if kind is None:
            return rest
        is_type, type_error = _IS_TYPE.get(kind, lambda v: False), _TYPE_ERRORS.get(kind, "type_error")

        def typed(value: Any, loc: tuple, errors: list) -> Any:
            if not is_type(value):
                _error(errors, type_error, loc, value)
                return value
            return rest(value, loc, errors)

        return typed

    def shape(self, schema: dict, kind: Any) -> Node:
        """What follows the type test: an object's properties, an array's items, a string's limits."""
        if kind == "object":
            return self.object(schema)
        if kind == "array":
            return self.array(schema)
        if kind == "string" and ("minLength" in schema or "maxLength" in schema or "pattern" in schema):
            return self.string(schema)
        return lambda value, loc, errors: value

    def string(self, schema: dict) -> Node:
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        matches = _matcher(schema["pattern"]) if "pattern" in schema else None

        def string(value: Any, loc: tuple, errors: list) -> Any:
            if len(value) < low:
                _error(errors, "string_too_short", loc, value, min_length=low)
            elif high is not None and len(value) > high:
                _error(errors, "string_too_long", loc, value, max_length=high)
            elif matches is not None and not matches(value):
                _error(errors, "string_pattern_mismatch", loc, value, pattern=schema["pattern"])
            return value

        return string

    def object(self, schema: dict) -> Node:
        required = tuple(schema.get("required", ()))
        props = tuple((key, self.node(sub), key in required, _default(self.resolve(sub)))
                      for key, sub in schema.get("properties", {}).items())
        known = frozenset(key for key, *_ in props)
        closed = schema.get("additionalProperties") is False

        def obj(value: dict, loc: tuple, errors: list) -> dict:
            for key in required:
                if key not in value:
                    _error(errors, "missing", (*loc, key), None)
            out = {}
            present = 0
            for key, check, needed, default in props:
                if key in value:
                    out[key] = check(value[key], (*loc, key), errors)
                    present += 1
                elif not needed:
                    out[key] = list(default) if isinstance(default, list) else default
            if present < len(value):  # keys the schema does not name
                for key in value:
                    if key not in known:
                        if closed:
                            _error(errors, "extra_forbidden", (*loc, key), value[key])
                        else:
                            out[key] = value[key]
            return out

        return obj

    def array(self, schema: dict) -> Node:
        low = schema.get("minItems", 0)
        items = self.node(schema["items"]) if schema.get("items") is not None else None

        def array(value: list, loc: tuple, errors: list) -> list:
            if len(value) < low:
                _error(errors, "too_short", loc, value, min_length=low)
            if items is None:
                return value
            return [items(item, (*loc, i), errors) for i, item in enumerate(value)]

        return array


def _date(value: Any, loc: tuple, errors: list) -> Any:
    if isinstance(value, dt.datetime):
        _error(errors, "date_only", loc, value)
    elif isinstance(value, dt.date):
        return value
    elif isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            _error(errors, "date_invalid", loc, value)
    else:
        _error(errors, "date_type", loc, value)
    return value


def _default(schema: dict) -> Any:
    return schema.get("default")


_COMPILED: dict[int, tuple[dict, Node]] = {}  # id(schema) -> (schema, its compiled root); schemas are read-only


def compiled(schema: dict) -> Node:
    """The compiled validator of `schema`, built on first use (schemas, like load_schema's, never change)."""
    found = _COMPILED.get(id(schema))
    if found is None or found[0] is not schema:
        found = _COMPILED[id(schema)] = (schema, _Compiler(schema.get("$defs", {})).node(schema))
    return found[1]


def validate(data: Any, schema: dict) -> tuple[Any, list[dict]]:
    """(normalized data, errors) for `data` against `schema`; no errors means valid."""
    errors: list[dict] = []
    normalized = compiled(schema)(data, (), errors)
    return normalized, errors
