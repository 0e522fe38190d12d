"""One JSON request over HTTP(S), timed, with the network failure named (DNS, refused, TLS, timeout)."""

from __future__ import annotations

import json
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

LOOPBACK = ("127.0.0.1", "localhost", "::1")
TIMEOUT = 20.0


@dataclass(frozen=True)
class Reply:
    """An HTTP answer, whatever its status: the parsed JSON (None when the body is not JSON)."""

    status: int
    payload: Any
    text: str
    headers: dict = field(default_factory=dict)
    ms: float = 0.0


class Unreachable(Exception):
    """The request got no HTTP answer. `kind`: dns, refused, tls, timeout or network."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


def url_problem(url: str) -> Optional[str]:
    """Why `url` may not carry credentials (None when it may): https only, plain http to loopback only,
    no user:password@ part, no white space."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "is not a valid URL"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url) or not host:
        return "is not a valid URL"
    if "@" in parts.netloc:
        return "has credentials in it (user:password@)"
    if parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK):
        return None
    if parts.scheme == "http":
        return "is plain http://: credentials are sent over https only (plain http only to 127.0.0.1/localhost)"
    return "is not an https:// URL"


def _kind(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror):
        return "dns"
    if isinstance(reason, (ssl.SSLError, ssl.CertificateError)):
        return "tls"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(reason, ConnectionRefusedError):
        return "refused"
    return "network"


def send(method: str, url: str, headers: Optional[dict] = None, body: Any = None,
         clock: Callable[[], float] = time.monotonic, timeout: float = TIMEOUT) -> Reply:
    """Send one JSON request (Accept and Content-Type application/json); any HTTP status is a Reply."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    all_headers = {"Accept": "application/json", "Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    started = clock()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (scheme checked)
            status, raw, got = resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as exc:
        status, raw, got = exc.code, exc.read(), exc.headers
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise Unreachable(_kind(exc), str(getattr(exc, "reason", exc))) from None
    text = raw.decode("utf-8", "replace")
    try:
        payload = json.loads(text) if text else None
    except ValueError:
        payload = None
    names = {k.lower(): v for k, v in (got.items() if got is not None else [])}
    return Reply(status, payload, text, names, round((clock() - started) * 1000, 1))
