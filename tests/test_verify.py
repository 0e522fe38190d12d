"""`authadvisor verify`: the client's reading of Capillary's envelopes (pure), and the whole command
against the loopback stand-in for success and each fault it can tell apart."""

from __future__ import annotations

import json
import socket

import pytest
from conftest import EXAMPLES, run_cli
from hypothesis import given
from hypothesis import strategies as st

from authadvisor.client import envelope as E
from authadvisor.client.transport import url_problem
from authadvisor.standin import Config

GOOD = {"CAPILLARY_TILL_USERNAME": "store.server", "CAPILLARY_TILL_PASSWORD": "server123",
        "CAPILLARY_CLIENT_KEY": "ck-7Hq2", "CAPILLARY_CLIENT_SECRET": "cs-Zp9!x\"y\\z",
        "CAPILLARY_BRAND": "acme", "CAPILLARY_DEVICE_ID": "device-42", "CAPILLARY_MOBILE": "919876543210",
        "CAPILLARY_OTP": "123456"}
EXAMPLE = {"basic": "pos-terminal.yaml", "oauth": "backend-service.yaml", "mobile": "end-customer-app.yaml"}


# --- envelopes -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("status, payload", [
    (401, None), (498, {}), (200, {"code": "498", "message": "Token expired at 2030"}),
    (200, {"code": 401}), (200, {"success": "true", "response": {"status": {"code": "498"}}}),
    (500, {"response": {"status": {"code": 401, "message": "Unauthorized"}}}),
])
def test_token_rejected_wherever_the_code_sits(status: int, payload: object) -> None:
    assert E.token_rejected(status, payload)


@pytest.mark.parametrize("status, payload", [(200, {"data": []}), (200, None), (403, {"code": 4000}),
                                             (200, {"code": True}), (200, {"response": "498"})])
def test_token_not_rejected(status: int, payload: object) -> None:
    assert not E.token_rejected(status, payload)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
                    max_leaves=12), st.integers(100, 599))
def test_envelope_readers_take_any_json(payload: object, status: int) -> None:
    E.token_rejected(status, payload)
    E.forbidden(status, payload)
    E.unavailable(status, payload)
    E.token_errors(payload)
    E.auth_engine_status(payload)


@pytest.mark.parametrize("payload, kind", [
    ({"message": "Client doesn't have access to the requested resource"}, "access-group-denied"),
    ({"status": {"code": 403, "message": "V2 is not enabled for the org"}}, "v2-not-enabled"),
    ({"errorCode": 4000, "message": "Not authorized. Access is denied!"}, "access-denied"),
])
def test_forbidden_kinds(payload: dict, kind: str) -> None:
    assert E.forbidden(403, payload) == kind
    assert E.forbidden(200, {"data": []}) is None


def test_retry_after_seconds_and_dates() -> None:
    assert E.retry_after({"retry-after": "7"}) == 7.0
    assert E.retry_after({"retry-after": "Thu, 01 Jan 2030 00:00:10 GMT"}, now=1893456000.0) == 10.0
    assert E.retry_after({"retry-after": "soon"}) is None
    assert E.retry_after({}) is None
    assert E.retry_after({"retry-after": "\u0663"}) is None  # non-ASCII digits are not seconds


@pytest.mark.parametrize("url, ok", [
    ("https://eu.api.capillarytech.com", True), ("http://127.0.0.1:8642", True), ("http://localhost", True),
    ("http://eu.api.capillarytech.com", False), ("https://u:p@eu.api.capillarytech.com", False),
    ("ftp://x", False), ("https://x y", False), ("https://[", False), ("https://", False),
])
def test_credentials_travel_over_https_only(url: str, ok: bool) -> None:
    assert (url_problem(url) is None) is ok


# --- the command against the stand-in ---------------------------------------------------------------------

def verify(server, which: str, *extra: str, **env: str):
    base = {"CAPILLARY_BASE_URL": server.url, "CAPILLARY_AUTH_ENGINE_URL": server.url,
            "CAPILLARY_MOBILE_API_URL": server.url + "/mobile", **GOOD, **env}
    result = run_cli(["verify", "--format", "json", *extra, str(EXAMPLES / EXAMPLE[which])], env=base)
    return result, (json.loads(result.stdout) if result.stdout.startswith("{") else None)


def never_shows_credentials(server, *texts: str) -> None:
    secrets = [GOOD["CAPILLARY_TILL_PASSWORD"], GOOD["CAPILLARY_CLIENT_SECRET"], GOOD["CAPILLARY_CLIENT_KEY"],
               GOOD["CAPILLARY_OTP"], *server.state.tokens, *server.state.mobile_tokens]
    for text in texts:
        for secret in secrets:
            assert secret not in text


@pytest.mark.parametrize("which, steps", [("basic", 1), ("oauth", 2), ("mobile", 4)])
def test_verified(server, which: str, steps: int) -> None:
    server.reset()
    result, data = verify(server, which)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert data["verified"] is True and len(data["steps"]) == steps
    assert all(s["status"] == 200 for s in data["steps"])
    never_shows_credentials(server, result.stdout, result.stderr)


