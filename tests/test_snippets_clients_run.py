"""The Java, C#, PHP and Postman snippets run for real against the loopback stand-in: success, the
configuration errors, and the fault matrix (the same cases as for the curl, Python and JavaScript
snippets: every form of a refused token, 429 ridden out or given up on, 403s diagnosed, 503/4001
retried, Auth Engine regenerate and mismatches).

Faults are selected by the stand-in's Config fields (expire_first, expiry_form, expire_after,
throttle_first, retry_after, retry_after_seconds, unavailable_first, forbidden, basic_disabled,
mismatch, mobile_expiry_form, regenerate_refused): the packaged stand-in (authadvisor.standin).
"""

from __future__ import annotations

import base64
import hashlib
import time

import pytest
from clientkit import (
    CLIENTS,
    EXPIRY_FORMS,
    METHODS,
    MINT,
    MOBILE,
    PROGRAMS,
    SAMPLE,
    SHOWN,
    SIGN_IN,
    Newman,
    command,
    exits,
    run_client,
    said,
)
from snippetkit import clean_env, good_env, secrets_of

from authadvisor.standin import Config

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """(method, target) -> (snippet path, command that runs it), each built once for the module."""
    return {}


@pytest.fixture(scope="module")
def newman():
    driver = Newman()
    yield driver
    driver.close()


@pytest.fixture
def go(request, server, built, tmp_path_factory, tmp_path):
    """Run one snippet against the stand-in with `faults`; Postman collections through newman's library
    API (test_snippets_clients_newman.py runs the newman command)."""
    def run(method, target, env=None, drop=(), input=None, **faults):
        path, cmd = command(built, tmp_path_factory, method, target)
        server.reset(Config(**faults))
        variables = {**good_env(method, server.state.config, server.url), **(env or {})}
        for name in drop:
            variables.pop(name, None)
        if target == "postman":  # the driver only when needed: without newman, only Postman cases skip
            proc = request.getfixturevalue("newman").run(path, variables)
        else:
            proc = run_client(cmd, target, clean_env(variables, tmp_path), tmp_path, input=input)
        for secret in secrets_of(method, server.state.config):
            assert secret not in proc.stdout + proc.stderr
        return proc
    return run


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("method", METHODS)
def test_authenticates_and_prints_the_status(server, go, method, target):
    proc = go(method, target)
    exits(proc, target, 0)
    assert SHOWN[method] in said(proc)
    assert server.paths()[-1] == SAMPLE[method]


@pytest.mark.parametrize("target", CLIENTS)
def test_basic_header_is_the_documented_worked_example(server, go, target):
    exits(go("basic", target), target, 0)
    (seen,) = server.state.requests
    assert seen.headers["authorization"] == "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"
    assert seen.headers["accept"] == "application/json"
    assert seen.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("target", CLIENTS)
def test_basic_hashes_any_password_as_utf8(server, go, target):
    cfg = dict(till_user="till.042", till_password="pässword with spaces & 'quotes' \"$HOME\" \\ 密码")
    exits(go("basic", target, **cfg), target, 0)
    digest = hashlib.md5(cfg["till_password"].encode()).hexdigest()
    expected = "Basic " + base64.b64encode(f"till.042:{digest}".encode()).decode()
    assert server.state.requests[0].headers["authorization"] == expected


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("method,wrong,words", [
    ("basic", {"CAPILLARY_TILL_PASSWORD": "server124"}, ["authentication failed", "HTTP 401"]),
    ("oauth2_client_credentials", {"CAPILLARY_CLIENT_SECRET": "not-the-secret"},
     ["Invalid client key and secret", "320001"]),
    ("mobile_api_auth", {"CAPILLARY_OTP": "654321"}, ["1506", "Invalid OTP"]),
])
def test_wrong_credentials_exit_1(server, go, method, wrong, words, target):
    proc = go(method, target, env=wrong)
    exits(proc, target, 1)
    for word in words:
        assert word in said(proc)
    if method == "oauth2_client_credentials":
        assert server.paths() == [MINT]
    for value in wrong.values():
        assert value not in proc.stdout + proc.stderr


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("method,name", [
    ("basic", "CAPILLARY_TILL_PASSWORD"), ("oauth2_client_credentials", "CAPILLARY_CLIENT_KEY"),
    ("mobile_api_auth", "CAPILLARY_DEVICE_ID"), ("mobile_api_auth", "CAPILLARY_MOBILE_API_URL"),
])
def test_missing_variable_is_named_and_nothing_is_sent(server, go, method, name, target):
    proc = go(method, target, drop=(name,))
    exits(proc, target, 2)
    assert f"{name} is not set" in said(proc)
    assert server.state.requests == []


