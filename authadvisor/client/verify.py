"""`authadvisor verify`: prove the credentials in the environment work for the manifest's method.

prepare() turns the manifest, its outcome and the environment into a Target (or names what is missing);
verify() runs the method's flow and returns the steps, the diagnoses and the exit code:
0 verified, 1 a credential or configuration problem diagnosed, 2 usage, 3 network or the service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import UsageError
from .flows import Diagnosis, Failed, Policy, Runner, Step, Target
from .methods import FLOWS
from .transport import url_problem

#: method -> (variable, what it is); the hosts come from the manifest unless a URL variable overrides them
VARIABLES = {
    "basic": (("CAPILLARY_TILL_USERNAME", "the store's own till (or Store Center) username"),
              ("CAPILLARY_TILL_PASSWORD", "that till's password")),
    "oauth2_client_credentials": (("CAPILLARY_CLIENT_KEY", "the API client's key"),
                                  ("CAPILLARY_CLIENT_SECRET", "the API client's secret")),
    "mobile_api_auth": (("CAPILLARY_BRAND", "the brand configured for your org in the Auth Engine"),
                        ("CAPILLARY_DEVICE_ID", "a stable identifier of this device or app install"),
                        ("CAPILLARY_MOBILE", "the customer's mobile number"),
                        ("CAPILLARY_OTP", "the OTP the customer received")),
}
HOSTS = {"basic": ("base",), "oauth2_client_credentials": ("base",), "mobile_api_auth": ("auth_engine", "mobile_api")}


@dataclass(frozen=True)
class Verified:
    method: str
    hosts: dict  #: host key -> {"url", "env", "why"}
    steps: tuple[Step, ...]
    diagnoses: tuple[Diagnosis, ...]

    @property
    def exit_code(self) -> int:
        errors = [d.exit for d in self.diagnoses if d.severity == "error"]
        return max(errors) if errors else 0

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "verified": self.exit_code == 0,
                "hosts": {k: {"url": v["url"], "env": v["env"]} for k, v in self.hosts.items()},
                "steps": [s.to_dict() for s in self.steps],
                "diagnoses": [d.to_dict() for d in self.diagnoses], "exit_code": self.exit_code}


def hosts_for(method: str, manifest: dict, rules: Any) -> dict[str, dict]:
    from ..snippets.context import auth_engine_host, base_host, mobile_api_host

    found = {"base": base_host, "auth_engine": auth_engine_host, "mobile_api": mobile_api_host}
    return {key: found[key](manifest, rules) for key in HOSTS[method]}


def platform_of(manifest: dict, environ: Mapping[str, str]) -> str:
    """mobile or web, as the snippets decide it: CAPILLARY_APP_PLATFORM, else the manifest's app_platform."""
    from ..snippets.context import app_platform

    chosen = environ.get("CAPILLARY_APP_PLATFORM") or app_platform(manifest)[0]
    if chosen not in ("mobile", "web"):
        raise UsageError("CAPILLARY_APP_PLATFORM must be mobile or web")
    return chosen


def prepare(method: str, manifest: dict, rules: Any, environ: Mapping[str, str]) -> tuple[Target, dict]:
    """The Target to verify, or UsageError naming every missing variable and every unusable URL."""
    if method not in FLOWS:
        raise UsageError(f"{method} has no flow authadvisor can run: Capillary publishes no endpoints for it "
                         "(see `authadvisor snippets` for its setup checklist)")
    from ..snippets.context import brand_default

    env = {name: environ.get(name, "") for name, _ in VARIABLES[method]}
    if method == "mobile_api_auth" and not env["CAPILLARY_BRAND"]:
        env["CAPILLARY_BRAND"] = brand_default(manifest) or ""
    problems = [f"{name} is not set: export {name} ({what})" for name, what in VARIABLES[method] if not env[name]]
    hosts = hosts_for(method, manifest, rules)
    urls, where = {}, {}
    for key, host in hosts.items():
        url = (environ.get(host["env"]) or host["url"] or "").rstrip("/")
        if not url:
            problems.append(f"{host['env']} is not set: no default host is known for this manifest")
            continue
        problem = url_problem(url)
        if problem:
            source = host["env"] if environ.get(host["env"]) else "the manifest's host"
            problems.append(f"{source} {problem}")
            continue
        urls[key] = url
        where[key] = f"from {host['env']}" if environ.get(host["env"]) else "the manifest's default"
    if problems:
        raise UsageError("cannot verify: " + "; ".join(problems))
    platform = platform_of(manifest, environ) if method == "mobile_api_auth" else "mobile"
    return Target(method, env, urls, where, platform), hosts


def verify(target: Target, hosts: dict, policy: Optional[Policy] = None) -> Verified:
    run = Runner(target, policy)
    try:
        FLOWS[target.method](run)
    except Failed as failed:
        run.diagnoses.append(failed.diagnosis)
    shown = {k: {**v, "url": target.urls.get(k, v["url"])} for k, v in hosts.items()}
    return Verified(target.method, shown, tuple(run.steps), tuple(run.diagnoses))
