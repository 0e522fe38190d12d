"""Properties (hypothesis): one recommendation per valid manifest, determinism, and no input that makes
the loader raise anything but the project's own error."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor import AuthAdvisorError, load_manifest, load_rules, recommend
from authadvisor.manifest import vocab
from authadvisor.render.data import recommendation_data, to_json
from authadvisor.rules.engine import Rules

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
names = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
#: what regexes get wrong: a final newline (`$` in Python), CR, controls (Python's \s takes \x1c-\x1f),
#: NEL and the Unicode separators, invisible and bidi characters
HOSTILE_CHARS = ["\n", "\r", "\t", "\x00", "\x1b", "\x1c", "\x1f", "\x7f", "\x85", "\x9f", "\xa0", "\u2028",
                 "\u2029", "\u200b", "\u202e", "\ufeff", "\u3000"]
text = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(HOSTILE_CHARS)),
               max_size=60)
hostile_names = st.one_of(names.map(lambda n: n + "\n"), st.builds(lambda n, c, m: n + c + m, names,
                                                                   st.sampled_from(HOSTILE_CHARS), names))


@st.composite
def manifests(draw) -> dict:
    caller = draw(st.sampled_from(vocab.CALLERS))
    integration: dict = {"caller": caller}
    optional = {
        "credentials": vocab.CREDENTIALS, "client_type": vocab.CLIENT_TYPES,
        "file_processing": vocab.FILE_PROCESSING, "connector": vocab.CONNECTORS,
    }
    for field, values in optional.items():
        callers = vocab.APPLIES_TO[("integration", field)]
        required = caller in vocab.REQUIRED_FOR.get(("integration", field), ())
        if caller in callers and (required or draw(st.booleans())):
            integration[field] = draw(st.sampled_from(values))
    if caller == "end_customer_app" and draw(st.booleans()):
        integration["customer_login"] = draw(st.lists(st.sampled_from(vocab.CUSTOMER_LOGINS), min_size=1,
                                                      max_size=4, unique=True))
    doc: dict = {"authadvisor": 1, "name": draw(names), "integration": integration}
    if draw(st.booleans()):
        doc["description"] = draw(text)
    if draw(st.booleans()):
        doc["capillary"] = {"cluster": draw(st.sampled_from(vocab.CLUSTERS))}
    auth: dict = {}
    if draw(st.booleans()):
        auth["method"] = draw(st.sampled_from(vocab.METHODS))
    if caller == "partner_app" and draw(st.booleans()):
        auth["pkce"] = draw(st.booleans())
    if auth:
        doc["auth"] = auth
    return doc


def _no_secret_lookalikes(doc: dict) -> bool:
    from authadvisor.manifest.credentials import credential_value

    return not credential_value(doc.get("description"))


@SETTINGS
@given(manifests().filter(_no_secret_lookalikes))
def test_every_valid_manifest_gets_exactly_one_recommendation(doc: dict) -> None:
    manifest = load_manifest(yaml.safe_dump(doc, allow_unicode=True))
    rec = recommend(manifest)
    assert [t.rule for t in rec.trace if t.selected] == [rec.rule]
    assert sum(t.matched for t in rec.trace) == 1  # hit policy unique: exactly one rule matches
    assert rec.method in vocab.METHODS


@SETTINGS
@given(manifests().filter(_no_secret_lookalikes))
def test_output_is_deterministic(doc: dict) -> None:
    from authadvisor.manifest.safeyaml import load_yaml
    from authadvisor.manifest.validate import validate_manifest_data
    from authadvisor.rules.load import load_table
    from authadvisor.rules.tables import outcome_for

    data = validate_manifest_data(load_yaml(json.dumps(doc)))
    fresh = Rules(*load_table(None))  # a separately compiled table gives the same bytes
    a = to_json(recommendation_data(outcome_for(data), name=data["name"], source="x"))
    b = to_json(recommendation_data(outcome_for(data, fresh), name=data["name"], source="x"))
    assert a == b


@SETTINGS
@given(manifests().filter(_no_secret_lookalikes))
def test_load_dump_load_round_trips(doc: dict) -> None:
    first = load_manifest(yaml.safe_dump(doc, allow_unicode=True))
    again = load_manifest(yaml.safe_dump(first.model_dump(mode="json", exclude_none=True), allow_unicode=True))
    assert again == first


scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), text, st.sampled_from(
    ["pos_terminal", "shopify", "otp", "eu", "basic", "http://x.example", "2027-01-01", "1"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(text, inner, max_size=3)), max_leaves=6)


@st.composite
def mutated(draw) -> dict:
    doc = draw(manifests())
    for _ in range(draw(st.integers(1, 4))):
        target = doc
        path = draw(st.lists(st.sampled_from(["integration", "auth", "capillary", "waivers", "x"]), max_size=1))
        for step in path:
            child = target.get(step)
            if isinstance(child, dict):
                target = child
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        keys = sorted(target, key=str)
        if action == "delete" and keys:
            del target[draw(st.sampled_from(keys))]
        elif action == "replace" and keys:
            target[draw(st.sampled_from(keys))] = draw(values)
        else:
            target[draw(text)] = draw(values)
    return doc


def _assert_only_own_errors(source) -> None:
    try:
        recommend(load_manifest(source))
    except AuthAdvisorError as exc:
        assert exc.findings, "every error carries at least one finding"
        for f in exc.findings:
            assert f.line >= 1 and f.column >= 1 and f.check


@SETTINGS
@given(mutated())
def test_mutated_manifests_raise_only_project_errors(doc: dict) -> None:
    _assert_only_own_errors(yaml.safe_dump(doc, allow_unicode=True))


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_project_errors(data: bytes) -> None:
    _assert_only_own_errors(data)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`,? \n\t\\0")), max_size=80))
def test_yaml_punctuation_soup_raises_only_project_errors(source: str) -> None:
    _assert_only_own_errors(source)


def test_builtin_rules_are_compiled_once() -> None:
    assert load_rules() is load_rules()


@st.composite
def hostile(draw) -> dict:
    """A manifest with a name, a base_url or a waiver id that only a correctly anchored pattern refuses."""
    doc = draw(manifests())
    where = draw(st.sampled_from(["name", "base_url", "waiver"]))
    if where == "name":
        doc["name"] = draw(hostile_names)
    elif where == "base_url":
        doc["capillary"] = {"base_url": "https://eu.api.capillarytech.com/" + draw(text)}
    else:
        doc["waivers"] = [{"check": draw(hostile_names), "reason": draw(text)}]
    return doc


@SETTINGS
@given(st.one_of(mutated(), manifests(), hostile()))
def test_fast_validator_and_pydantic_model_agree(doc: dict) -> None:
    """The run-time validator (JSON Schema generated from the models) accepts exactly what the pydantic
    Manifest model accepts (caller applicability and credentials are checked outside both)."""
    from pydantic import ValidationError

    from authadvisor.manifest.fastschema import load_schema, validate
    from authadvisor.manifest.model import Manifest

    normalized, errors = validate(doc, load_schema("manifest-v1.schema.json"))
    try:
        model = Manifest.model_validate(doc)
    except ValidationError as exc:
        assert errors, f"pydantic refused what the fast validator accepted: {exc}"
        assert {tuple(e["loc"]) for e in errors} == {tuple(e["loc"]) for e in exc.errors()}
    else:
        assert not errors, f"the fast validator refused what pydantic accepted: {errors}"
        assert model.model_dump() == normalized


def test_outcome_and_recommendation_hold_the_same_data() -> None:
    from authadvisor.manifest import facts
    from authadvisor.rules.outcome import to_data
    from authadvisor.rules.result import Recommendation

    rules = load_rules()
    for key in facts.enumerate_space():
        outcome = rules.evaluate(key)
        assert Recommendation.from_outcome(outcome).model_dump(mode="json") == to_data(outcome)
