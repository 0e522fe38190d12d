"""The compiled validator (manifest.fastschema) against the interpreter it replaced (schema_reference):
the same normalized data and the same errors, in the same order, for any input, on every schema."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path

import schema_reference
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.manifest.fastschema import SCHEMAS, compiled, load_schema, validate

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SCHEMA_NAMES = sorted(p.name for p in Path(SCHEMAS).glob("*.schema.json"))


def _words(schema: dict) -> list:
    """Every property name, enum value and default the schemas mention: inputs that reach deep."""
    found: list = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            found.extend(node.get("properties", {}))
            found.extend(node.get("enum", ()))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return sorted({w for w in found if isinstance(w, (str, int, bool))}, key=repr)


WORDS = sorted({w for name in SCHEMA_NAMES for w in _words(load_schema(name))}, key=repr)
scalars = st.one_of(st.sampled_from(WORDS), st.none(), st.booleans(), st.integers(-2, 3),
                    st.floats(allow_nan=False), st.text(max_size=12), st.just("2027-02-30"),
                    st.just("2030-01-01"), st.dates(), st.datetimes(), st.just("https://eu.api.capillarytech.com"),
                    st.just("http://insecure.example"), st.just("   "))
keys = st.one_of(st.sampled_from([w for w in WORDS if isinstance(w, str)]), st.text(max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=6)), max_leaves=30)


@functools.cache
def _parsed() -> tuple:
    paths = [*sorted((ROOT / "examples").glob("*.yaml")), *sorted((ROOT / "rules").rglob("*.yaml"))]
    return tuple(yaml.load(p.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) for p in paths)


def _examples() -> list:
    """Real documents (fresh copies): the examples, the built-in rules files and the rules tests."""
    return copy.deepcopy(list(_parsed()))


def _same(a: tuple, b: tuple) -> None:
    assert a[0] == b[0] and type(a[0]) is type(b[0])
    assert a[1] == b[1]


@SETTINGS
@given(name=st.sampled_from(SCHEMA_NAMES), data=values)
def test_compiled_and_interpreted_agree_on_any_input(name: str, data: object) -> None:
    schema = load_schema(name)
    _same(validate(data, schema), schema_reference.validate(data, schema))


@SETTINGS
@given(name=st.sampled_from(SCHEMA_NAMES), index=st.integers(0, 10_000), path_pick=st.integers(0, 10_000),
       replacement=values)
def test_compiled_and_interpreted_agree_on_real_documents_with_one_value_changed(
        name: str, index: int, path_pick: int, replacement: object) -> None:
    schema = load_schema(name)
    docs = _parsed()
    doc = copy.deepcopy(docs[index % len(docs)])
    spots: list = []

    def walk(node: object, at: tuple) -> None:
        spots.append(at)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*at, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*at, i))

    walk(doc, ())
    spot = spots[path_pick % len(spots)]
    if spot:
        parent = doc
        for part in spot[:-1]:
            parent = parent[part]
        parent[spot[-1]] = replacement
    else:
        doc = replacement
    _same(validate(doc, schema), schema_reference.validate(doc, schema))


def test_real_documents_agree_and_the_valid_ones_stay_valid() -> None:
    for doc in _examples():
        for name in SCHEMA_NAMES:
            _same(validate(doc, load_schema(name)), schema_reference.validate(doc, load_schema(name)))
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data, errors = validate(yaml.safe_load(path.read_text(encoding="utf-8")),
                                load_schema("manifest-v1.schema.json"))
        assert errors == [], path


def test_a_schema_is_compiled_once_and_a_recursive_one_compiles() -> None:
    schema = load_schema("manifest-v1.schema.json")
    assert compiled(schema) is compiled(schema)
    tree = {"$defs": {"Node": {"type": "object", "properties": {"kids": {"type": "array",
                                                                           "items": {"$ref": "#/$defs/Node"}}},
                               "additionalProperties": False}}, "$ref": "#/$defs/Node"}
    deep = {"kids": [{"kids": [{"kids": [], "extra": 1}]}]}
    assert validate(deep, tree) == schema_reference.validate(deep, tree)
    assert validate(deep, tree)[1][0]["loc"] == ("kids", 0, "kids", 0, "extra")


def test_dates_are_normalized_like_before() -> None:
    schema = load_schema("manifest-v1.schema.json")
    doc = {"authadvisor": 1, "name": "x", "integration": {"caller": "backend_service"},
           "waivers": [{"check": "insecure-url", "reason": "r", "expires": "2030-01-01"}]}
    data, errors = validate(doc, schema)
    assert errors == [] and data["waivers"][0]["expires"] == dt.date(2030, 1, 1)
    assert Path(SCHEMAS).is_dir()