def test_expired_token_is_reminted_once(server) -> None:
    server.reset(Config(expire_first=True))
    result, data = verify(server, "oauth")
    assert result.exit_code == 0
    assert [s["status"] for s in data["steps"]] == [200, 498, 200, 200]
    assert [d["id"] for d in data["diagnoses"]] == ["token-reminted"]
    never_shows_credentials(server, result.stdout)


def test_token_ttl_above_an_hour_is_a_warning(server) -> None:
    server.reset(Config(ttl=86400))
    result, data = verify(server, "oauth")
    assert result.exit_code == 0
    assert [d["id"] for d in data["diagnoses"]] == ["token-ttl-too-long"]


@pytest.mark.parametrize("which, env, diagnosis", [
    ("basic", {"CAPILLARY_TILL_PASSWORD": "wrong"}, "basic-auth-rejected"),
    ("oauth", {"CAPILLARY_CLIENT_SECRET": "wrong"}, "client-credentials-invalid"),
    ("mobile", {"CAPILLARY_BRAND": "other"}, "brand-mismatch"),
    ("mobile", {"CAPILLARY_OTP": "000000"}, "invalid-otp"),
])
def test_credential_problems_are_diagnosed(server, which: str, env: dict, diagnosis: str) -> None:
    server.reset()
    result, data = verify(server, which, **env)
    assert result.exit_code == 1
    assert [d["id"] for d in data["diagnoses"]] == [diagnosis]
    never_shows_credentials(server, result.stdout, result.stderr)


def test_text_output_names_each_step_and_the_problem(server) -> None:
    server.reset()
    env = {"CAPILLARY_BASE_URL": server.url, **GOOD, "CAPILLARY_TILL_PASSWORD": "wrong"}
    result = run_cli(["verify", str(EXAMPLES / EXAMPLE["basic"])], env=env)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "1. GET /v2/organization/programs  HTTP 401" in lines[2]
    assert lines[-2].startswith("error: Basic authentication was refused")
    assert lines[-2].endswith("[basic-auth-rejected]")
    assert lines[-1] == "not verified"


def test_missing_variables_are_named_exit_2() -> None:
    result = run_cli(["verify", str(EXAMPLES / EXAMPLE["oauth"])],
                     env={"CAPILLARY_CLIENT_KEY": "", "CAPILLARY_CLIENT_SECRET": "", "CAPILLARY_BASE_URL": ""})
    assert result.exit_code == 2
    assert "CAPILLARY_CLIENT_KEY is not set" in result.stderr and "CAPILLARY_CLIENT_SECRET is not set" in result.stderr


def test_plain_http_to_a_real_host_is_refused_before_sending() -> None:
    result = run_cli(["verify", str(EXAMPLES / EXAMPLE["basic"])],
                     env={**GOOD, "CAPILLARY_BASE_URL": "http://eu.api.capillarytech.com"})
    assert result.exit_code == 2 and "plain http://" in result.stderr


def test_a_closed_port_is_a_network_problem_exit_3() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_cli(["verify", "--format", "json", str(EXAMPLES / EXAMPLE["basic"])],
                     env={**GOOD, "CAPILLARY_BASE_URL": f"http://127.0.0.1:{port}"})
    assert result.exit_code == 3
    assert [d["id"] for d in json.loads(result.stdout)["diagnoses"]] == ["host-unreachable"]


def test_an_unresolvable_host_is_a_dns_problem() -> None:
    result = run_cli(["verify", "--format", "json", "--timeout", "5", str(EXAMPLES / EXAMPLE["basic"])],
                     env={**GOOD, "CAPILLARY_BASE_URL": "https://no-such-host.invalid"})
    assert result.exit_code == 3
    assert json.loads(result.stdout)["diagnoses"][0]["id"] in ("dns-failure", "host-timeout")


def test_authorization_code_has_no_runnable_flow() -> None:
    result = run_cli(["verify", str(EXAMPLES / "partner-app.yaml")], env=GOOD)
    assert result.exit_code == 2 and "no flow" in result.stderr


# --- every fault the stand-in documents ------------------------------------------------------------------

@pytest.mark.parametrize("form", ["http-401", "http-498", "body-401", "body-498", "nested-401", "nested-498",
                                  "nested-http-498"])
def test_every_expiry_form_is_reminted_once(server, form: str) -> None:
    server.reset(Config(expire_first=True, expiry_form=form))
    result, data = verify(server, "oauth")
    assert result.exit_code == 0, result.stdout
    assert [s["step"] for s in data["steps"]] == ["mint token", "sample call", "re-mint token", "sample call (retry)"]
    assert [d["id"] for d in data["diagnoses"]] == ["token-reminted"]


@pytest.mark.parametrize("form", ["body-498", "nested-401"])
def test_a_token_refused_twice_is_never_success(server, form: str) -> None:
    server.reset(Config(expire_after=0.0, expiry_form=form))
    result, data = verify(server, "oauth")
    assert result.exit_code == 1 and data["verified"] is False
    assert data["diagnoses"][-1]["id"] == "token-rejected"


