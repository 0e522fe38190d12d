"""Rendering: every method x target renders, matches its golden file, and parses in its own language.

Golden files live in tests/golden/snippets/<method>/<file>. After an intended change, regenerate them
with `AUTHADVISOR_UPDATE_GOLDEN=1 python -m pytest tests/test_snippets_render.py` and review the diff.
"""

from __future__ import annotations

import ast
import contextlib
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, need_tool
from snippetkit import EXAMPLE_FOR, METHODS, render

from authadvisor.snippets import TARGETS

GOLDEN = ROOT / "tests" / "golden" / "snippets"
UPDATE = os.environ.get("AUTHADVISOR_UPDATE_GOLDEN") == "1"
CASES = [(m, t) for m in METHODS for t in TARGETS]
POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
HOSTILE = '$(touch /tmp/x) `id` "; rm -rf ~ #'


def py_constants(source: str) -> dict:
    """Module-level NAME = <literal> assignments of a generated Python snippet."""
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            with contextlib.suppress(ValueError):
                out[node.targets[0].id] = ast.literal_eval(node.value)
    return out


@pytest.fixture(scope="module")
def rendered() -> dict:
    return {m: render(m) for m in METHODS}


@pytest.mark.parametrize("method,target", CASES, ids=[f"{m}-{t}" for m, t in CASES])
def test_matches_golden(rendered, method, target):
    snippet = rendered[method][target]
    path = GOLDEN / method / snippet.filename
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(snippet.content, encoding="utf-8", newline="\n")
    assert path.is_file(), f"missing golden {path}: run with AUTHADVISOR_UPDATE_GOLDEN=1"
    assert snippet.content == path.read_text(encoding="utf-8")


def test_no_stray_golden_files():
    expected = {GOLDEN / m / TARGETS[t][0] for m, t in CASES}
    assert {p for p in GOLDEN.rglob("*") if p.is_file()} == expected


def test_rendering_is_deterministic(rendered):
    again = {m: render(m) for m in METHODS}
    assert {m: {t: s.content for t, s in v.items()} for m, v in again.items()} == \
        {m: {t: s.content for t, s in v.items()} for m, v in rendered.items()}


def test_every_example_renders_every_target():
    for example in sorted((ROOT / "examples").iterdir()):
        snippets = render(example)
        assert list(snippets) == list(TARGETS)
        assert all(s.content.endswith("\n") and "\n\n\n\n" not in s.content for s in snippets.values())


def _write(tmp_path: Path, snippet) -> Path:
    path = tmp_path / snippet.filename
    path.write_text(snippet.content, encoding="utf-8")
    return path


