"""Each method's flow as timed steps, with what went wrong diagnosed: the logic the runnable snippets use
(re-mint once on 401/498 wherever it appears, ride out 429 and 503/4001 within a bound, name 403s and Auth
Engine codes), written once for `authadvisor verify`. Credentials and tokens are never kept in a step or a
diagnosis: a token shows as a short fingerprint at most.
"""

from __future__ import annotations

import base64
import hashlib
import random
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from . import envelope as E
from .transport import Reply, Unreachable, send

RECOMMENDED_TTL = 3600  #: Capillary does not recommend tokens that live longer than 60 minutes
RATE_LIMIT_DOC = "Demo and Testing Clusters: 100 requests per minute per API key; other orgs are brand-specific"


@dataclass(frozen=True)
class Step:
    name: str
    method: str
    path: str
    status: Optional[int]
    ms: float
    result: str

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.name, "method": self.method, "path": self.path, "status": self.status,
                "ms": self.ms, "result": self.result}


@dataclass(frozen=True)
class Diagnosis:
    id: str
    severity: str  #: error | warning | info
    message: str
    exit: int = 1  #: 1 credentials or configuration, 3 network or the service

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "message": self.message}


@dataclass
class Policy:
    """How hard to try: tries per call on 429/503 (bounded in total seconds), the HTTP timeout, and the
    sleep and randomness used between tries (tests replace them)."""

    tries: int = 3
    budget: float = 30.0
    timeout: float = 20.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random


@dataclass
class Target:
    """Where and as whom: base URLs (already checked), the variables' values, the host's origin."""

    method: str
    env: dict
    urls: dict  #: "base" / "auth_engine" / "mobile_api" -> URL
    where: dict = field(default_factory=dict)  #: same keys -> why that host (for network diagnoses)
    platform: str = "mobile"  #: mobile | web (Auth Engine paths and token renewal)


class Failed(Exception):
    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__(diagnosis.message)
        self.diagnosis = diagnosis


def fingerprint(secret: str) -> str:
    return "sha256:" + hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()[:8]


def basic_header(user: str, password: str) -> str:
    digest = hashlib.md5(password.encode("utf-8")).hexdigest()  # noqa: S324 (Capillary's scheme)
    return "Basic " + base64.b64encode(f"{user}:{digest}".encode()).decode("ascii")


class Runner:
    """Runs requests for one flow, recording steps and diagnoses."""

    def __init__(self, target: Target, policy: Optional[Policy] = None) -> None:
        self.target, self.policy = target, policy or Policy()
        self.steps: list[Step] = []
        self.diagnoses: list[Diagnosis] = []

    def note(self, id: str, severity: str, message: str) -> None:
        self.diagnoses.append(Diagnosis(id, severity, message))

    def request(self, name: str, method: str, host: str, path: str, headers: Optional[dict] = None,
                body: Any = None) -> Reply:
        """One request, retried on 429 and 503/4001 (Retry-After, else exponential backoff with jitter)
        within the policy's tries and budget."""
        url = self.target.urls[host] + path
        waited = 0.0
        for attempt in range(1, self.policy.tries + 1):
            try:
                reply = send(method, url, headers, body, timeout=self.policy.timeout)
            except Unreachable as exc:
                self.steps.append(Step(name, method, path, None, 0.0, f"no answer ({exc.kind})"))
                raise Failed(self._unreachable(exc, host)) from None
            busy = reply.status == 429 or E.unavailable(reply.status, reply.payload)
            if not busy:
                return reply
            delay = E.retry_after(reply.headers)
            if delay is None:
                delay = min(8.0, 0.5 * 2 ** (attempt - 1)) * (0.5 + self.policy.jitter() / 2)
            last = attempt == self.policy.tries or waited + delay > self.policy.budget
            self.steps.append(Step(name, method, path, reply.status, reply.ms,
                                   "gave up" if last else f"busy: retrying in {delay:.1f} s"))
            if last:
                if reply.status == 429:
                    raise Failed(Diagnosis("rate-limited", "error", (
                        f"rate limited (HTTP 429) {attempt} times within {waited:.0f} s. Documented limits: "
                        f"{RATE_LIMIT_DOC}; ask Capillary Product Support to change them."), exit=3))
                raise Failed(Diagnosis("authorization-unavailable", "error", (
                    "Capillary answered 503 / errorCode 4001 \"Authorization status unavailable\" on every "
                    "try: retry later."), exit=3))
            self.policy.sleep(delay)
            waited += delay
        raise AssertionError("unreachable")  # pragma: no cover

    def _unreachable(self, exc: Unreachable, host: str) -> Diagnosis:
        url = self.target.urls[host]
        why = self.target.where.get(host, "")
        tried = f"{url}" + (f" ({why})" if why else "")
        ids = {"dns": "dns-failure", "tls": "tls-failure", "timeout": "host-timeout"}
        words = {"dns": "the host name does not resolve", "tls": "the TLS handshake failed",
                 "timeout": "no answer in time", "refused": "the connection was refused"}
        return Diagnosis(ids.get(exc.kind, "host-unreachable"), "error",
                         f"cannot reach {tried}: {words.get(exc.kind, 'network error')} ({exc}). Check the "
                         "cluster, or set the URL variable to your org's host.", exit=3)

    def done(self, name: str, reply: Reply, path: str, method: str, result: str) -> None:
        self.steps.append(Step(name, method, path, reply.status, reply.ms, result))


def sample_failure(reply: Reply, what: str) -> Diagnosis:
    """A sample call that did not succeed, diagnosed."""
    kind = E.forbidden(reply.status, reply.payload)
    if kind == "v2-not-enabled":
        return Diagnosis(kind, "error", "V2 is not enabled for the org: ask Capillary to enable v2 APIs, or "
                                        "call the v1.1 equivalent.")
    if kind == "access-denied":
        return Diagnosis(kind, "error", "403 errorCode 4000 \"Not authorized. Access is denied!\": the "
                                        f"{what}'s access group does not allow this API.")
    if kind is not None:
        return Diagnosis(kind, "error", "403 \"Client doesn't have access to the requested resource\": give "
                                        f"the {what}'s access group read access to this API (InTouch > "
                                        "Organization Settings > Tools > Authentication > Access group). "
                                        "A store's access-group permissions override the client's.")
    return Diagnosis("unexpected-response", "error", f"unexpected answer HTTP {reply.status} "
                                                     f"(codes {', '.join(E.body_codes(reply.payload)) or 'none'})",
                     exit=3)


def succeeded(reply: Reply) -> bool:
    return 200 <= reply.status < 300 and not E.token_rejected(reply.status, reply.payload) \
        and E.forbidden(reply.status, reply.payload) is None
