"""A loopback stand-in for Capillary, for running the generated snippets for real.

It imitates what the snippets rely on, as the fact sheet describes it, and checks every header:
- POST /v3/oauth/token/generate: JSON {"key", "secret"} -> {"data": {"accessToken", "ttlSeconds"},
  "errors": null}; wrong credentials -> HTTP 200 with a non-empty errors[] (the snippet must read it).
- GET /v2/organization/programs: exactly `Authorization: Basic base64(user:md5hex(password))` or a
  live X-CAP-API-OAUTH-TOKEN, plus Accept: application/json; otherwise 401. With `expire_first`, the
  first token minted is answered once with 498 (expired), to exercise re-minting.
- Auth Engine: POST /auth/v1/token/generate, /otp/generate, /otp/validate; then
  GET /mobile/v2/api/customer/get with cap_authorization, cap_brand, cap_device_id and cap_mobile.
Every request is recorded (method, path, headers with lower-case names, body) for assertions.

Faults (the same Config fields, names and envelopes as the packaged stand-in of issue 13, so that
tests written against this one run unchanged against that one): expiry_form (how an expired OAuth
token is answered: http-401/http-498, body-401/body-498 on HTTP 200, nested-401/nested-498 in
response.status on HTTP 200, nested-http-498), expire_after, throttle_first + retry_after
(seconds/date/none) + retry_after_seconds, unavailable_first (503, errorCode 4001), forbidden
(access-group/error-4000/v2-disabled), basic_disabled, and for the Auth Engine mismatch
(mobile/device/brand at otp/validate: 1507/1508/1509), expire_first (the first customer token is
answered 1529, with HTTP 401 or, mobile_expiry_form="body", HTTP 200), token/regenerate with the
auth.key (regenerate_refused: 1525).
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional


def basic_header(user: str, password: str) -> str:
    digest = hashlib.md5(password.encode("utf-8")).hexdigest()
    return "Basic " + base64.b64encode(f"{user}:{digest}".encode()).decode("ascii")


@dataclass
class Config:
    till_user: str = "store.server"
    till_password: str = "server123"
    client_key: str = "ck-7Hq2"
    client_secret: str = "cs-Zp9!x\"y\\z"
    ttl: int = 300
    expire_first: bool = False
    brand: str = "acme"
    device_id: str = "device-42"
    mobile: str = "919876543210"
    otp: str = "123456"
    expiry_form: str = "http-498"
    expire_after: Optional[float] = None
    throttle_first: int = 0
    retry_after: str = "seconds"
    retry_after_seconds: int = 1
    unavailable_first: int = 0
    forbidden: Optional[str] = None
    basic_disabled: bool = False
    mismatch: Optional[str] = None
    mobile_expiry_form: str = "http"
    regenerate_refused: bool = False


def token_rejection(form: str) -> tuple[int, dict]:
    """(HTTP status, body) for a refused OAuth token in one of the documented forms."""
    code = form.rsplit("-", 1)[1]
    message = {"401": "Unauthorized", "498": "Token expired at 2030-01-01 00:00:00"}[code]
    if form.startswith("nested-"):
        status = int(code) if form.startswith("nested-http-") else 200
        return status, {"response": {"status": {"success": "true", "code": code, "message": message}}}
    return (int(code) if form.startswith("http-") else 200), {"success": "true", "code": code, "message": message}


FORBIDDEN = {"access-group": {"code": 403, "message": "Client doesn't have access to the requested resource"},
             "error-4000": {"errorCode": 4000, "errorMessage": "Not authorized. Access is denied!"},
             "v2-disabled": {"code": 403, "message": "V2 is not enabled for the org"}}
MISMATCH = {"mobile": (1507, "Mobile number mismatch"), "device": (1508, "Device ID mismatch"),
            "brand": (1509, "Brand mismatch")}


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    body: Optional[Any]


@dataclass
class State:
    config: Config
    requests: list = field(default_factory=list)
    tokens: list = field(default_factory=list)
    minted: int = 0
    expired: set = field(default_factory=set)
    sessions: dict = field(default_factory=dict)
    mobile_tokens: set = field(default_factory=set)
    issued: dict = field(default_factory=dict)
    mobile_keys: dict = field(default_factory=dict)
    sample_calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    @property
    def state(self) -> State:
        return self.server.state

    def _send(self, status: int, payload: Any, headers: Optional[dict] = None) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("X-Cap-Requestid", "standin")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def _record(self) -> Optional[Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = {"_unparsed": raw.decode("utf-8", "replace")}
        with self.state.lock:
            headers = {k.lower(): v for k, v in self.headers.items()}
            self.state.requests.append(Seen(self.command, self.path, headers, body))
        return body

    def _json_ok(self) -> bool:
        return (self.headers.get("Accept") == "application/json"
                and (self.headers.get("Content-Type") or "").startswith("application/json"))

    def do_POST(self) -> None:
        body = self._record()
        cfg = self.state.config
        if not self._json_ok():
            return self._send(415, {"errors": [{"code": 415, "message": "JSON expected"}]})
        if self.path == "/v3/oauth/token/generate":
            if body == {"key": cfg.client_key, "secret": cfg.client_secret}:
                with self.state.lock:
                    self.state.minted += 1
                    token = f"eyJ.standin-token-{self.state.minted}"
                    self.state.tokens.append(token)
                    self.state.issued[token] = time.monotonic()
                    if cfg.expire_first and self.state.minted == 1:
                        self.state.expired.add(token)
                return self._send(200, {"data": {"accessToken": token, "ttlSeconds": cfg.ttl}, "errors": None})
            return self._send(200, {"data": None, "errors": [{"code": 320001,
                                                             "message": "Invalid client key and secret"}]})
        if self.path.startswith("/auth/v1/"):
            return self._auth_engine(self.path[len("/auth/v1/"):], body or {})
        self._send(404, {"message": "no such path"})

    def _auth_engine(self, step: str, body: dict) -> None:
        cfg = self.state.config
        ok = {"success": True, "code": 200, "message": "SUCCESS"}
        identity = (body.get("identifierType"), body.get("identifierValue"), body.get("deviceId"), body.get("brand"))
        if identity != ("MOBILE", cfg.mobile, cfg.device_id, cfg.brand):
            return self._send(200, {"status": {"success": False, "code": 1509, "message": "Brand mismatch"}})
        if step == "token/regenerate":
            if cfg.regenerate_refused or body.get("key") not in self.state.mobile_keys:
                return self._send(200, {"status": {"success": False, "code": 1525,
                                                   "message": "Cannot regenerate token"}})
            return self._send(200, {"status": ok, "auth": self._issue(), "user": {"role": "USER"}})
        if step == "token/generate":
            session = f"session-{len(self.state.sessions) + 1}"
            self.state.sessions[session] = "started"
            return self._send(200, {"status": ok, "auth": {"token": "view-token", "key": None},
                                    "user": {"sessionId": session, "role": "VIEW"}})
        session = body.get("sessionId")
        if session not in self.state.sessions:
            return self._send(200, {"status": {"success": False, "code": 1505, "message": "Invalid session"}})
        if step == "otp/generate":
            self.state.sessions[session] = "otp-sent"
            return self._send(200, {"status": ok, "user": {"sessionId": session}})
        if step == "otp/validate" and self.state.sessions[session] == "otp-sent":
            if cfg.mismatch is not None:
                code, message = MISMATCH[cfg.mismatch]
                return self._send(200, {"status": {"success": False, "code": code, "message": message}})
            if body.get("otp") != cfg.otp:
                return self._send(200, {"status": {"success": False, "code": 1506, "message": "Invalid OTP"}})
            user = {"sessionId": session, "role": "USER"}
            return self._send(200, {"status": ok, "auth": self._issue(), "user": user})
        self._send(200, {"status": {"success": False, "code": 1504, "message": "Unable to generate token"}})

    def _issue(self) -> dict:
        """A customer token (numbered: eyJ.mobile-1, -2, ...) and the key that regenerates it."""
        with self.state.lock:
            number = len(self.state.mobile_keys) + 1
            token, key = f"eyJ.mobile-{number}", f"eyJ.key-{number}"
            self.state.mobile_tokens.add(token)
            self.state.mobile_keys[key] = token
        return {"token": token, "key": key}

    def _throttled(self) -> Optional[tuple]:
        """429 / 503 faults, counted over the sample calls."""
        cfg = self.state.config
        with self.state.lock:
            self.state.sample_calls += 1
            n = self.state.sample_calls
        if n <= cfg.throttle_first:
            headers = {}
            if cfg.retry_after == "seconds":
                headers = {"Retry-After": str(cfg.retry_after_seconds)}
            elif cfg.retry_after == "date":
                headers = {"Retry-After": email.utils.formatdate(time.time() + cfg.retry_after_seconds + 1,
                                                                 usegmt=True)}
            return 429, {"code": 429, "message": "Too Many Requests"}, headers
        if n <= cfg.throttle_first + cfg.unavailable_first:
            return 503, {"errorCode": 4001, "errorMessage": "Authorization status unavailable!"}
        return None

    def do_GET(self) -> None:
        self._record()
        cfg = self.state.config
        if not self._json_ok():
            return self._send(415, {"message": "JSON expected"})
        if self.path in ("/v2/organization/programs", "/mobile/v2/api/customer/get"):
            throttled = self._throttled()
            if throttled is not None:
                return self._send(*throttled)
        programs = {"data": [{"programId": 1, "programName": "DefaultLoyaltyProgram"}]}
        if self.path == "/v2/organization/programs":
            token = self.headers.get("X-CAP-API-OAUTH-TOKEN")
            if self.headers.get("Authorization") == basic_header(cfg.till_user, cfg.till_password):
                if cfg.basic_disabled:
                    return self._send(401, {"code": "401", "message": "Authentication failed. Please check "
                                                                     "username and password."})
                return self._send(*((403, FORBIDDEN[cfg.forbidden]) if cfg.forbidden else (200, programs)))
            if token is not None and token in self.state.tokens and self.headers.get("Authorization") is None:
                with self.state.lock:
                    age = time.monotonic() - self.state.issued[token]
                    stale = cfg.expire_after is not None and age > cfg.expire_after
                    if token in self.state.expired or stale:
                        self.state.expired.discard(token)
                        self.state.tokens.remove(token)
                        return self._send(*token_rejection(cfg.expiry_form))
                return self._send(*((403, FORBIDDEN[cfg.forbidden]) if cfg.forbidden else (200, programs)))
            return self._send(401, {"code": "401", "message": "Unauthorized"})
        if self.path == "/mobile/v2/api/customer/get":
            h = self.headers
            if cfg.expire_first and h.get("cap_authorization") == "eyJ.mobile-1":
                refused = {"status": {"success": False, "code": 1529, "message": "Token has expired"}}
                return self._send(401 if cfg.mobile_expiry_form == "http" else 200, refused)
            if (h.get("cap_authorization") in self.state.mobile_tokens and h.get("cap_brand") == cfg.brand
                    and h.get("cap_device_id") == cfg.device_id and h.get("cap_mobile") == cfg.mobile):
                return self._send(200, {"status": {"success": True, "code": 200},
                                        "customers": {"customer": [{"mobile": cfg.mobile}]}})
            return self._send(401, {"status": {"success": False, "code": 401, "message": "Unauthorized"}})
        self._send(404, {"message": "no such path"})


class StandIn:
    """`with StandIn() as s: s.url` -> http://127.0.0.1:PORT, serving in a background thread."""

    def __init__(self, config: Optional[Config] = None) -> None:
        self.state = State(config or Config())
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.state = self.state  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self, config: Optional[Config] = None) -> None:
        """Forget requests and tokens (one server serves a whole test module)."""
        with self.state.lock:
            self.state.config = config or Config()
            self.state.requests.clear()
            self.state.tokens.clear()
            self.state.minted = 0
            self.state.expired.clear()
            self.state.sessions.clear()
            self.state.mobile_tokens.clear()
            self.state.issued.clear()
            self.state.mobile_keys.clear()
            self.state.sample_calls = 0

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.state.requests]