@pytest.mark.parametrize("which", ["basic", "oauth"])
@pytest.mark.parametrize("kind, diagnosis", [("access-group", "access-group-denied"),
                                             ("error-4000", "access-denied"), ("v2-disabled", "v2-not-enabled")])
def test_403s_are_told_apart(server, which: str, kind: str, diagnosis: str) -> None:
    server.reset(Config(forbidden=kind))
    result, data = verify(server, which)
    assert result.exit_code == 1
    assert [d["id"] for d in data["diagnoses"]] == [diagnosis]


@pytest.mark.parametrize("retry_after", ["seconds", "date", "none"])
def test_a_429_is_ridden_out(server, retry_after: str) -> None:
    server.reset(Config(throttle_first=1, retry_after=retry_after, retry_after_seconds=1))
    result, data = verify(server, "basic")
    assert result.exit_code == 0, result.stdout
    assert [s["status"] for s in data["steps"]] == [429, 200]


def test_rate_limited_on_every_try_names_the_documented_limit(server) -> None:
    server.reset(Config(throttle_first=10, retry_after="seconds", retry_after_seconds=0))
    result, data = verify(server, "oauth")
    assert result.exit_code == 3
    assert data["diagnoses"][-1]["id"] == "rate-limited"
    assert "100 requests per minute per API key" in data["diagnoses"][-1]["message"]
    assert [s["status"] for s in data["steps"]][1:] == [429, 429, 429]


def test_503_4001_is_retried(server) -> None:
    server.reset(Config(unavailable_first=1))
    result, data = verify(server, "basic")
    assert result.exit_code == 0
    assert [s["status"] for s in data["steps"]] == [503, 200]


def test_basic_disabled_is_a_basic_rejection(server) -> None:
    server.reset(Config(basic_disabled=True))
    result, data = verify(server, "basic")
    assert result.exit_code == 1
    assert [d["id"] for d in data["diagnoses"]] == ["basic-auth-rejected"]


@pytest.mark.parametrize("mismatch, diagnosis", [("mobile", "mobile-mismatch"), ("device", "device-mismatch"),
                                                 ("brand", "brand-mismatch")])
def test_auth_engine_mismatches(server, mismatch: str, diagnosis: str) -> None:
    server.reset(Config(mismatch=mismatch))
    result, data = verify(server, "mobile")
    assert result.exit_code == 1
    assert [d["id"] for d in data["diagnoses"]] == [diagnosis]


@pytest.mark.parametrize("platform", ["mobile", "web"])
@pytest.mark.parametrize("form", ["http", "body"])
def test_an_expired_auth_engine_token_is_regenerated(server, platform: str, form: str) -> None:
    server.reset(Config(expire_first=True, mobile_expiry_form=form))
    result, data = verify(server, "mobile", CAPILLARY_APP_PLATFORM=platform)
    assert result.exit_code == 0, result.stdout
    prefix = "/auth/v1/web/" if platform == "web" else "/auth/v1/"
    assert [s["path"] for s in data["steps"]] == [
        f"{prefix}token/generate", f"{prefix}otp/generate", f"{prefix}otp/validate", "/v2/api/customer/get",
        f"{prefix}token/regenerate", "/v2/api/customer/get"]
    regenerate = [r for r in server.state.requests if r.path.endswith("token/regenerate")][0]
    assert ("expiredToken" in regenerate.body) is (platform == "web")
    assert ("key" in regenerate.body) is (platform == "mobile")
    never_shows_credentials(server, result.stdout)


def test_regenerate_refused(server) -> None:
    server.reset(Config(expire_first=True, regenerate_refused=True))
    result, data = verify(server, "mobile")
    assert result.exit_code == 1
    assert [d["id"] for d in data["diagnoses"]] == ["token-regenerate-failed"]


# --- verify reads responses as the Python snippet does ----------------------------------------------------

@pytest.fixture(scope="module")
def snippet(tmp_path_factory):
    """The rendered Python snippet for OAuth client credentials, imported as a module."""
    from snippetkit import python_module, render

    code = render("oauth2_client_credentials", ["python"])["python"].content
    return python_module(code, tmp_path_factory.mktemp("snippet"), "capillary_auth_snippet")


JSON = st.recursive(st.none() | st.booleans() | st.integers(-2, 5000) | st.sampled_from(["401", "498", "4001", "x"]),
                    lambda kids: st.lists(kids, max_size=3)
                    | st.dictionaries(st.sampled_from(["code", "errorCode", "status", "response", "errors",
                                                       "message", "success", "data"]), kids, max_size=4),
                    max_leaves=10)


@given(status=st.sampled_from([200, 401, 403, 429, 498, 500, 503]), payload=JSON)
def test_token_rejection_matches_the_python_snippet(snippet, status: int, payload: object) -> None:
    said = snippet.verdict(snippet.Response(status, payload, "", None))
    codes = set(snippet.body_codes(payload))
    token = said == "token" and (status in (401, 498) or bool({"401", "498"} & codes))  # 1529: Auth Engine only
    assert E.token_rejected(status, payload) is token
    assert E.body_codes(payload) == snippet.body_codes(payload)
