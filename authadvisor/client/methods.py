"""The three runnable flows, step by step: Basic (till), OAuth2 client credentials, the Auth Engine.

Each takes a Runner (where, as whom, how hard to try) and returns normally when the sample call
succeeded; a problem it can name is raised as Failed(Diagnosis) or noted on the runner.
"""

from __future__ import annotations

from typing import Any, Optional

from ..snippets.context import MOBILE_SAMPLE as _MOBILE
from ..snippets.context import SAMPLE as _SAMPLE
from ..snippets.context import TOKEN_PATH
from . import envelope as E
from .flows import RECOMMENDED_TTL, Diagnosis, Failed, Runner, basic_header, fingerprint, sample_failure, succeeded
from .transport import Reply

#: the sample calls the snippets make, as (method, path): one source for snippets and verify
SAMPLE = (_SAMPLE["method"], _SAMPLE["path"])
MOBILE_SAMPLE = (_MOBILE["method"], _MOBILE["path"])


def auth_engine_path(step: str, platform: str) -> str:
    """`/auth/v1/<step>` for mobile apps, `/auth/v1/web/<step>` for web apps."""
    return f"/auth/v1/{'web/' if platform == 'web' else ''}{step}"


def verify_basic(run: Runner) -> None:
    env = run.target.env
    header = basic_header(env["CAPILLARY_TILL_USERNAME"], env["CAPILLARY_TILL_PASSWORD"])
    method, path = SAMPLE
    reply = run.request("sample call", method, "base", path, {"Authorization": header})
    if succeeded(reply):
        run.done("sample call", reply, path, method, "ok")
        return
    run.done("sample call", reply, path, method, "failed")
    if E.token_rejected(reply.status, reply.payload):
        raise Failed(Diagnosis("basic-auth-rejected", "error", (
            f"Basic authentication was refused (HTTP {reply.status}): the till username or password is wrong, "
            "the till is not the store's own till or Store Center account, or Basic authentication is "
            "disabled for the org (InTouch > Organization Settings > Tools > Authentication > API client > "
            "Enable Basic Authentication). The password is sent as its MD5 hash; check the plain password.")))
    raise Failed(sample_failure(reply, "till"))


def _mint(run: Runner, again: bool = False) -> str:
    env = run.target.env
    name = "re-mint token" if again else "mint token"
    reply = run.request(name, "POST", "base", TOKEN_PATH,
                        body={"key": env["CAPILLARY_CLIENT_KEY"], "secret": env["CAPILLARY_CLIENT_SECRET"]})
    errors = E.token_errors(reply.payload)
    data = reply.payload.get("data") if isinstance(reply.payload, dict) else None
    token = data.get("accessToken") if isinstance(data, dict) else None
    if errors or not (200 <= reply.status < 300) or not isinstance(token, str) or not token:
        run.done(name, reply, TOKEN_PATH, "POST", "refused")
        codes = {code for code, _ in errors}
        if "320001" in codes:
            raise Failed(Diagnosis("client-credentials-invalid", "error", (
                "the token endpoint refused the client key and secret (320001 \"Invalid client key and "
                "secret\"): check CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET (the secret is shown once, "
                "at registration: register a new client if it is lost).")))
        shown = "; ".join(f"{code} {message}".strip() for code, message in errors) or f"HTTP {reply.status}"
        raise Failed(Diagnosis("token-refused", "error", (
            f"no access token ({shown}): a wrong key or secret, or the client's access group lacks permission "
            "(\"Failed to generate OAuth token\").")))
    ttl = data.get("ttlSeconds") if isinstance(data, dict) else None
    ttl_text = f"ttlSeconds {ttl}" if isinstance(ttl, (int, float)) else "no ttlSeconds"
    run.done(name, reply, TOKEN_PATH, "POST", f"token {fingerprint(token)}, {ttl_text}")
    if not again and isinstance(ttl, (int, float)) and ttl > RECOMMENDED_TTL:
        run.note("token-ttl-too-long", "warning", (
            f"tokens live {ttl:g} s, more than the 60 minutes Capillary recommends at most: lower the API "
            "client's token expiry (InTouch > Organization Settings > Tools > Authentication > API client)."))
    return token


def verify_oauth(run: Runner) -> None:
    method, path = SAMPLE
    name = "sample call"
    reply = run.request(name, method, "base", path, {"X-CAP-API-OAUTH-TOKEN": _mint(run)})
    if E.token_rejected(reply.status, reply.payload):
        run.done(name, reply, path, method, f"token rejected ({_codes(reply)}): re-minting once")
        name = "sample call (retry)"
        reply = run.request(name, method, "base", path, {"X-CAP-API-OAUTH-TOKEN": _mint(run, again=True)})
        if E.token_rejected(reply.status, reply.payload):
            run.done(name, reply, path, method, "failed")
            raise Failed(Diagnosis("token-rejected", "error", (
                "a freshly minted token was refused too (401/498): the client may lack access to this org, or "
                "the token expires at once (check the client's token expiry).")))
        run.note("token-reminted", "info", "the first token was refused (401/498); a new one worked, as the "
                                           "snippets do it: mint once more and retry once.")
    if succeeded(reply):
        run.done(name, reply, path, method, "ok")
        return
    run.done(name, reply, path, method, "failed")
    raise Failed(sample_failure(reply, "API client"))


