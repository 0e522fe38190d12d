"""The fault matrix: every runnable snippet target against every documented failure of the stand-in.

A refused token never passes as success (401/498 in the HTTP status, a top-level code or
response.status.code, on any HTTP status: one re-mint, one retry, else exit 1); 429 is ridden out
(Retry-After in seconds or as an HTTP date, else bounded backoff) or fails naming the documented
limits; 403s are diagnosed; 503/4001 is retried; the Auth Engine token is regenerated (key for mobile
apps, expiredToken for web apps) and 1507/1508/1509 are told apart.
"""

from __future__ import annotations

import time

import pytest
from snippetkit import RUNNABLE, clean_env, good_env, run_snippet, secrets_of, write_runnable

from authadvisor.standin import EXPIRY_FORMS, Config

pytestmark = pytest.mark.slow

MINT = "POST /v3/oauth/token/generate"
PROGRAMS = "GET /v2/organization/programs"
MOBILE = "GET /mobile/v2/api/customer/get"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict:
    return write_runnable(tmp_path_factory.mktemp("fault-snippets"),
                          ("basic", "oauth2_client_credentials", "mobile_api_auth"))


def go(server, written, tmp_path, method, target, env=None, **faults):
    server.reset(Config(**faults))
    variables = {**good_env(method, server.state.config, server.url), **(env or {})}
    proc = run_snippet(written[method][target], target, clean_env(variables, tmp_path), tmp_path)
    for secret in secrets_of(method, server.state.config):
        assert secret not in proc.stdout + proc.stderr
    return proc


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("form", EXPIRY_FORMS)
def test_every_expired_token_form_is_reminted_once(server, written, tmp_path, target, form):
    proc = go(server, written, tmp_path, "oauth2_client_credentials", target, expire_first=True, expiry_form=form)
    assert proc.returncode == 0, proc.stderr
    assert "retrying once" in proc.stderr and form[-3:] in proc.stderr
    assert server.paths() == [MINT, PROGRAMS, MINT, PROGRAMS]


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("form", EXPIRY_FORMS)
def test_a_token_refused_twice_is_never_success(server, written, tmp_path, target, form):
    proc = go(server, written, tmp_path, "oauth2_client_credentials", target, expire_after=0.0, expiry_form=form)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "the new token was refused too" in proc.stderr
    assert server.paths() == [MINT, PROGRAMS, MINT, PROGRAMS]  # one re-mint, one retry, no loop


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("method,retry_after", [
    ("oauth2_client_credentials", "seconds"), ("oauth2_client_credentials", "date"),
    ("oauth2_client_credentials", "none"), ("basic", "seconds"), ("mobile_api_auth", "none"),
])
def test_rate_limit_is_ridden_out(server, written, tmp_path, target, method, retry_after):
    proc = go(server, written, tmp_path, method, target, throttle_first=1, retry_after=retry_after)
    assert proc.returncode == 0, proc.stderr
    assert "rate limited (HTTP 429" in proc.stderr and "attempt 2 of 3" in proc.stderr
    sample = MOBILE if method == "mobile_api_auth" else PROGRAMS
    assert server.paths().count(sample) == 2


@pytest.mark.parametrize("target", RUNNABLE)
def test_rate_limit_gives_up_after_three_tries_naming_the_limits(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "basic", target, throttle_first=10, retry_after_seconds=0)
    assert proc.returncode == 3, proc.stderr
    assert "still rate limited after 3 attempts" in proc.stderr
    assert "100 requests per minute per API key" in proc.stderr
    assert server.paths().count(PROGRAMS) == 3


@pytest.mark.parametrize("target", RUNNABLE)
def test_waiting_is_bounded_at_30_seconds(server, written, tmp_path, target):
    started = time.monotonic()
    proc = go(server, written, tmp_path, "oauth2_client_credentials", target, throttle_first=10,
              retry_after_seconds=120)
    assert proc.returncode == 3 and "100 requests per minute" in proc.stderr
    assert time.monotonic() - started < 20
    assert server.paths().count(PROGRAMS) == 1


@pytest.mark.parametrize("target", RUNNABLE)
def test_the_per_minute_limit_answers_429(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "basic", target, rate_limit=0, retry_after_seconds=0)
    assert proc.returncode == 3 and "HTTP 429" in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("method", ["basic", "oauth2_client_credentials"])