@pytest.mark.parametrize("target", CLIENTS)
def test_empty_variable_counts_as_missing(server, go, target):
    proc = go("oauth2_client_credentials", target, env={"CAPILLARY_CLIENT_SECRET": ""})
    exits(proc, target, 2)
    assert "CAPILLARY_CLIENT_SECRET is not set" in said(proc)


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("url", ["http://capillary.example.com", "https://user:pw@eu.api.capillarytech.com"])
def test_only_https_or_loopback_base_urls(server, go, target, url):
    proc = go("basic", target, env={"CAPILLARY_BASE_URL": url})
    exits(proc, target, 2)
    assert "CAPILLARY_BASE_URL must be an https:// URL" in said(proc)
    assert ":pw@" not in said(proc) and server.state.requests == []


@pytest.mark.parametrize("target", CLIENTS)
def test_token_request_body_is_json_key_and_secret(server, go, target):
    exits(go("oauth2_client_credentials", target), target, 0)
    first = server.state.requests[0]
    assert first.body == {"key": server.state.config.client_key, "secret": server.state.config.client_secret}


@pytest.mark.parametrize("target", ["java", "csharp", "php"])
def test_mobile_otp_is_read_from_stdin_when_unset(server, go, target):
    proc = go("mobile_api_auth", target, drop=("CAPILLARY_OTP",), input="123456\n")
    exits(proc, target, 0)
    assert server.paths() == [*SIGN_IN, MOBILE]
    assert server.state.requests[2].body["otp"] == "123456"


@pytest.mark.parametrize("target", CLIENTS)
def test_mobile_without_otp_stops_naming_it(server, go, target):
    proc = go("mobile_api_auth", target, drop=("CAPILLARY_OTP",))
    exits(proc, target, 2)
    assert "CAPILLARY_OTP" in said(proc)


@pytest.mark.parametrize("target", CLIENTS)
def test_mobile_brand_defaults_to_the_manifest(server, go, target):
    exits(go("mobile_api_auth", target, drop=("CAPILLARY_BRAND",)), target, 0)
    assert server.state.requests[0].body["brand"] == "acme"  # examples/end-customer-app.yaml


@pytest.mark.parametrize("target", CLIENTS)
def test_mobile_header_injection_is_refused(server, go, target):
    proc = go("mobile_api_auth", target, env={"CAPILLARY_DEVICE_ID": "d\r\nX-Injected: 1"})
    exits(proc, target, 2)
    assert "CAPILLARY_DEVICE_ID must be printable ASCII (it is sent in an HTTP header)" in said(proc)
    assert server.state.requests == []


@pytest.mark.parametrize("target", CLIENTS)
def test_unreachable_host_exits_3(go, target):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = go("basic", target, env={"CAPILLARY_BASE_URL": f"http://127.0.0.1:{port}"})
    exits(proc, target, 3)
    assert ("cannot reach" if target != "postman" else "ECONNREFUSED") in said(proc)


@pytest.mark.parametrize("target", CLIENTS)
def test_authorization_code_prints_the_checklist_and_sends_nothing(server, go, target):
    proc = go("oauth2_authorization_code", target)
    exits(proc, target, 2)
    text = said(proc)
    for words in ("setup checklist", "Capillary Product Solutions", "exact redirect URIs", "S256", "consent",
                  "nothing to call until Capillary configures the flow"):
        assert words in text
    assert server.state.requests == []


# --- the fault matrix ---------------------------------------------------------------------------------

@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("form", EXPIRY_FORMS)
def test_every_expired_token_form_is_reminted_once(server, go, target, form):
    proc = go("oauth2_client_credentials", target, expire_first=True, expiry_form=form)
    exits(proc, target, 0)
    assert "retrying once" in said(proc) and form[-3:] in said(proc)
    assert server.paths() == [MINT, PROGRAMS, MINT, PROGRAMS]
    calls = [r.headers["x-cap-api-oauth-token"] for r in server.state.requests if r.path.startswith("/v2/")]
    assert calls == ["eyJ.standin-token-1", "eyJ.standin-token-2"]


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("form", ["body-498"])
def test_a_token_refused_twice_is_never_success(server, go, target, form):
    proc = go("oauth2_client_credentials", target, expire_after=0.0, expiry_form=form)
    exits(proc, target, 1)
    assert "the new token was refused too" in said(proc)
    assert server.paths() == [MINT, PROGRAMS, MINT, PROGRAMS]  # one re-mint, one retry, no loop


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("method,retry_after", [
    ("oauth2_client_credentials", "date"), ("basic", "seconds"), ("mobile_api_auth", "none"),
])
def test_rate_limit_is_ridden_out(server, go, target, method, retry_after):
    proc = go(method, target, throttle_first=1, retry_after=retry_after, retry_after_seconds=0)
    exits(proc, target, 0)
    assert "rate limited (HTTP 429" in said(proc) and "attempt 2 of 3" in said(proc)
    assert server.paths().count(SAMPLE[method]) == 2


