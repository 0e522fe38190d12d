"""`authadvisor schema`: the manifest JSON Schema (draft 2020-12), generated from the model, agrees with
the validator, and the committed copy matches a fresh render."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from functools import lru_cache

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.manifest import vocab
from authadvisor.manifest.safeyaml import Document
from authadvisor.manifest.validate import check_manifest
from authadvisor.version import PROJECT_URL
from tests.conftest import EXAMPLES, ROOT, run_cli

COMMITTED = ROOT / "authadvisor-manifest.schema.json"


def schema() -> dict:
    return json.loads(run_cli(["schema"]).stdout)


def as_json(data):
    """What an editor sees: YAML dates are text."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    s = schema()
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_schema_is_draft_2020_12_and_deterministic() -> None:
    first = run_cli(["schema"])
    assert first.exit_code == 0
    data = json.loads(first.stdout)
    assert list(data)[0] == "$schema" and data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["title"] == "authadvisor integration manifest, schema version 1"
    assert data["$id"] == f"{PROJECT_URL}/raw/main/authadvisor-manifest.schema.json" == \
        "https://github.com/authadvisor/authadvisor/raw/main/authadvisor-manifest.schema.json"
    assert run_cli(["schema"]).stdout == first.stdout


def test_committed_schema_matches_a_fresh_render() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == run_cli(["schema"]).stdout, \
        "regenerate with: authadvisor schema --output authadvisor-manifest.schema.json"


def test_yaml_examples_point_editors_at_the_schema() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../authadvisor-manifest.schema.json", path.name


def test_examples_are_valid() -> None:
    v = validator()
    for path in sorted(EXAMPLES.glob("*.*")):
        errors = [e.message for e in v.iter_errors(as_json(yaml.safe_load(path.read_text())))]
        assert errors == [], path.name


BASE = {"authadvisor": 1, "name": "acme", "integration": {"caller": "backend_service"}}


BAD = [
    {"authadvisor": 2},
    {"authadvisor": True},
    {"name": "Acme_POS"},
    {"integration": {"caller": "pos_termnal"}},
    {"integration": {"caller": "pos_terminal", "connector": "shopify"}},
    {"integration": {"caller": "prebuilt_connector"}},
    {"integration": {"caller": "end_customer_app", "customer_login": ["otp", "otp"]}},
    {"integration": {"caller": "end_customer_app", "customer_login": []}},
    {"capillary": {"base_url": "http://eu.api.capillarytech.com"}},
    {"auth": {"pkce": "yes"}},
    {"waivers": [{"check": "insecure-url", "reason": "  "}]},
    {"waivers": [{"check": "insecure-url", "reason": "r", "expires": "2027-02-30"}]},
    {"extra": 1},
    {"integration": {"caller": "partner_app", "customer_login": ["otp"]}},
    {"integration": {"caller": "pos_terminal"}, "auth": {"pkce": True}},
]


@pytest.mark.parametrize("patch", BAD)
def test_invalid_manifests_are_invalid_for_both(patch: dict) -> None:
    data = {**BASE, **patch}
    assert list(validator().iter_errors(data)), patch
    model, found = check_manifest(Document(data, "x"))
    assert model is None and found


VALUES = st.sampled_from([None, 1, 2, True, False, "", "x", "acme-2", "Bad Name", [], {}, ["otp"],
                          ["social", "otp"],
                          ["otp", "otp"], "https://eu.api.capillarytech.com", "http://eu.api.capillarytech.com",
                          "2027-03-31", "2027-02-30", *vocab.CALLERS, *vocab.CONNECTORS, *vocab.CREDENTIALS,
                          *vocab.CLIENT_TYPES, *vocab.FILE_PROCESSING, *vocab.CLUSTERS, *vocab.METHODS])
PATHS = st.sampled_from([("authadvisor",), ("name",), ("description",), ("integration",),
                         ("integration", "caller"),
                         ("integration", "connector"), ("integration", "credentials"),
                         ("integration", "customer_login"), ("integration", "client_type"),
                         ("integration", "file_processing"), ("auth",), ("auth", "method"), ("auth", "pkce"),
                         ("capillary",), ("capillary", "cluster"), ("capillary", "base_url"), ("waivers",),
                         ("unknown",), ("integration", "unknown")])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(EXAMPLES.glob("*.*"))), st.lists(st.tuples(PATHS, VALUES), max_size=4))
def test_schema_and_validator_agree(example, edits) -> None:
    data = yaml.safe_load(example.read_text())
    for path, value in edits:
        node = data
        for step in path[:-1]:
            if not isinstance(node.get(step), dict):
                node[step] = {}
            node = node[step]
        node[path[-1]] = copy.deepcopy(value)
    data = as_json(data)
    schema_ok = not list(validator().iter_errors(data))
    model, found = check_manifest(Document(data, "x"))
    assert schema_ok == (model is not None and not found), (data, [f.message for f in found])


