"""The render context for snippets: hosts, environment variables and texts, from the manifest data
(a validated dict, or a pydantic Manifest), the engine's outcome and the rules table. Plain data only
(strings, lists, dicts), so templates see nothing else.

Hosts. The sources disagree (rules/clusters.yaml explains), so every host carries the reason it was
chosen, and each snippet says it in a comment. The CRM API host: the manifest's capillary.base_url,
else the cluster's api_host, else CAPILLARY_BASE_URL is required at run time (it always overrides).
The Auth Engine and Mobile API gateway hosts (end-customer apps) are per cluster where Capillary
documents them, else CAPILLARY_AUTH_ENGINE_URL / CAPILLARY_MOBILE_API_URL are required at run time.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from .filters import inert

#: values written literally into raw HTTP files and .env lines; anything else becomes a placeholder
_PLAIN_URL = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%!$&()*+,;=:@/-]*)?")
_PLAIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.@-]*")
_HEADER_VALUE = re.compile(r"[!-~]([ -~]*[!-~])?")

TOKEN_PATH = "/v3/oauth/token/generate"
#: one documented, read-only v2 call that needs nothing but authentication
SAMPLE = {"method": "GET", "path": "/v2/organization/programs", "title": "Get Org Loyalty Programs (v2)"}
MOBILE_SAMPLE = {"method": "GET", "path": "/v2/api/customer/get", "title": "Get customer details (Mobile API v2)"}
AUTH_ENGINE_PATHS = {
    "token": "/auth/v1/token/generate",
    "otp_generate": "/auth/v1/otp/generate",
    "otp_validate": "/auth/v1/otp/validate",
    "password_validate": "/auth/v1/password/validate",
    "token_regenerate": "/auth/v1/token/regenerate",
}
#: renew a cached OAuth token this many seconds before ttlSeconds runs out (at most half the lifetime)
RENEW_BEFORE_SECONDS = 60

_DISAGREE = ("Capillary's pages disagree on hosts (*.api.capillarytech.com on the API overview, "
             "*.intouch.capillarytech.com on others); authadvisor's rules table (rules/clusters.yaml) "
             "uses the API overview's hosts, which serve v1.1, v2 and v3 alike.")


def _host(url: Optional[str], env: str, why: list[str]) -> dict[str, Any]:
    """A host: its default URL (or None), the variable that overrides it, why it was chosen, and
    whether the URL is plain enough to write literally into a raw HTTP or .env file."""
    url = url.rstrip("/") if url else None
    return {"url": url, "env": env, "why": [inert(w) for w in why if w],
            "plain": bool(url and _PLAIN_URL.fullmatch(url))}


def _get(data: dict, *path: str) -> Any:
    """data[path[0]][path[1]]..., or None where a level is missing or null."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)  # type: ignore[assignment]
    return data


def _cluster(manifest: dict, rules: Any) -> Any:
    cluster_id = _get(manifest, "capillary", "cluster")
    return None if cluster_id is None else rules.clusters.get(cluster_id)


def base_host(manifest: dict, rules: Any) -> dict[str, Any]:
    cluster = _cluster(manifest, rules)
    if _get(manifest, "capillary", "base_url"):
        return _host(_get(manifest, "capillary", "base_url"), "CAPILLARY_BASE_URL", [
            "from the manifest's capillary.base_url, which overrides the cluster's default host."])
    if cluster is not None:
        return _host(cluster.get("api_host"), "CAPILLARY_BASE_URL", [
            f"the {cluster.get('title')} cluster's API host. {_DISAGREE}", cluster.get("note") or "",
            "If it does not answer for your org, ask your Capillary contact and set CAPILLARY_BASE_URL."])
    if _get(manifest, "capillary", "cluster") is not None:
        return _host(None, "CAPILLARY_BASE_URL", [
            f"the rules table lists no host for cluster {_get(manifest, 'capillary', 'cluster')}, so "
            "CAPILLARY_BASE_URL must be set."])
    return _host(None, "CAPILLARY_BASE_URL", [
        "the manifest names no capillary.cluster or base_url, so CAPILLARY_BASE_URL must be set "
        "(your cluster's API host, e.g. https://eu.api.capillarytech.com)."])