def _codes(reply: Reply) -> str:
    codes = E.body_codes(reply.payload)
    return f"HTTP {reply.status}" + (f", body code {', '.join(codes)}" if codes else "")


def _auth_engine(run: Runner, step: str, body: dict) -> Any:
    path = auth_engine_path(step, run.target.platform)
    reply = run.request(step, "POST", "auth_engine", path, body=body)
    ok, code, message = E.auth_engine_status(reply.payload)
    if ok and 200 <= reply.status < 300:
        run.done(step, reply, path, "POST", "ok")
        return reply.payload
    run.done(step, reply, path, "POST", f"failed ({code or reply.status})")
    ids = {1505: "invalid-session", 1506: "invalid-otp", 1507: "mobile-mismatch", 1508: "device-mismatch",
           1509: "brand-mismatch", 1518: "otp-retries-exhausted", 1525: "token-regenerate-failed",
           1528: "invalid-password", 1534: "otp-limit-reached"}
    meaning = E.AUTH_ENGINE.get(code or 0, message or "refused")
    raise Failed(Diagnosis(ids.get(code or 0, "auth-engine-refused"), "error",
                           f"{path} answered {code or reply.status}: {meaning}"))


def verify_mobile(run: Runner) -> None:
    env = run.target.env
    identity = {"identifierType": "MOBILE", "identifierValue": env["CAPILLARY_MOBILE"],
                "deviceId": env["CAPILLARY_DEVICE_ID"], "brand": env["CAPILLARY_BRAND"]}
    started = _auth_engine(run, "token/generate", identity)
    session = ((started or {}).get("user") or {}).get("sessionId")
    if not session:
        raise Failed(Diagnosis("auth-engine-refused", "error", "token/generate returned no user.sessionId"))
    identity["sessionId"] = session
    _auth_engine(run, "otp/generate", identity)
    validated = _auth_engine(run, "otp/validate", {**identity, "otp": env["CAPILLARY_OTP"]})
    auth = (validated or {}).get("auth") or {}
    token, key = auth.get("token"), auth.get("key")
    if not isinstance(token, str) or not token:
        raise Failed(Diagnosis("auth-engine-refused", "error", "otp/validate returned no auth.token"))
    name = "sample call"
    reply = _mobile_call(run, token, name)
    _ok, code, _message = E.auth_engine_status(reply.payload)
    if code == 1529 or E.token_rejected(reply.status, reply.payload):
        run.done(name, reply, MOBILE_SAMPLE[1], MOBILE_SAMPLE[0], f"token expired ({code or reply.status}): "
                                                                  "regenerating")
        if run.target.platform == "mobile" and not key:
            raise Failed(Diagnosis("token-regenerate-failed", "error", "the token expired and otp/validate "
                                                                      "returned no auth.key to regenerate it"))
        body = {"key": key} if run.target.platform == "mobile" else {"expiredToken": token}
        renewed = _auth_engine(run, "token/regenerate", {**identity, **body})
        token = ((renewed or {}).get("auth") or {}).get("token") or ""
        name = "sample call (retry)"
        reply = _mobile_call(run, token, name)
    code = E.auth_engine_status(reply.payload)[1]
    if succeeded(reply) and code in (None, 200):
        run.done(name, reply, MOBILE_SAMPLE[1], MOBILE_SAMPLE[0], "ok")
        return
    run.done(name, reply, MOBILE_SAMPLE[1], MOBILE_SAMPLE[0], "failed")
    if reply.status == 404:
        raise Failed(Diagnosis("mobile-api-not-found", "error", (
            f"{MOBILE_SAMPLE[1]} does not exist on this gateway (404): Mobile APIs are per-org wrappers set up "
            "on request, so ask Capillary which are enabled for your org.")))
    if code in (1507, 1508, 1509):
        raise Failed(Diagnosis({1507: "mobile-mismatch", 1508: "device-mismatch", 1509: "brand-mismatch"}[code],
                               "error", f"the Mobile API answered {code}: {E.AUTH_ENGINE[code]}"))
    raise Failed(sample_failure(reply, "customer's"))


def _mobile_call(run: Runner, token: str, name: str) -> Reply:
    env = run.target.env
    headers: dict[str, Optional[str]] = {
        "cap_authorization": token, "cap_brand": env["CAPILLARY_BRAND"],
        "cap_device_id": env["CAPILLARY_DEVICE_ID"], "cap_mobile": env["CAPILLARY_MOBILE"]}
    method, path = MOBILE_SAMPLE
    return run.request(name, method, "mobile_api", path, headers)


FLOWS = {"basic": verify_basic, "oauth2_client_credentials": verify_oauth, "mobile_api_auth": verify_mobile}