@pytest.mark.parametrize("target", CLIENTS)
def test_rate_limit_gives_up_after_three_tries_naming_the_limits(server, go, target):
    proc = go("basic", target, throttle_first=10, retry_after_seconds=0)
    exits(proc, target, 3)
    assert "still rate limited after 3 attempts" in said(proc)
    assert "100 requests per minute per API key" in said(proc)
    assert server.paths().count(PROGRAMS) == 3


@pytest.mark.parametrize("target", CLIENTS)
def test_waiting_is_bounded_at_30_seconds(server, go, target):
    started = time.monotonic()
    proc = go("oauth2_client_credentials", target, throttle_first=10, retry_after_seconds=120)
    exits(proc, target, 3)
    assert "100 requests per minute" in said(proc)
    assert time.monotonic() - started < 20
    assert server.paths().count(PROGRAMS) == 1


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("method", ["basic"])
@pytest.mark.parametrize("kind,words", [
    ("access-group", "access group does not include this API"),
    ("error-4000", "errorCode 4000"),
    ("v2-disabled", "v2 APIs are not enabled for the org"),
])
def test_403s_are_diagnosed(server, go, target, method, kind, words):
    proc = go(method, target, forbidden=kind)
    exits(proc, target, 1)
    assert "forbidden (HTTP 403" in said(proc) and words in said(proc)
    assert "unexpected" not in said(proc)


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("method", ["oauth2_client_credentials", "mobile_api_auth"])
def test_503_4001_is_retried(server, go, target, method):
    proc = go(method, target, unavailable_first=1)
    exits(proc, target, 0)
    assert "authorization status unavailable (HTTP 503, body code 4001" in said(proc)


@pytest.mark.parametrize("target", CLIENTS)
def test_basic_disabled_for_the_org_exits_1(go, target):
    proc = go("basic", target, basic_disabled=True)
    exits(proc, target, 1)
    assert "Basic authentication is enabled for the org" in said(proc)


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("form", ["http", "body"])
def test_mobile_token_is_regenerated_with_the_key(server, go, target, form):
    proc = go("mobile_api_auth", target, expire_first=True, mobile_expiry_form=form)
    exits(proc, target, 0)
    assert "1529" in said(proc) and "regenerating it" in said(proc)
    assert server.paths() == [*SIGN_IN, MOBILE, "POST /auth/v1/token/regenerate", MOBILE]
    regenerate = server.state.requests[4].body
    assert regenerate["key"] == "eyJ.key-1" and "expiredToken" not in regenerate
    assert server.state.requests[-1].headers["cap_authorization"] == "eyJ.mobile-2"


@pytest.mark.parametrize("target", CLIENTS)
def test_a_refused_regeneration_is_reported(go, target):
    proc = go("mobile_api_auth", target, expire_first=True, regenerate_refused=True)
    exits(proc, target, 1)
    assert "1525" in said(proc) and "Cannot regenerate token" in said(proc)


@pytest.mark.parametrize("target", CLIENTS)
@pytest.mark.parametrize("mismatch,code,variable", [
    ("mobile", "1507", "CAPILLARY_MOBILE"), ("device", "1508", "CAPILLARY_DEVICE_ID"),
    ("brand", "1509", "CAPILLARY_BRAND"),
])
def test_auth_engine_mismatches_are_told_apart(go, target, mismatch, code, variable):
    proc = go("mobile_api_auth", target, mismatch=mismatch)
    exits(proc, target, 1)
    assert f"(code {code}): " in said(proc) and variable in said(proc)
    assert not any(f"code {other}" in said(proc) for other in {"1507", "1508", "1509"} - {code})


@pytest.mark.parametrize("target", CLIENTS)
def test_a_bad_app_platform_is_a_usage_error(server, go, target):
    proc = go("mobile_api_auth", target, env={"CAPILLARY_APP_PLATFORM": "tv"})
    exits(proc, target, 2)
    assert "CAPILLARY_APP_PLATFORM must be mobile or web" in said(proc)
    assert server.state.requests == []

