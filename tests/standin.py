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
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
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
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    @property
    def state(self) -> State:
        return self.server.state

    def _send(self, status: int, payload: Any) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("X-Cap-Requestid", "standin")
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
            if body.get("otp") != cfg.otp:
                return self._send(200, {"status": {"success": False, "code": 1506, "message": "Invalid OTP"}})
            token = f"eyJ.mobile-{session}"
            self.state.mobile_tokens.add(token)
            return self._send(200, {"status": ok, "auth": {"token": token, "key": "refresh-key"},
                                    "user": {"sessionId": session, "role": "USER"}})
        self._send(200, {"status": {"success": False, "code": 1504, "message": "Unable to generate token"}})

    def do_GET(self) -> None:
        self._record()
        cfg = self.state.config
        if not self._json_ok():
            return self._send(415, {"message": "JSON expected"})
        if self.path == "/v2/organization/programs":
            token = self.headers.get("X-CAP-API-OAUTH-TOKEN")
            if self.headers.get("Authorization") == basic_header(cfg.till_user, cfg.till_password):
                return self._send(200, {"data": [{"programId": 1, "programName": "DefaultLoyaltyProgram"}]})
            if token is not None and token in self.state.tokens and self.headers.get("Authorization") is None:
                with self.state.lock:
                    if token in self.state.expired:
                        self.state.expired.discard(token)
                        self.state.tokens.remove(token)
                        return self._send(498, {"code": "498", "message": "Token expired at 2030-01-01"})
                return self._send(200, {"data": [{"programId": 1, "programName": "DefaultLoyaltyProgram"}]})
            return self._send(401, {"code": "401", "message": "Unauthorized"})
        if self.path == "/mobile/v2/api/customer/get":
            h = self.headers
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

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.state.requests]