def auth_engine_host(manifest: dict, rules: Any) -> dict[str, Any]:
    cluster = _cluster(manifest, rules)
    if cluster is not None and cluster.get("auth_engine_host"):
        return _host(cluster.get("auth_engine_host"), "CAPILLARY_AUTH_ENGINE_URL", [
            f"the {cluster.get('title')} cluster's Auth Engine host from Capillary's consumer-auth page; the "
            "Auth Engine lives on a different host from the v1.1/v2 APIs. Newer reference pages show "
            "it under <API host>/auth/v1 instead: set CAPILLARY_AUTH_ENGINE_URL if yours does.",
            cluster.get("note") or ""])
    return _host(None, "CAPILLARY_AUTH_ENGINE_URL", [
        "Capillary documents Auth Engine hosts for the APAC, APAC2 and EU clusters only"
        + ("" if cluster is not None else " and the manifest names no cluster")
        + ", so CAPILLARY_AUTH_ENGINE_URL must be set (ask your Capillary contact)."])


def mobile_api_host(manifest: dict, rules: Any) -> dict[str, Any]:
    cluster = _cluster(manifest, rules)
    if cluster is not None and cluster.get("mobile_api_url"):
        return _host(cluster.get("mobile_api_url"), "CAPILLARY_MOBILE_API_URL", [
            f"the {cluster.get('title')} cluster's Mobile API gateway from Capillary's consumer-auth page."])
    return _host(None, "CAPILLARY_MOBILE_API_URL", [
        "Capillary documents Mobile API gateway URLs for the APAC and APAC2 clusters only"
        + ("" if cluster is not None else " and the manifest names no cluster")
        + ", so CAPILLARY_MOBILE_API_URL must be set (e.g. https://<gateway host>/mobile)."])


def _var(name: str, help: str, required: bool = True, default: Optional[str] = None) -> dict[str, Any]:
    return {"name": name, "help": help, "required": required and default is None, "default": default}


def brand_default(manifest: dict) -> Optional[str]:
    """The manifest's brand as the CAPILLARY_BRAND default, when it can be an HTTP header value
    (printable ASCII without surrounding spaces; the snippets check the same at run time)."""
    brand = _get(manifest, "capillary", "brand")
    if not isinstance(brand, str) or not _HEADER_VALUE.fullmatch(brand):
        return None
    return brand


def _plain_word(text: Optional[str]) -> Optional[str]:
    return text if text is not None and _PLAIN_WORD.fullmatch(text) and text == text.strip() else None


