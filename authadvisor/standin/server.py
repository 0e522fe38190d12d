"""A loopback stand-in for Capillary's authentication surface, on the standard library's http.server.

It answers what the generated snippets (and `authadvisor verify`) rely on, with the documented
envelopes, and records every request (method, path, lower-cased headers, body) for assertions:
- POST /v3/oauth/token/generate, JSON {"key", "secret"} -> {"data": {"accessToken", "ttlSeconds"},
  "errors": null}; wrong credentials -> HTTP 200 with errors[] code 320001.
- GET /v2/organization/programs (the sample call) with exactly `Authorization: Basic
  base64(user:md5hex(password))` or a live X-CAP-API-OAUTH-TOKEN; otherwise 401.
- the Auth Engine (authengine.py) and GET /mobile/v2/api/customer/get, the Mobile API sample call.
- a POST whose Content-Type is not JSON gets 415 "Unsupported media type" (v2's status table).
Faults (faults.Config) turn documented failures on: expired tokens in each documented form, 429
with or without Retry-After, 403 variants, 503 with errorCode 4001, Auth Engine mismatches.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional

from . import envelopes as E
from .authengine import AuthEngine
from .faults import Config

TOKEN_PATH = "/v3/oauth/token/generate"
SAMPLE_PATH = "/v2/organization/programs"
MOBILE_SAMPLE_PATH = "/mobile/v2/api/customer/get"


def basic_header(user: str, password: str) -> str:
    digest = hashlib.md5(password.encode("utf-8"), usedforsecurity=False).hexdigest()
    return "Basic " + base64.b64encode(f"{user}:{digest}".encode()).decode("ascii")


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
    tokens: dict = field(default_factory=dict)        # OAuth token -> (issued at, number)
    minted: int = 0
    refused_once: set = field(default_factory=set)
    sessions: dict = field(default_factory=dict)
    session_count: int = 0
    mobile_tokens: dict = field(default_factory=dict)
    mobile_keys: dict = field(default_factory=dict)
    issued: int = 0
    sample_calls: int = 0
    window: deque = field(default_factory=deque)     # times of the sample calls in the last minute
    lock: threading.RLock = field(default_factory=threading.RLock)


class Handler(BaseHTTPRequestHandler):
    server: Any
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # the server's caller decides what to log
        pass

    @property
    def state(self) -> State:
        return self.server.state

    def _send(self, status: int, payload: Any, headers: Optional[dict] = None) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("X-Cap-Requestid", f"standin-{len(self.state.requests)}")
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

    def do_POST(self) -> None:
        body = self._record()
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return self._send(415, {"code": 415, "message": "Unsupported media type"})
        if self.path == TOKEN_PATH:
            return self._send(200, self._mint(body))
        if self.path.startswith("/auth/v1/"):
            return self._send(*AuthEngine(self.state).answer(self.path, body if isinstance(body, dict) else {}))
        self._send(404, {"message": "no such path"})

    def _mint(self, body: Any) -> dict:
        cfg = self.state.config
        if body != {"key": cfg.client_key, "secret": cfg.client_secret}:
            return {"data": None, "errors": [{"code": 320001, "message": "Invalid client key and secret"}]}
        with self.state.lock:
            self.state.minted += 1
            token = f"eyJ.standin-token-{self.state.minted}"
            self.state.tokens[token] = (time.monotonic(), self.state.minted)
        return {"data": {"accessToken": token, "ttlSeconds": cfg.ttl}, "errors": None}

    def _throttled(self) -> Optional[tuple[int, dict, dict]]:
        """429 / 503 faults, counted over the sample calls."""
        cfg = self.state.config
        with self.state.lock:
            self.state.sample_calls += 1
            n = self.state.sample_calls
            now = time.monotonic()
            while self.state.window and now - self.state.window[0] >= 60:
                self.state.window.popleft()
            over = cfg.rate_limit is not None and len(self.state.window) >= cfg.rate_limit
            if not over:
                self.state.window.append(now)
        if n <= cfg.throttle_first or over:
            return 429, {"code": 429, "message": "Too Many Requests"}, E.retry_after_header(
                cfg.retry_after, cfg.retry_after_seconds)
        if n <= cfg.throttle_first + cfg.unavailable_first:
            return (*E.unavailable(), {})
        return None

    def _oauth_token_state(self, token: str) -> str:
        """'live', 'expired' or 'unknown' for an OAuth token."""
        cfg = self.state.config
        with self.state.lock:
            if token not in self.state.tokens:
                return "unknown"
            issued, number = self.state.tokens[token]
            if cfg.expire_first and number == 1:
                return "expired"
            if cfg.expire_after is not None and time.monotonic() - issued > cfg.expire_after:
                return "expired"
        return "live"

    def do_GET(self) -> None:
        self._record()
        if self.path not in (SAMPLE_PATH, MOBILE_SAMPLE_PATH):
            return self._send(404, {"message": "no such path"})
        throttled = self._throttled()
        if throttled is not None:
            return self._send(*throttled)
        if self.path == MOBILE_SAMPLE_PATH:
            return self._send(*AuthEngine(self.state).mobile_call(self.headers))
        cfg = self.state.config
        authorization = self.headers.get("Authorization")
        token = self.headers.get("X-CAP-API-OAUTH-TOKEN")
        if authorization is not None and token is None:
            if cfg.basic_disabled or authorization != basic_header(cfg.till_user, cfg.till_password):
                return self._send(*E.basic_refused())
        elif token is not None and authorization is None:
            state = self._oauth_token_state(token)
            if state != "live":
                return self._send(*E.token_rejection(cfg.expiry_form if state == "expired" else
                                                     cfg.expiry_form.replace("498", "401")))
        else:
            return self._send(*E.basic_refused())
        if cfg.forbidden is not None:
            return self._send(*E.forbidden(cfg.forbidden))
        self._send(200, E.PROGRAMS)


class StandIn:
    """`with StandIn() as s: s.url` -> http://127.0.0.1:PORT, serving in a background thread."""

    def __init__(self, config: Optional[Config] = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = State(config or Config())
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.httpd.state = self.state  # type: ignore[attr-defined]
        self.host, self.port = host, self.httpd.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self, config: Optional[Config] = None) -> None:
        """Forget requests, tokens and sessions, and apply `config` (one server serves many tests)."""
        with self.state.lock:
            fresh = State(config or Config(), lock=self.state.lock)
            for name in fresh.__dataclass_fields__:
                setattr(self.state, name, getattr(fresh, name))

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.state.requests]