def test_check_jsonschema_accepts_every_example_and_rejects_every_bad_case(tmp_path) -> None:
    """The real consumer, once over every file: examples pass, each bad case (and a waiver naming a check
    that does not exist, which lint rejects) fails."""
    tool = [sys.executable, "-m", "check_jsonschema"]  # a test dependency: never skipped
    bad = [*BAD, {"waivers": [{"check": "metod-mismatch", "reason": "typo"}]}]
    files = []
    for i, patch in enumerate(bad):
        path = tmp_path / f"bad-{i:02d}.yaml"
        path.write_text(yaml.safe_dump({**BASE, **patch}, sort_keys=False), encoding="utf-8")
        files.append(path)
    examples = sorted(EXAMPLES.glob("*.*"))
    proc = subprocess.run([*tool, "--schemafile", str(COMMITTED), "--output-format", "json",
                           *map(str, examples), *map(str, files)], capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    assert report["parse_errors"] == []
    failing = {e["filename"] for e in report["errors"]}
    assert failing == {str(f) for f in files}, [e for e in report["errors"] if e["filename"] not in files]
    assert proc.returncode == 1


def test_waiver_check_is_the_closed_set_of_check_ids() -> None:
    listed = json.loads(run_cli(["checks", "--format", "json"]).stdout)
    check = schema()["$defs"]["Waiver"]["properties"]["check"]
    assert check["enum"] == [c["id"] for c in listed] and "pattern" not in check
    assert check["enumDescriptions"] == [c["summary"] for c in listed] and all(check["enumDescriptions"])
    assert "metod-mismatch" not in check["enum"]


def test_enum_values_carry_their_own_meanings() -> None:
    defs = schema()["$defs"]
    caller = defs["Integration"]["properties"]["caller"]
    texts = dict(zip(caller["enum"], caller["markdownEnumDescriptions"]))
    assert set(texts) == set(vocab.CALLERS) and len(set(texts.values())) == len(texts)
    assert "till" in texts["pos_terminal"] and "partner" in texts["partner_app"]
    for definition, name in (("Integration", "connector"), ("Integration", "customer_login"),
                             ("Integration", "client_type"), ("Integration", "file_processing"),
                             ("Capillary", "cluster"), ("Auth", "method")):
        branch = defs[definition]["properties"][name]["anyOf"][0]
        node = branch.get("items", branch)
        assert len(node["enumDescriptions"]) == len(node["enum"]) and all(node["enumDescriptions"]), name
        assert len(set(node["enumDescriptions"])) == len(node["enum"]), name


def test_every_field_has_a_markdown_description() -> None:
    s = schema()
    assert all("markdownDescription" in p for p in s["properties"].values())
    for definition in ("Capillary", "Integration", "Auth", "Waiver"):
        assert all("markdownDescription" in p for p in s["$defs"][definition]["properties"].values()), definition


@pytest.mark.parametrize("caller", vocab.CALLERS)
def test_per_caller_messages_are_lints_messages(caller: str) -> None:
    """What the editor says for a field that does not apply is what lint says."""
    rule = next(r for r in schema()["allOf"]
                if r["if"]["properties"]["integration"]["properties"]["caller"] == {"const": caller})
    for (section, name), callers in vocab.APPLIES_TO.items():
        prop = rule["then"]["properties"][section]["properties"][name]
        if caller in callers:
            assert "doNotSuggest" not in prop and "errorMessage" not in prop
            continue
        assert prop["doNotSuggest"] is True and prop["type"] == "null"
        value = {"connector": "shopify", "customer_login": ["otp"], "pkce": True}.get(name, "x")
        data = {**BASE, "integration": {"caller": caller}}
        data[section] = {**data.get(section, {}), name: value}
        _model, found = check_manifest(Document(data, "x"))
        assert prop["errorMessage"] in [f.message for f in found]


def test_schema_follows_the_effective_rules_table(table) -> None:
    """`--rules DIR`: the check descriptions and enum meanings come from that table."""
    table("checks.yaml", "summary: auth.method differs from the method the rules table recommends.",
          "summary: the custom table's own words for method-mismatch.")
    table("questions.yaml", "shopify: Capillary's Shopify plugin", "shopify: our Shopify storefront plugin")
    result = run_cli(["--rules", str(table.dir), "schema"])
    assert result.exit_code == 0, result.stderr
    defs = json.loads(result.stdout)["$defs"]
    check = defs["Waiver"]["properties"]["check"]
    assert check["enumDescriptions"][check["enum"].index("method-mismatch")] == \
        "the custom table's own words for method-mismatch."
    connector = defs["Integration"]["properties"]["connector"]["anyOf"][0]
    assert connector["enumDescriptions"][connector["enum"].index("shopify")].startswith("our Shopify storefront")
