"""The response bodies the stand-in sends, as Capillary documents them (authorization-flows page, the
Capillary/api-documentation repository and the Auth Engine reference). Pure functions of plain data."""

from __future__ import annotations

import email.utils
import time
from typing import Any

PROGRAMS = {"data": [{"programId": 1, "programName": "DefaultLoyaltyProgram"}], "errors": None}
AUTH_OK = {"success": True, "code": 200, "message": "SUCCESS"}
TOKEN_REFUSED = {"401": "Unauthorized", "498": "Token expired at 2030-01-01 00:00:00"}


def token_rejection(form: str) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) for an invalid or expired OAuth token in one of the documented forms."""
    code = form.rsplit("-", 1)[1]
    message = TOKEN_REFUSED[code]
    if form.startswith("nested-"):
        status = int(code) if form.startswith("nested-http-") else 200
        return status, {"response": {"status": {"success": "true", "code": code, "message": message}}}
    status = int(code) if form.startswith("http-") else 200
    return status, {"success": "true", "code": code, "message": message}


def basic_refused() -> tuple[int, dict[str, Any]]:
    """v2's documented 401: 'Authentication failed. Please check username and password.'"""
    return 401, {"code": "401", "message": "Authentication failed. Please check username and password."}


def forbidden(kind: str) -> tuple[int, dict[str, Any]]:
    if kind == "access-group":
        return 403, {"code": 403, "message": "Client doesn't have access to the requested resource"}
    if kind == "error-4000":
        return 403, {"errorCode": 4000, "errorMessage": "Not authorized. Access is denied!"}
    return 403, {"code": 403, "message": "V2 is not enabled for the org"}


def unavailable() -> tuple[int, dict[str, Any]]:
    return 503, {"errorCode": 4001, "errorMessage": "Authorization status unavailable!"}


def retry_after_header(kind: str, seconds: int) -> dict[str, str]:
    """The 429's Retry-After (RFC 9110 section 10.2.3): delta seconds, an HTTP date, or none."""
    if kind == "seconds":
        return {"Retry-After": str(seconds)}
    if kind == "date":
        return {"Retry-After": email.utils.formatdate(time.time() + seconds + 1, usegmt=True)}
    return {}


def auth_status(code: int, message: str) -> dict[str, Any]:
    return {"status": {"success": False, "code": code, "message": message}}


AUTH_ERRORS = {
    1504: "Unable to generate token",
    1505: "Invalid session",
    1506: "Invalid OTP",
    1507: "Mobile number mismatch",
    1508: "Device ID mismatch",
    1509: "Brand mismatch",
    1525: "Cannot regenerate token",
    1529: "Token has expired",
}


def auth_error(code: int) -> dict[str, Any]:
    return auth_status(code, AUTH_ERRORS[code])


MISMATCH_CODES = {"mobile": 1507, "device": 1508, "brand": 1509}
