"""The stand-in's configuration: test credentials and the faults it can inject, each one a failure
Capillary documents. Standard library only (no click, no pydantic), so tests and the command share it.

Token expiry forms (`expiry_form`). Capillary's authorization-flows page shows an invalid or expired
OAuth token as body code 401 "Unauthorized" / 498 "Token expired at ...", with "success": "true",
nested under response.status in one sample, and does not document the HTTP status. So every form
is offered: `http-401`/`http-498` (that HTTP status, top-level code), `body-401`/`body-498` (HTTP 200,
top-level code), `nested-401`/`nested-498` (HTTP 200, response.status.code) and `nested-http-498`
(HTTP 498, nested code).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Optional

EXPIRY_FORMS = ("http-401", "http-498", "body-401", "body-498", "nested-401", "nested-498", "nested-http-498")
#: 403 variants: the API client's access group, the access-group errorCode 4000, v2 not enabled
FORBIDDEN = ("access-group", "error-4000", "v2-disabled")
#: Auth Engine codes the stand-in can answer otp/validate with (checked against the session)
MISMATCH = {"mobile": (1507, "Mobile number mismatch"), "device": (1508, "Device ID mismatch"),
            "brand": (1509, "Brand mismatch")}
RETRY_AFTER = ("seconds", "date", "none")


@dataclass(frozen=True)
class Config:
    """Credentials the stand-in accepts, and the faults it injects (all off by default)."""

    till_user: str = "store.server"
    till_password: str = "server123"
    client_key: str = "ck-7Hq2"
    client_secret: str = "cs-Zp9!x\"y\\z"
    ttl: int = 300
    brand: str = "acme"
    device_id: str = "device-42"
    mobile: str = "919876543210"
    otp: str = "123456"
    customer_password: str = "Member#2030"
    # --- faults ---
    expire_first: bool = False          # the first token minted (OAuth or Auth Engine) is refused once
    expire_after: Optional[float] = None  # every token expires this many seconds after it was issued
    expiry_form: str = "http-498"       # how an expired OAuth token is answered (EXPIRY_FORMS)
    mobile_expiry_form: str = "http"    # an expired Auth Engine token (code 1529) on HTTP 401, or 200 ("body")
    rate_limit: Optional[int] = None    # sample calls allowed per minute, then 429
    throttle_first: int = 0             # the first N sample calls are answered 429
    retry_after: str = "seconds"        # the 429's Retry-After: delta seconds, an HTTP date, or none
    retry_after_seconds: int = 1
    forbidden: Optional[str] = None     # FORBIDDEN: every sample call is answered 403
    unavailable_first: int = 0          # the first N sample calls are answered 503 with errorCode 4001
    mismatch: Optional[str] = None      # MISMATCH: otp/validate answers 1507/1508/1509
    regenerate_refused: bool = False    # token/regenerate answers 1525 "Cannot regenerate token"
    basic_disabled: bool = False        # Basic authentication turned off for the org (401 on Basic)

    def __post_init__(self) -> None:
        for name, allowed in (("expiry_form", EXPIRY_FORMS), ("mobile_expiry_form", ("http", "body")),
                              ("retry_after", RETRY_AFTER)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {getattr(self, name)!r}")
        for name in ("expire_after", "rate_limit", "throttle_first", "retry_after_seconds", "unavailable_first"):
            value = getattr(self, name)
            if value is not None and not value >= 0:
                raise ValueError(f"{name} must be a number of 0 or more, not {value!r}")
        if self.forbidden is not None and self.forbidden not in FORBIDDEN:
            raise ValueError(f"forbidden must be one of {', '.join(FORBIDDEN)}")
        if self.mismatch is not None and self.mismatch not in MISMATCH:
            raise ValueError(f"mismatch must be one of {', '.join(MISMATCH)}")

    def with_faults(self, **faults: Any) -> Config:
        return replace(self, **faults)


#: fault name -> (Config field, how to read its argument, help). `NAME` or `NAME=VALUE`.
FAULTS: dict[str, tuple[str, Any, str]] = {
    "expire-after": ("expire_after", float, "tokens expire N seconds after they are issued"),
    "expire-first": ("expire_first", bool, "the first token issued is refused once (re-mint path)"),
    "expiry-form": ("expiry_form", str, "how an expired OAuth token is answered: " + ", ".join(EXPIRY_FORMS)),
    "rate-limit": ("rate_limit", int, "N sample calls per minute, then 429 with Retry-After"),
    "retry-after": ("retry_after", str, "the 429's Retry-After: seconds, date or none"),
    "forbidden": ("forbidden", str, "every sample call answers 403: " + ", ".join(FORBIDDEN)),
    "v2-disabled": ("forbidden", "v2-disabled", "every v2 call answers 403 V2 is not enabled for the org"),
    "access-group": ("forbidden", "access-group", "403 Client doesn't have access to the requested resource"),
    "unavailable": ("unavailable_first", int, "the first N sample calls answer 503 with errorCode 4001"),
    "wrong-brand": ("mismatch", "brand", "otp/validate answers 1509 Brand mismatch"),
    "wrong-device": ("mismatch", "device", "otp/validate answers 1508 Device ID mismatch"),
    "wrong-mobile": ("mismatch", "mobile", "otp/validate answers 1507 Mobile number mismatch"),
    "basic-disabled": ("basic_disabled", bool, "Basic authentication is off for the org (401)"),
}


def parse_faults(specs: list[str], base: Optional[Config] = None) -> Config:
    """`["rate-limit=5", "v2-disabled"]` -> a Config with those faults; ValueError naming a bad one."""
    values: dict[str, Any] = {}
    for spec in specs:
        name, eq, arg = spec.partition("=")
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; expected one of: {', '.join(sorted(FAULTS))}")
        field, kind, _ = FAULTS[name]
        if not callable(kind):
            if eq:
                raise ValueError(f"fault {name} takes no value")
            values[field] = kind
        elif kind is bool:
            values[field] = True
        else:
            if not eq:
                raise ValueError(f"fault {name} needs a value: {name}=VALUE")
            try:
                values[field] = kind(arg)
            except ValueError:
                raise ValueError(f"fault {name}: {arg!r} is not a valid value") from None
    return replace(base or Config(), **values)