def env_vars(method: str, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    base = _var("CAPILLARY_BASE_URL", "the CRM API base URL (overrides the default above)",
                default=ctx["base"]["url"])
    if method == "basic":
        return [base,
                _var("CAPILLARY_TILL_USERNAME", "the store's own till (or Store Center) username"),
                _var("CAPILLARY_TILL_PASSWORD", "that till's password; hashed with MD5 at request time, "
                     "never stored")]
    if method == "oauth2_client_credentials":
        return [base,
                _var("CAPILLARY_CLIENT_KEY", "the API client's key (InTouch > Organization Settings > "
                     "Tools > Authentication > API client)"),
                _var("CAPILLARY_CLIENT_SECRET", "the API client's secret (shown once, at registration)")]
    if method == "mobile_api_auth":
        return [_var("CAPILLARY_AUTH_ENGINE_URL", "the Auth Engine base URL (overrides the default above)",
                     default=ctx["auth_engine"]["url"]),
                _var("CAPILLARY_MOBILE_API_URL", "the Mobile API gateway base URL (overrides the default "
                     "above)", default=ctx["mobile_api"]["url"]),
                _var("CAPILLARY_BRAND", "the brand configured for your org in the Auth Engine"
                     + (" (default: the manifest's capillary.brand)" if ctx["brand_default"] else ""),
                     default=ctx["brand_default"]),
                _var("CAPILLARY_DEVICE_ID", "a stable identifier of this device or app install"),
                _var("CAPILLARY_MOBILE", "the customer's mobile number (the identifier that signs in)"),
                _var("CAPILLARY_OTP", "the OTP the customer received; prompted for when unset",
                     required=False),
                _var("CAPILLARY_APP_PLATFORM", "mobile or web: which Auth Engine paths to use (web apps: "
                     f"/auth/v1/web/...; default {ctx['app_platform']})", required=False)]
    return []


def app_platform(manifest: dict) -> tuple[str, str]:
    """The Auth Engine flavour the snippets use by default (CAPILLARY_APP_PLATFORM overrides), and why."""
    platforms = _get(manifest, "integration", "app_platform") or []
    if platforms == ["web"]:
        return "web", "the manifest's integration.app_platform is [web]"
    if "web" in platforms:
        return "mobile", "the manifest lists mobile and web apps; set CAPILLARY_APP_PLATFORM=web for the web one"
    if platforms:
        return "mobile", "the manifest's integration.app_platform is [mobile]"
    return "mobile", "the manifest names no integration.app_platform"


def checklist(manifest: dict) -> list[str]:
    """The setup steps for the Authorization Code flow: Capillary publishes no endpoints for it."""
    org, brand = _get(manifest, "capillary", "org"), _get(manifest, "capillary", "brand")
    who = ", ".join(x for x in (f"org {inert(org)}" if org else "", f"brand {inert(brand)}" if brand else "") if x)
    client_type = _get(manifest, "integration", "client_type")
    pkce = _get(manifest, "auth", "pkce")
    kind = {"public": "a public client (mobile app or SPA: no client secret)",
            "confidential": "a confidential client (a server that can keep a secret)"}.get(
        client_type or "", "a confidential (server) or public (mobile app, SPA) client: say which")
    items = [
        "Raise a JIRA ticket with the Capillary Product Solutions team to configure the OAuth2 "
        f"Authorization Code flow and SSO (Ory Hydra){' for ' + who if who else ''}; there is no "
        "self-service registration.",
        f"In the ticket, register the partner app as {kind}.",
        "List the exact redirect URIs, each a full https URL (or the app's claimed https link) with no "
        "wildcards and no open redirectors; they must match character for character.",
        "Ask Capillary to confirm, in writing, everything it does not publish: the authorize and token "
        "endpoint URLs, the client id, scope names, ID-token claims and refresh-token behaviour.",
        "Use PKCE with code_challenge_method=S256 on every authorization request (never plain), plus a "
        "random state; confirm in the ticket that S256 is enforced."
        + (" The manifest says PKCE is off: turn it on." if pkce is False else ""),
        "Agree the consent screen with the brand: always shown, revocable, and asking for the least "
        "access the partner needs.",
        "Sign in through the system browser (never an embedded web view); never use the Implicit or "
        "password grants and never collect the customer's password.",
        "Validate every ID token: signature, iss, aud, exp and nonce; reject alg none (RFC 8725).",
    ]
    return [inert(i) for i in items]


def build_context(manifest: Any, rec: Any, rules: Any) -> dict[str, Any]:
    """Everything the templates may use. Manifest text stays raw here: templates escape it per syntax.

    `manifest`: validated manifest data (a dict) or a pydantic Manifest; `rec`: the engine's Outcome or
    a Recommendation; `rules`: the compiled table (for its clusters)."""
    if not isinstance(manifest, dict):
        manifest = manifest.model_dump(mode="json")
    cluster = _cluster(manifest, rules)
    ctx: dict[str, Any] = {
        "name": manifest["name"],
        "description": manifest.get("description"),
        "owner": manifest.get("owner"),
        "org": _get(manifest, "capillary", "org"),
        "brand": _get(manifest, "capillary", "brand"),
        "cluster": {"id": cluster.get("id"), "title": cluster.get("title")} if cluster is not None else None,
        "method": rec.method,
        "method_title": rec.method_title,
        "scenario_title": rec.scenario_title,
        "rule": rec.rule,
        "base": base_host(manifest, rules),
        "auth_engine": auth_engine_host(manifest, rules),
        "mobile_api": mobile_api_host(manifest, rules),
        "brand_default": brand_default(manifest),
        "brand_plain": _plain_word(brand_default(manifest)),
        "app_platform": app_platform(manifest)[0],
        "app_platform_why": app_platform(manifest)[1],
        "token_path": TOKEN_PATH,
        "sample": dict(SAMPLE),
        "mobile_sample": dict(MOBILE_SAMPLE),
        "auth_engine_paths": dict(AUTH_ENGINE_PATHS),
        "auth_engine_regenerate": AUTH_ENGINE_PATHS["token_regenerate"],
        "renew_before": RENEW_BEFORE_SECONDS,
        "client_type": _get(manifest, "integration", "client_type"),
        "checklist": checklist(manifest) if rec.method == "oauth2_authorization_code" else [],
    }
    ctx["env"] = env_vars(rec.method, ctx)
    return ctx
