"""The runnable snippets (curl, python, javascript) run for real against the loopback stand-in."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys

import pytest
from snippetkit import RUNNABLE, clean_env, good_env, interpreter, render, run_snippet, secrets_of, write_runnable

from authadvisor.standin import Config

pytestmark = pytest.mark.slow

AUTHENTICATING = ("basic", "oauth2_client_credentials", "mobile_api_auth")
SAMPLE = {"basic": "GET /v2/organization/programs", "oauth2_client_credentials": "GET /v2/organization/programs",
          "mobile_api_auth": "GET /v2/api/customer/get"}
LAST_CALL = {"basic": "GET /v2/organization/programs", "oauth2_client_credentials": "GET /v2/organization/programs",
             "mobile_api_auth": "GET /mobile/v2/api/customer/get"}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict:
    """method -> {target -> path} of every runnable snippet, rendered once for the module."""
    return write_runnable(tmp_path_factory.mktemp("snippets"), (*AUTHENTICATING, "oauth2_authorization_code"))


def go(server, written, tmp_path, method, target, config=None, env=None, drop=(), input=None):
    server.reset(config or Config())
    cfg = server.state.config
    variables = {**good_env(method, cfg, server.url), **(env or {})}
    for name in drop:
        variables.pop(name, None)
    return run_snippet(written[method][target], target, clean_env(variables, tmp_path), tmp_path, input=input)


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("method", AUTHENTICATING)
def test_authenticates_and_prints_the_status(server, written, tmp_path, method, target):
    proc = go(server, written, tmp_path, method, target)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{SAMPLE[method]} -> HTTP 200\n")
    assert server.paths()[-1] == LAST_CALL[method]
    for secret in secrets_of(method, server.state.config):
        assert secret not in proc.stdout + proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
def test_basic_header_is_the_documented_worked_example(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "basic", target)
    assert proc.returncode == 0, proc.stderr
    (seen,) = server.state.requests
    headers = seen.headers
    assert headers["authorization"] == "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"
    assert headers["accept"] == "application/json"
    assert headers["content-type"] == "application/json"


@pytest.mark.parametrize("target", RUNNABLE)
def test_basic_hashes_any_password_at_request_time(server, written, tmp_path, target):
    cfg = Config(till_user="till.042", till_password="pässword with spaces & 'quotes' $HOME")
    proc = go(server, written, tmp_path, "basic", target, config=cfg)
    assert proc.returncode == 0, proc.stderr
    digest = hashlib.md5(cfg.till_password.encode()).hexdigest()
    expected = "Basic " + base64.b64encode(f"till.042:{digest}".encode()).decode()
    assert server.state.requests[0].headers["authorization"] == expected


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("method,wrong", [
    ("basic", {"CAPILLARY_TILL_PASSWORD": "server124"}),
    ("oauth2_client_credentials", {"CAPILLARY_CLIENT_SECRET": "not-the-secret"}),
    ("mobile_api_auth", {"CAPILLARY_OTP": "654321"}),
])
def test_wrong_credentials_exit_1(server, written, tmp_path, method, wrong, target):
    proc = go(server, written, tmp_path, method, target, env=wrong)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "error: " in proc.stderr
    if method == "oauth2_client_credentials":
        assert "Invalid client key and secret" in proc.stderr and "320001" in proc.stderr
        assert [r.path for r in server.state.requests] == ["/v3/oauth/token/generate"]
    if method == "mobile_api_auth":
        assert "1506" in proc.stderr and "Invalid OTP" in proc.stderr
    for value in wrong.values():
        assert value not in proc.stdout + proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("method,name", [
    ("basic", "CAPILLARY_TILL_USERNAME"), ("basic", "CAPILLARY_TILL_PASSWORD"),
    ("oauth2_client_credentials", "CAPILLARY_CLIENT_KEY"), ("oauth2_client_credentials", "CAPILLARY_CLIENT_SECRET"),
    ("mobile_api_auth", "CAPILLARY_DEVICE_ID"), ("mobile_api_auth", "CAPILLARY_MOBILE"),
    ("mobile_api_auth", "CAPILLARY_MOBILE_API_URL"),
])
def test_missing_variable_is_named_and_exits_2(server, written, tmp_path, method, name, target):
    proc = go(server, written, tmp_path, method, target, drop=(name,))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert name in proc.stderr
    assert server.state.requests == []  # nothing is sent before the configuration is complete


@pytest.mark.parametrize("target", RUNNABLE)
def test_empty_variable_counts_as_missing(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "oauth2_client_credentials", target, env={"CAPILLARY_CLIENT_SECRET": ""})
    assert proc.returncode == 2 and "CAPILLARY_CLIENT_SECRET is not set" in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
@pytest.mark.parametrize("url", ["http://capillary.example.com", "https://user:pw@eu.api.capillarytech.com",
                                 "ftp://127.0.0.1"])
def test_only_https_or_loopback_base_urls(server, written, tmp_path, target, url):
    proc = go(server, written, tmp_path, "basic", target, env={"CAPILLARY_BASE_URL": url})
    assert proc.returncode == 2 and "CAPILLARY_BASE_URL must be an https:// URL" in proc.stderr
    assert "pw" not in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
def test_expired_token_is_reminted_once(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "oauth2_client_credentials", target, config=Config(expire_first=True))
    assert proc.returncode == 0, proc.stderr
    assert "HTTP 498" in proc.stderr and "retrying once" in proc.stderr
    assert server.paths() == ["POST /v3/oauth/token/generate", "GET /v2/organization/programs"] * 2
    token_calls = [r for r in server.state.requests if r.path == "/v2/organization/programs"]
    assert [r.headers["x-cap-api-oauth-token"] for r in token_calls] == ["eyJ.standin-token-1",
                                                                          "eyJ.standin-token-2"]
    assert all("authorization" not in r.headers for r in token_calls)


@pytest.mark.parametrize("target", RUNNABLE)
def test_token_request_body_is_json_key_and_secret(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "oauth2_client_credentials", target)
    assert proc.returncode == 0, proc.stderr
    first = server.state.requests[0]
    assert first.body == {"key": server.state.config.client_key, "secret": server.state.config.client_secret}


@pytest.mark.parametrize("target", RUNNABLE)
def test_mobile_otp_is_read_from_stdin_when_unset(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, drop=("CAPILLARY_OTP",), input="123456\n")
    assert proc.returncode == 0, proc.stderr
    assert server.paths() == ["POST /auth/v1/token/generate", "POST /auth/v1/otp/generate",
                              "POST /auth/v1/otp/validate", "GET /mobile/v2/api/customer/get"]
    validate = server.state.requests[2].body
    assert validate["otp"] == "123456" and validate["sessionId"] == "session-1"


@pytest.mark.parametrize("target", RUNNABLE)
def test_mobile_without_otp_or_input_exits_2(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, drop=("CAPILLARY_OTP",))
    assert proc.returncode == 2 and "CAPILLARY_OTP" in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
def test_mobile_brand_defaults_to_the_manifest(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "mobile_api_auth", target, drop=("CAPILLARY_BRAND",))
    assert proc.returncode == 0, proc.stderr  # examples/end-customer-app.yaml says brand: acme
    assert server.state.requests[0].body["brand"] == "acme"


@pytest.mark.parametrize("target", RUNNABLE)
def test_mobile_header_injection_is_refused(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "mobile_api_auth", target,
              env={"CAPILLARY_DEVICE_ID": "d\r\nX-Injected: 1"})
    assert proc.returncode == 2
    assert "CAPILLARY_DEVICE_ID must be printable ASCII (it is sent in an HTTP header)" in proc.stderr
    assert server.state.requests == []


@pytest.mark.parametrize("target", RUNNABLE)
def test_unreachable_host_exits_3(written, tmp_path, target):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = clean_env({"CAPILLARY_BASE_URL": f"http://127.0.0.1:{port}", "CAPILLARY_TILL_USERNAME": "u",
                     "CAPILLARY_TILL_PASSWORD": "p"}, tmp_path)
    proc = run_snippet(written["basic"][target], target, env, tmp_path)
    assert proc.returncode == 3 and "cannot reach" in proc.stderr


@pytest.mark.parametrize("target", RUNNABLE)
def test_authorization_code_prints_the_checklist_and_exits_2(server, written, tmp_path, target):
    proc = go(server, written, tmp_path, "oauth2_authorization_code", target)
    assert proc.returncode == 2
    assert "setup checklist" in proc.stdout
    for words in ("Capillary Product Solutions", "exact redirect URIs", "S256", "consent"):
        assert words in proc.stdout
    assert " 8. " in proc.stdout and "nothing to call until Capillary configures the flow" in proc.stderr
    assert server.state.requests == []


def test_curl_snippet_falls_back_to_openssl_for_md5(server, written, tmp_path):
    """Without md5sum (macOS has md5, minimal images may have only openssl) the hash is the same."""
    import shutil

    interpreter("curl")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("bash", "curl", "openssl", "base64", "tr", "sed", "grep", "cut", "cat", "mktemp", "rm", "head", "tail",
                 "date", "sleep"):
        found = shutil.which(tool)
        if found is None:
            pytest.skip(f"{tool} not installed")
        (bindir / tool).symlink_to(found)
    server.reset(Config())
    env = clean_env({**good_env("basic", server.state.config, server.url), "PATH": str(bindir)}, tmp_path)
    proc = subprocess.run([str(bindir / "bash"), str(written["basic"]["curl"])], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_python_token_source_caches_until_shortly_before_expiry(server, written, tmp_path):
    driver = tmp_path / "driver.py"
    driver.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(written['oauth2_client_credentials']['python'].parent)!r})\n"
        "import auth\n"
        "base = auth.resolve_url('CAPILLARY_BASE_URL', None)\n"
        "tokens = auth.TokenSource(base, auth.require('CAPILLARY_CLIENT_KEY', ''),"
        " auth.require('CAPILLARY_CLIENT_SECRET', ''))\n"
        "first = auth.call(tokens, 'GET', base + auth.SAMPLE_PATH)[0]\n"
        "second = auth.call(tokens, 'GET', base + auth.SAMPLE_PATH)[0]\n"
        "time.sleep(1.2)\n"
        "third = auth.call(tokens, 'GET', base + auth.SAMPLE_PATH)[0]\n"
        "print(first, second, third)\n", encoding="utf-8")
    server.reset(Config(ttl=2))  # renewed after max(2 - 60, 2 / 2) = 1 second
    env = clean_env(good_env("oauth2_client_credentials", server.state.config, server.url), tmp_path)
    proc = subprocess.run([sys.executable, str(driver)], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["200", "200", "200"]
    assert server.paths() == ["POST /v3/oauth/token/generate", "GET /v2/organization/programs",
                              "GET /v2/organization/programs", "POST /v3/oauth/token/generate",
                              "GET /v2/organization/programs"]


def test_javascript_token_source_caches_until_shortly_before_expiry(server, written, tmp_path):
    node = interpreter("javascript")
    module = written["oauth2_client_credentials"]["javascript"]
    driver = tmp_path / "driver.mjs"
    driver.write_text(
        f"import {{ TokenSource, call }} from {json.dumps(module.as_uri())};\n"
        "const base = process.env.CAPILLARY_BASE_URL;\n"
        "const tokens = new TokenSource(base, process.env.CAPILLARY_CLIENT_KEY, process.env.CAPILLARY_CLIENT_SECRET);\n"
        "const path = '/v2/organization/programs';\n"
        "const [a, b] = await Promise.all([call(tokens, 'GET', base + path), call(tokens, 'GET', base + path)]);\n"
        "await new Promise((r) => setTimeout(r, 1200));\n"
        "const c = await call(tokens, 'GET', base + path);\n"
        "console.log(a.status, b.status, c.status);\n", encoding="utf-8")
    server.reset(Config(ttl=2))
    env = clean_env(good_env("oauth2_client_credentials", server.state.config, server.url), tmp_path)
    proc = subprocess.run([*node, str(driver)], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["200", "200", "200"]
    mints = [p for p in server.paths() if p.startswith("POST")]
    assert len(mints) == 2  # two concurrent calls share one mint; the third needs a fresh token
    assert "GET /v2/organization/programs -> HTTP" not in proc.stdout  # importing did not run the sample


@pytest.mark.parametrize("target", RUNNABLE)
def test_hostile_manifest_text_is_inert_when_run(server, tmp_path, target):
    """Shell, Python and JavaScript metacharacters in every free-text field do nothing."""
    canary = tmp_path / "pwned"
    hostile = f'$(touch {canary}) `touch {canary}` "; touch {canary}; # \n\u2028 */ \'\'\' """ ${{x}}'
    snippet = render({
        "authadvisor": 1, "name": "hostile", "description": hostile, "owner": hostile,
        "capillary": {"org": hostile, "brand": hostile, "cluster": "eu"},
        "integration": {"caller": "pos_terminal", "credentials": "store_specific"},
    }, [target])[target]
    path = tmp_path / snippet.filename
    path.write_text(snippet.content, encoding="utf-8")
    server.reset(Config())
    proc = run_snippet(path, target, clean_env(good_env("basic", server.state.config, server.url), tmp_path),
                       tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not canary.exists()
    assert sorted(os.listdir(tmp_path)) == [snippet.filename]


def test_wrong_credentials_never_reach_the_api_call(server, written, tmp_path):
    proc = go(server, written, tmp_path, "oauth2_client_credentials", "curl",
              env={"CAPILLARY_CLIENT_KEY": "wrong"})
    assert proc.returncode == 1
    assert "GET /v2/organization/programs" not in server.paths()


def test_stand_in_rejects_a_space_after_the_colon(server):
    """The stand-in itself is strict: the old docs' "till1: hash" form (a doc bug) is refused."""
    import urllib.error
    import urllib.request

    server.reset(Config())
    digest = hashlib.md5(b"server123").hexdigest()
    wrong = base64.b64encode(f"store.server: {digest}".encode()).decode()
    req = urllib.request.Request(server.url + "/v2/organization/programs",
                                 headers={"Authorization": f"Basic {wrong}", "Accept": "application/json",
                                          "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=10)
    assert info.value.code == 401

