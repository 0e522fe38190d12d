"""What Capillary's answers mean, as its docs describe them (capillary-auth-facts, sections 2, 3 and 6).

- An invalid or expired OAuth token is body code 401 or 498 ("success":"true"), at the top level or under
  response.status; the HTTP status is not documented, so all three places count, whatever the status.
- 403: "Client doesn't have access to the requested resource" (access group), errorCode 4000 ("Not
  authorized. Access is denied!"), "V2 is not enabled for the org"; 503 with errorCode 4001 is retryable.
- Token generation: a non-empty errors[] (320001 "Invalid client key and secret").
- Auth Engine: status.success/code/message; 1505-1509, 1518, 1525, 1528, 1529, 1534.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any, Optional

TOKEN_INVALID = ("401", "498")
AUTH_ENGINE = {
    1504: "unable to generate token",
    1505: "invalid session (sessionId expired after 15 minutes, or unknown)",
    1506: "invalid OTP",
    1507: "mobile number mismatch (CAPILLARY_MOBILE is not the session's customer)",
    1508: "device ID mismatch (CAPILLARY_DEVICE_ID differs from the session's)",
    1509: "brand mismatch (CAPILLARY_BRAND is not the brand configured for the org in the Auth Engine)",
    1518: "maximum OTP retries reached",
    1525: "cannot regenerate token",
    1528: "invalid password",
    1529: "token has expired",
    1534: "maximum OTPs per customer reached",
}


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _holders(payload: Any) -> list[dict]:
    """Where Capillary puts a status: the top level, response.status (v1.1 style), status, errors[0]."""
    body = _dict(payload)
    errors = body.get("errors")
    first_error = errors[0] if isinstance(errors, list) and errors else None
    found = (body, _dict(body.get("response")).get("status"), body.get("status"), first_error) if body else ()
    return [h for h in found if isinstance(h, dict)]


def body_codes(payload: Any) -> list[str]:
    """Every code a body carries (`code` or `errorCode` in any holder), as strings: the Python snippet's
    reading, so verify and the snippets agree (a test checks it)."""
    return [str(h[k]) for h in _holders(payload) for k in ("code", "errorCode") if h.get(k) is not None]


def _text(payload: Any) -> str:
    """Every message and error code in a body, lower-cased, for matching documented wordings."""
    body = _dict(payload)
    parts: list[str] = []
    for holder in (body, _dict(body.get("status")), _dict(_dict(body.get("response")).get("status"))):
        parts += [str(holder.get(k, "")) for k in ("message", "errorMessage", "errorCode", "error", "code")]
    for err in body.get("errors") or [] if isinstance(body.get("errors"), list) else []:
        parts += [str(_dict(err).get("message", "")), str(_dict(err).get("code", ""))]
    return " ".join(parts).lower()


def token_rejected(status: int, payload: Any) -> bool:
    """Capillary's 'token invalid' (401) or 'token expired' (498), by HTTP status or in the body."""
    return str(status) in TOKEN_INVALID or any(c in TOKEN_INVALID for c in body_codes(payload))


def forbidden(status: int, payload: Any) -> Optional[str]:
    """Which documented 403 this is: v2-not-enabled, access-denied (4000) or access-group; else None."""
    text = _text(payload)
    if status != 403 and "403" not in body_codes(payload) and "4000" not in text:
        return None
    if "v2 is not enabled" in text:
        return "v2-not-enabled"
    if "4000" in text or "access is denied" in text:
        return "access-denied"
    return "access-group-denied"


def unavailable(status: int, payload: Any) -> bool:
    """503 / errorCode 4001 "Authorization status unavailable!": retry later."""
    return status == 503 or "4001" in _text(payload)


def retry_after(headers: dict, now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent."""
    value = str(headers.get("retry-after", "")).strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def token_errors(payload: Any) -> list[tuple[str, str]]:
    """(code, message) of each entry of a token response's errors[]."""
    errors = _dict(payload).get("errors")
    if not isinstance(errors, list):
        return []
    return [(str(_dict(e).get("code", "unknown")), str(_dict(e).get("message", ""))) for e in errors]


def auth_engine_status(payload: Any) -> tuple[bool, Optional[int], str]:
    """(success, code, message) of an Auth Engine answer."""
    status = _dict(_dict(payload).get("status"))
    code = status.get("code")
    code = int(code) if isinstance(code, int) or (isinstance(code, str) and code.isdigit()) else None
    return status.get("success") is True, code, str(status.get("message") or "")
