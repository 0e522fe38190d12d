"""`snippets --lang openapi` against the tools that consume OpenAPI: Redocly CLI (recommended ruleset),
Spectral (spectral:oas) and openapi-spec-validator, on every example's document and on manifests that
stress the servers block (no host at all, a cluster without a documented gateway, a base_url with
characters that mean something in a server URL). Each tool runs once over all the documents."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, need_tool
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from snippetkit import render

from authadvisor.errors import ManifestError

EXTRA = {
    "no-host": {"authadvisor": 1, "name": "no-host", "integration": {"caller": "backend_service"}},
    "no-host-basic": {"authadvisor": 1, "name": "no-host-basic", "description": "till", "owner": "retail",
                      "integration": {"caller": "pos_terminal"}},
    "gateway-known": {"authadvisor": 1, "name": "gateway-known", "capillary": {"cluster": "apac2"},
                      "integration": {"caller": "end_customer_app", "customer_login": ["otp"]}},
    "braces-in-base-url": {"authadvisor": 1, "name": "braces", "description": "x", "owner": "y",
                           "capillary": {"base_url": "https://eu.api.capillarytech.com/{org}/é"},
                           "integration": {"caller": "api_gateway"}},
}
#: what each tool may still say about a generated document, and why:
#: info-license: the licence of your API description is yours to choose; authadvisor does not invent one.
REDOCLY_ALLOWED = {"info-license"}
#: the synthetic manifests have no owner or description (examples all have both)
SPECTRAL_ALLOWED_EXTRA = {"info-contact", "info-description"}


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("openapi")
    docs = {}
    sources = {p.name: p for p in sorted(EXAMPLES.iterdir())}
    sources.update(EXTRA)
    for name, source in sources.items():
        path = out / f"{name}.openapi.yaml"
        path.write_text(render(source, ["openapi"])["openapi"].content, encoding="utf-8")
        docs[name] = path
    (out / ".spectral.yaml").write_text('extends: ["spectral:oas"]\n', encoding="utf-8")
    return docs


def _json_stream(text: str) -> list:
    """Redocly prints one JSON object per file, back to back."""
    decoder, pos, out = json.JSONDecoder(), 0, []
    while text[pos:].strip():
        pos += len(text[pos:]) - len(text[pos:].lstrip())
        obj, pos = decoder.raw_decode(text, pos)
        out.append(obj)
    return out


def test_every_example_is_covered(documents):
    assert {p.name for p in EXAMPLES.iterdir()} <= set(documents) and len(documents) >= 10 + len(EXTRA)


def test_openapi_spec_validator_accepts_every_document(documents):
    from openapi_spec_validator import validate

    for name, path in documents.items():
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        validate(doc)
        assert doc["servers"], name


def test_redocly_recommended_finds_no_errors(documents):
    redocly = need_tool("redocly")
    folder = next(iter(documents.values())).parent
    proc = subprocess.run([redocly, "lint", "--extends", "recommended", "--format", "json",
                           *[p.name for p in documents.values()]],
                          cwd=folder, capture_output=True, text=True, timeout=180)
    reports = _json_stream(proc.stdout)
    assert len(reports) == len(documents), proc.stderr
    problems = [(p["location"][0]["source"]["ref"], p["severity"], p["ruleId"], p["message"])
                for r in reports for p in r["problems"]]
    assert [p for p in problems if p[1] == "error"] == []
    assert {p[2] for p in problems} <= REDOCLY_ALLOWED, problems
    assert proc.returncode == 0, proc.stdout[-2000:]


def test_spectral_oas_finds_no_errors(documents):
    spectral = need_tool("spectral")
    folder = next(iter(documents.values())).parent
    proc = subprocess.run([spectral, "lint", "--ruleset", ".spectral.yaml", "--format", "json",
                           *[p.name for p in documents.values()]],
                          cwd=folder, capture_output=True, text=True, timeout=180)
    start = proc.stdout.find("[")
    assert start >= 0, (proc.stdout, proc.stderr)
    results = json.loads(proc.stdout[start:])
    by_file = {Path(r["source"]).name.removesuffix(".openapi.yaml"): [] for r in results}
    for r in results:
        by_file[Path(r["source"]).name.removesuffix(".openapi.yaml")].append((r["severity"], r["code"]))
    assert [(f, c) for f, found in by_file.items() for s, c in found if s == 0] == []  # 0 = error
    for name, found in by_file.items():
        allowed = SPECTRAL_ALLOWED_EXTRA if name in EXTRA else set()
        assert {c for _, c in found} <= allowed, (name, found)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_unknown_hosts_are_server_variables_with_a_placeholder_default(documents):
    for name, host_var, suffix in (("no-host", "apiHost", ""), ("partner-app.yaml", "apiHost", ""),
                                   ("end-customer-app.yaml", "mobileApiHost", "/mobile")):
        server = yaml.safe_load(documents[name].read_text(encoding="utf-8"))["servers"][0]
        assert server["url"] == "https://{" + host_var + "}" + suffix, name
        variable = server["variables"][host_var]
        assert variable["default"].endswith(".invalid") and "without https://" in variable["description"]
        assert f"set the {host_var} variable" in server["description"]


def test_known_hosts_are_literal(documents):
    servers = {n: yaml.safe_load(documents[n].read_text(encoding="utf-8"))["servers"]
               for n in ("pos-terminal.yaml", "gateway-known", "braces-in-base-url")}
    assert servers["pos-terminal.yaml"][0]["url"] == "https://eu.api.capillarytech.com"
    assert servers["gateway-known"][0]["url"] == "https://apac2-api-gateway.capillarytech.com/mobile"
    assert servers["braces-in-base-url"][0]["url"] == "https://eu.api.capillarytech.com/%7Borg%7D/é"
    assert all("variables" not in s[0] for s in servers.values())


def test_pkce_extension_has_redoclys_documented_shape(documents):
    doc = yaml.safe_load(documents["partner-app.yaml"].read_text(encoding="utf-8"))
    flow = doc["components"]["securitySchemes"]["capillaryPartnerAuthCode"]["flows"]["authorizationCode"]
    assert flow["x-usePkce"] is True


BASE_URLS = st.builds(
    lambda host, port, path: f"https://{host}{port}{path}",
    st.from_regex(r"[a-z0-9]([a-z0-9.-]{0,20}[a-z0-9])?", fullmatch=True),
    st.sampled_from(["", ":443", ":8443"]),
    st.one_of(st.just(""), st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                                                 exclude_characters="?#"), max_size=15).map(lambda p: "/" + p)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base_url=BASE_URLS, caller=st.sampled_from(["pos_terminal", "api_gateway", "backend_service"]),
       owner=st.one_of(st.none(), st.text(max_size=30)))
def test_any_valid_base_url_gives_a_valid_document_with_that_server(base_url, caller, owner):
    """Whatever https base_url the manifest gives (braces, quotes, non-ASCII), the document is valid
    OpenAPI 3.1 and its one server is that URL ({ and } percent-encoded, the trailing / dropped)."""
    from openapi_spec_validator import validate

    manifest = {"authadvisor": 1, "name": "acme", "capillary": {"base_url": base_url},
                "integration": {"caller": caller}}
    if owner is not None:
        manifest["owner"] = owner
    try:
        snippet = render(manifest, ["openapi"])["openapi"]
    except ManifestError:
        assume(False)  # not a valid manifest (lint says why); nothing to render
    doc = yaml.safe_load(snippet.content)
    validate(doc)
    (server,) = doc["servers"]
    assert "variables" not in server
    assert server["url"] == base_url.rstrip("/").replace("{", "%7B").replace("}", "%7D")
    assert doc["info"].get("contact", {}).get("name") == (owner or None)