@pytest.mark.parametrize("method", METHODS)
def test_shell_snippet_parses(rendered, tmp_path, method):
    bash = need_tool("bash")
    path = _write(tmp_path, rendered[method]["curl"])
    proc = subprocess.run([bash, "-n", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert rendered[method]["curl"].content.startswith("#!/usr/bin/env bash\n")


@pytest.mark.parametrize("method", METHODS)
def test_python_snippet_compiles_for_python_39(rendered, method):
    source = rendered[method]["python"].content
    compile(source, "auth.py", "exec")
    ast.parse(source, feature_version=(3, 9))
    imported = {a.name.split(".")[0] for n in ast.walk(ast.parse(source))
                if isinstance(n, (ast.Import, ast.ImportFrom)) for a in getattr(n, "names", [])}
    modules = {n.module.split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
    assert (imported | modules) <= {"base64", "email", "hashlib", "json", "os", "random", "sys", "threading", "time",
                                     "urllib"}


@pytest.mark.parametrize("method", METHODS)
def test_python_snippet_py_compile(rendered, tmp_path, method):
    import py_compile

    path = _write(tmp_path, rendered[method]["python"])
    py_compile.compile(str(path), cfile=str(tmp_path / "auth.pyc"), doraise=True)


@pytest.mark.parametrize("method", METHODS)
def test_javascript_snippet_parses(rendered, tmp_path, method):
    node = need_tool("node")
    path = _write(tmp_path, rendered[method]["javascript"])
    proc = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "require(" not in rendered[method]["javascript"].content.replace("requireEnv(", "")


@pytest.mark.parametrize("method", METHODS)
def test_openapi_fragment_is_valid_openapi_31(rendered, method):
    from openapi_spec_validator import validate

    doc = yaml.safe_load(rendered[method]["openapi"].content)
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    assert doc["components"]["securitySchemes"] and doc["security"]
    for requirement in doc["security"]:
        assert set(requirement) <= set(doc["components"]["securitySchemes"])


def test_openapi_models_each_method_honestly(rendered):
    docs = {m: yaml.safe_load(rendered[m]["openapi"].content) for m in METHODS}
    basic = docs["basic"]["components"]["securitySchemes"]["capillaryTillBasic"]
    assert (basic["type"], basic["scheme"]) == ("http", "basic")
    for control in ("HTTPS only", "one credential per till", "MD5", "rotated and revoked"):
        assert control in basic["description"]
    assert docs["basic"]["servers"][0]["url"] == "https://eu.api.capillarytech.com"
    token = docs["oauth2_client_credentials"]["components"]["securitySchemes"]["capillaryOAuthToken"]
    assert (token["type"], token["in"], token["name"]) == ("apiKey", "header", "X-CAP-API-OAUTH-TOKEN")
    assert "Not RFC 6749" in docs["oauth2_client_credentials"]["paths"]["/v3/oauth/token/generate"]["post"][
        "description"]
    assert docs["oauth2_client_credentials"]["paths"]["/v3/oauth/token/generate"]["post"]["security"] == []
    mobile = docs["mobile_api_auth"]
    assert mobile["security"] == [{"capAuthorization": [], "capBrand": [], "capDeviceId": [], "capMobile": []}]
    assert {s["name"] for s in mobile["components"]["securitySchemes"].values()} == {
        "cap_authorization", "cap_brand", "cap_device_id", "cap_mobile"}
    code = docs["oauth2_authorization_code"]["components"]["securitySchemes"]["capillaryPartnerAuthCode"]
    flow = code["flows"]["authorizationCode"]
    assert flow["authorizationUrl"].endswith(".invalid/") and flow["tokenUrl"].endswith(".invalid/")
    assert "S256" in code["description"] and "RFC8725" in code["description"]
    assert "password" not in code["flows"] and "implicit" not in code["flows"]


def test_no_invented_urls_for_the_authorization_code_flow(rendered):
    import re

    for target, snippet in rendered["oauth2_authorization_code"].items():
        urls = set(re.findall(r"https?://[^\s\"')]+", snippet.content)) - {POSTMAN_SCHEMA}
        assert urls <= {"https://authorize-url.from-capillary-ticket.invalid/",
                        "https://token-url.from-capillary-ticket.invalid/", "https://{apiHost}"}, (target, urls)


def test_basic_spectral_override_is_offered(rendered):
    text = rendered["basic"]["openapi"].content
    assert "owasp:api2:2023-no-http-basic" in text and ".spectral.yaml" in text


def test_env_example_lists_exactly_the_documented_variables(rendered):
    import re

    names = {m: re.findall(r"^([A-Z_]+)=", rendered[m]["env"].content, re.M) for m in METHODS}
    assert names["basic"] == ["CAPILLARY_BASE_URL", "CAPILLARY_TILL_USERNAME", "CAPILLARY_TILL_PASSWORD"]
    assert names["oauth2_client_credentials"] == ["CAPILLARY_BASE_URL", "CAPILLARY_CLIENT_KEY",
                                                  "CAPILLARY_CLIENT_SECRET"]
    assert names["mobile_api_auth"] == ["CAPILLARY_AUTH_ENGINE_URL", "CAPILLARY_MOBILE_API_URL", "CAPILLARY_BRAND",
                                        "CAPILLARY_DEVICE_ID", "CAPILLARY_MOBILE", "CAPILLARY_OTP",
                                        "CAPILLARY_APP_PLATFORM"]
    assert names["oauth2_authorization_code"] == []
    assert "CAPILLARY_BASE_URL=https://us.api.capillarytech.com\n" in rendered["oauth2_client_credentials"][
        "env"].content
    assert "CAPILLARY_CLIENT_SECRET=\n" in rendered["oauth2_client_credentials"]["env"].content


def test_http_requests_use_the_documented_shapes(rendered):
    oauth = rendered["oauth2_client_credentials"]["http"].content
    assert "POST https://us.api.capillarytech.com/v3/oauth/token/generate\n" in oauth
    assert '{"key": "{{CAPILLARY_CLIENT_KEY}}", "secret": "{{CAPILLARY_CLIENT_SECRET}}"}' in oauth
    assert "X-CAP-API-OAUTH-TOKEN: {{access_token}}" in oauth and "Bearer {{" not in oauth
    basic = rendered["basic"]["http"].content
    assert "GET https://eu.api.capillarytech.com/v2/organization/programs\nAuthorization: Basic " in basic
    mobile = rendered["mobile_api_auth"]["http"].content
    assert "GET {{CAPILLARY_MOBILE_API_URL}}/v2/api/customer/get" in mobile  # EU has no documented gateway
    assert "POST https://eu-auth-api.capillarytech.com/auth/v1/otp/validate" in mobile


def test_every_snippet_says_which_host_and_why(rendered):
    def commented(method):  # a Postman environment is bare JSON: its collection carries the comment
        return [s for t, s in rendered[method].items() if t != "postman-env"]

    for method in ("basic", "oauth2_client_credentials"):
        for snippet in commented(method):
            assert "API host: https://" in snippet.content and "disagree" in snippet.content
    for snippet in commented("mobile_api_auth"):
        assert "Auth Engine: https://eu-auth-api.capillarytech.com" in snippet.content
        assert "Mobile API: none by default; CAPILLARY_MOBILE_API_URL is required" in snippet.content


def test_base_url_overrides_the_cluster(tmp_path):
    snippets = render(EXAMPLE_FOR["oauth2_client_credentials"].parent / "api-gateway.yaml")
    assert py_constants(snippets["python"].content)["DEFAULT_BASE_URL"] == "https://eu.api.capillarytech.com"
    assert "from the manifest's capillary.base_url" in snippets["curl"].content


def test_without_cluster_or_base_url_the_variable_is_required():
    snippets = render({"authadvisor": 1, "name": "no-host", "integration": {"caller": "backend_service"}})
    assert py_constants(snippets["python"].content)["DEFAULT_BASE_URL"] is None
    assert "DEFAULT_BASE_URL=''" in snippets["curl"].content
    assert "API host: none by default; CAPILLARY_BASE_URL is required at run time." in snippets["env"].content
    assert "GET {{CAPILLARY_BASE_URL}}/v2/organization/programs" in snippets["http"].content
    server = yaml.safe_load(snippets["openapi"].content)["servers"][0]
    assert server["url"] == "https://{apiHost}"
    assert server["variables"]["apiHost"]["default"] == "api-host.from-your-capillary-cluster.invalid"


@pytest.mark.parametrize("cluster,auth_engine,gateway", [
    ("apac2", "https://apac2-auth-api.capillarytech.com", "https://apac2-api-gateway.capillarytech.com/mobile"),
    ("apac", "https://apac-s3wrapper.capillarytech.com", "https://apac-apigateway.capillarytech.com/mobile"),
    ("us", None, None),
])
def test_mobile_hosts_per_cluster(cluster, auth_engine, gateway):
    snippets = render({"authadvisor": 1, "name": "app", "capillary": {"cluster": cluster},
                       "integration": {"caller": "end_customer_app", "customer_login": ["otp"]}})
    constants = py_constants(snippets["python"].content)
    assert constants["DEFAULT_AUTH_ENGINE_URL"] == auth_engine
    assert constants["DEFAULT_MOBILE_API_URL"] == gateway
    assert constants["DEFAULT_BRAND"] is None


def test_hostile_text_is_inert_in_every_target():
    manifest = {"authadvisor": 1, "name": "hostile", "description": HOSTILE + "\nnext line\u2028sep */",
                "owner": HOSTILE, "capillary": {"org": HOSTILE, "brand": HOSTILE, "cluster": "apac2"},
                "integration": {"caller": "end_customer_app", "customer_login": ["otp"]}}
    snippets = render(manifest)
    literal = ("#", "//", "DEFAULT_BRAND", "const DEFAULT_BRAND", "CAPILLARY_BRAND=", "description: ",
               "name: ", "static final String DEFAULT_BRAND", "static readonly string DefaultBrand",
               '"description": ', '{"key": "CAPILLARY_BRAND", "value": ')
    for snippet in snippets.values():
        for line in snippet.content.splitlines():
            if "touch /tmp/x" in line or "next line" in line:  # only in comments or quoted literals
                assert line.lstrip().startswith(literal), (snippet.target, line)
        assert "\u2028" not in snippet.content
    assert py_constants(snippets["python"].content)["DEFAULT_BRAND"] == HOSTILE  # a value: quoted, kept
    assert "DEFAULT_BRAND=" + "'" in snippets["curl"].content
    doc = yaml.safe_load(snippets["openapi"].content)
    assert doc["info"]["description"] == HOSTILE + "\nnext line\u2028sep */"
    assert doc["info"]["contact"]["name"] == HOSTILE


def test_brand_with_a_line_break_is_not_used_as_a_header_default():
    snippets = render({"authadvisor": 1, "name": "app", "capillary": {"brand": "acme\nX-Evil: 1"},
                       "integration": {"caller": "end_customer_app", "customer_login": ["otp"]}})
    assert py_constants(snippets["python"].content)["DEFAULT_BRAND"] is None
    assert "cap_brand: {{CAPILLARY_BRAND}}" in snippets["http"].content
    assert "X-Evil" not in snippets["http"].content.split("### 1.")[1]


def test_rendering_never_reads_credentials_from_the_environment(monkeypatch):
    monkeypatch.setenv("CAPILLARY_CLIENT_SECRET", "env-secret-value")
    monkeypatch.setenv("CAPILLARY_TILL_PASSWORD", "env-till-password")
    for method in METHODS:
        for snippet in render(method).values():
            assert "env-secret-value" not in snippet.content and "env-till-password" not in snippet.content


def test_authorization_code_checklist_follows_the_manifest():
    off = render({"authadvisor": 1, "name": "p", "capillary": {"org": "acme", "brand": "Acme"},
                  "integration": {"caller": "partner_app", "client_type": "confidential"},
                  "auth": {"method": "oauth2_authorization_code", "pkce": False}})["python"].content
    items = py_constants(off)["CHECKLIST"]
    assert "for org acme, brand Acme" in items[0] and "a confidential client" in items[1]
    assert items[4].endswith("The manifest says PKCE is off: turn it on.")