@pytest.mark.parametrize("kind,words", [
    ("access-group", "access group does not include this API"),
    ("error-4000", "errorCode 4000"),
    ("v2-disabled", "v2 APIs are not enabled for the org"),
])
def test_403s_are_diagnosed(server, written, tmp_path, target, method, kind, words):
    proc = go(server, written, tmp_path, method, target, forbidden=kind)
    assert proc.returncode == 1, proc.stderr
    assert "forbidden (HTTP 403" in proc.stderr and words in proc.stderr
    assert "unexpected" not in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("method", ["basic", "oauth2_client_credentials", "mobile_api_auth"])
def test_503_4001_is_retried(server, written, tmp_path, target, method):
    proc = go(server, written, tmp_path, method, target, unavailable_first=1)
    assert proc.returncode == 0, proc.stderr
    assert "authorization status unavailable (HTTP 503, body code 4001" in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
def test_basic_disabled_for_the_org_exits_1(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "basic", target, basic_disabled=True)
    assert proc.returncode == 1
    assert "Basic authentication is enabled for the org" in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("form", ["http", "body"])
def test_mobile_token_is_regenerated_with_the_key(server, written, tmp_path, target, form):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, expire_first=True, mobile_expiry_form=form)
    assert proc.returncode == 0, proc.stderr
    assert "1529" in proc.stderr and "regenerating it" in proc.stderr
    assert server.paths() == ["POST /auth/v1/token/generate", "POST /auth/v1/otp/generate",
                              "POST /auth/v1/otp/validate", MOBILE, "POST /auth/v1/token/regenerate", MOBILE]
    regenerate = server.state.requests[4].body
    assert regenerate["key"] == "eyJ.key-1" and "expiredToken" not in regenerate
    assert server.state.requests[-1].headers["cap_authorization"] == "eyJ.mobile-2"


@pytest.mark.parametrize("target", RUNNABLE)
def test_web_apps_use_the_web_paths_and_the_expired_token(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, env={"CAPILLARY_APP_PLATFORM": "web"},
              expire_first=True)
    assert proc.returncode == 0, proc.stderr
    assert server.paths() == ["POST /auth/v1/web/token/generate", "POST /auth/v1/web/otp/generate",
                              "POST /auth/v1/web/otp/validate", MOBILE, "POST /auth/v1/web/token/regenerate",
                              MOBILE]
    regenerate = server.state.requests[4].body
    assert regenerate["expiredToken"] == "eyJ.mobile-1" and "key" not in regenerate


@pytest.mark.parametrize("target", RUNNABLE)
def test_a_refused_regeneration_is_reported(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, expire_first=True, regenerate_refused=True)
    assert proc.returncode == 1
    assert "1525" in proc.stderr and "Cannot regenerate token" in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("mismatch,code,variable", [
    ("mobile", "1507", "CAPILLARY_MOBILE"), ("device", "1508", "CAPILLARY_DEVICE_ID"),
    ("brand", "1509", "CAPILLARY_BRAND"),
])
def test_auth_engine_mismatches_are_told_apart(server, written, tmp_path, target, mismatch, code, variable):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, mismatch=mismatch)
    assert proc.returncode == 1
    assert f"(code {code}): " in proc.stderr and variable in proc.stderr
    others = {"1507", "1508", "1509"} - {code}
    assert not any(f"code {o}" in proc.stderr for o in others)


@pytest.mark.parametrize("target", RUNNABLE)
def test_a_wrong_brand_is_refused_at_token_generate(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, env={"CAPILLARY_BRAND": "other"})
    assert proc.returncode == 1 and "1509" in proc.stderr and "Brand mismatch" in proc.stderr
    assert server.paths() == ["POST /auth/v1/token/generate"]


@pytest.mark.parametrize("target", RUNNABLE)
def test_a_bad_app_platform_is_a_usage_error(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, env={"CAPILLARY_APP_PLATFORM": "tv"})
    assert proc.returncode == 2 and "CAPILLARY_APP_PLATFORM must be mobile or web" in proc.stderr
    assert server.state.requests == []
