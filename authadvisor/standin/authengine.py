"""The stand-in's Auth Engine (end-customer apps) and its Mobile API sample call.

Mobile apps use /auth/v1/<step>, web apps /auth/v1/web/<step>. token/generate opens a session (valid
15 minutes) bound to identifierValue, deviceId and brand; every later step is checked against it:
1505 invalid session, 1507 mobile, 1508 device, 1509 brand mismatch. otp/validate (or
password/validate) issues the token, plus a non-expiring `key` for mobile apps only. token/regenerate
takes that `key` (mobile) or the `expiredToken` (web); 1525 when it cannot. On a Mobile API call an
expired token is answered with 1529 "Token has expired".
"""

from __future__ import annotations

import time
from typing import Any, Optional

from . import envelopes as E

STEPS = ("token/generate", "otp/generate", "otp/validate", "password/validate", "token/regenerate")
SESSION_SECONDS = 15 * 60


def _identity(body: dict) -> dict[str, Any]:
    return {"mobile": body.get("identifierValue"), "device": body.get("deviceId"), "brand": body.get("brand")}


def _mismatch(expected: dict, body: dict) -> Optional[int]:
    got = _identity(body)
    for field, code in (("mobile", 1507), ("device", 1508), ("brand", 1509)):
        if got[field] != expected[field]:
            return code
    return None


class AuthEngine:
    """Sessions, tokens and keys of the stand-in's Auth Engine; `state` is the server's shared state."""

    def __init__(self, state: Any) -> None:
        self.state = state

    def answer(self, path: str, body: dict) -> tuple[int, dict]:
        web = path.startswith("/auth/v1/web/")
        step = path[len("/auth/v1/web/" if web else "/auth/v1/"):]
        if step not in STEPS:
            return 404, {"message": "no such path"}
        cfg = self.state.config
        with self.state.lock:
            if step == "token/generate":
                return self._generate(body, web)
            if step == "token/regenerate":
                return self._regenerate(body, web)
            session = self.state.sessions.get(body.get("sessionId"))
            if session is None or time.monotonic() - session["started"] > SESSION_SECONDS:
                return 200, E.auth_error(1505)
            code = _mismatch(session, body)
            if code is not None:
                return 200, E.auth_error(code)
            if step == "otp/generate":
                session["stage"] = "otp-sent"
                return 200, {"status": E.AUTH_OK, "user": {"sessionId": body["sessionId"]}}
            if cfg.mismatch is not None:
                return 200, E.auth_error(E.MISMATCH_CODES[cfg.mismatch])
            if step == "otp/validate":
                if session["stage"] != "otp-sent":
                    return 200, E.auth_error(1504)
                if body.get("otp") != cfg.otp:
                    return 200, E.auth_error(1506)
            elif body.get("password") != cfg.customer_password:
                return 200, E.auth_status(1528, "Invalid password")
            del self.state.sessions[body["sessionId"]]
            return 200, self._issue(session, web, body["sessionId"])

    def _generate(self, body: dict, web: bool) -> tuple[int, dict]:
        if body.get("identifierType") not in ("MOBILE", "EMAIL", "USERNAME") or None in _identity(body).values():
            return 200, E.auth_error(1504)
        if body.get("brand") != self.state.config.brand:
            return 200, E.auth_error(1509)
        self.state.session_count += 1
        session_id = f"session-{self.state.session_count}"
        self.state.sessions[session_id] = {**_identity(body), "stage": "started", "started": time.monotonic(),
                                           "web": web}
        return 200, {"status": E.AUTH_OK, "auth": {"token": "view-token", "key": None},
                     "user": {"sessionId": session_id, "role": "VIEW"}}

    def _issue(self, identity: dict, web: bool, session_id: Optional[str] = None) -> dict:
        self.state.issued += 1
        token = f"eyJ.mobile-{self.state.issued}"
        who = {k: identity[k] for k in ("mobile", "device", "brand")}
        self.state.mobile_tokens[token] = {**who, "issued": time.monotonic(), "number": self.state.issued}
        key = None if web else f"eyJ.key-{self.state.issued}"
        if key is not None:
            self.state.mobile_keys[key] = who
        user = {"sessionId": session_id, "role": "USER"} if session_id else {"role": "USER"}
        return {"status": E.AUTH_OK, "auth": {"token": token, "key": key}, "user": user}

    def _regenerate(self, body: dict, web: bool) -> tuple[int, dict]:
        if self.state.config.regenerate_refused:
            return 200, E.auth_error(1525)
        if web:
            known = self.state.mobile_tokens.get(body.get("expiredToken"))
        else:
            known = self.state.mobile_keys.get(body.get("key"))
        if known is None:
            return 200, E.auth_error(1525)
        code = _mismatch(known, body)
        if code is not None:
            return 200, E.auth_error(code)
        return 200, self._issue(known, web)

    def expired(self, token: str) -> bool:
        info = self.state.mobile_tokens[token]
        cfg = self.state.config
        if cfg.expire_first and info["number"] == 1:
            return True
        return cfg.expire_after is not None and time.monotonic() - info["issued"] > cfg.expire_after

    def mobile_call(self, headers: Any) -> tuple[int, dict]:
        """GET {gateway}/v2/api/customer/get with cap_authorization, cap_brand, cap_device_id, cap_mobile."""
        cfg = self.state.config
        token = headers.get("cap_authorization")
        with self.state.lock:
            info = self.state.mobile_tokens.get(token)
            if info is not None and self.expired(token):
                return (401 if cfg.mobile_expiry_form == "http" else 200), E.auth_error(1529)
        sent = {"mobile": headers.get("cap_mobile"), "device": headers.get("cap_device_id"),
                "brand": headers.get("cap_brand")}
        if info is None or any(info[k] != sent[k] for k in sent):
            return 401, {"status": {"success": False, "code": 401, "message": "Unauthorized"}}
        return 200, {"status": {"success": True, "code": 200, "message": "SUCCESS"},
                     "customers": {"customer": [{"mobile": cfg.mobile}]}}
