"""The manifest vocabulary: schema v1's enums and which field applies to which caller.

Plain data with no imports, so the engine, the questionnaire and the JSON Schema all read the same
values and cannot drift.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

CALLERS = (
    "pos_terminal",
    "pos_store_server",
    "pos_central_server",
    "api_gateway",
    "backend_service",
    "ftp_pipeline",
    "prebuilt_connector",
    "end_customer_app",
    "partner_app",
    "instore_app",
)
CONNECTORS = ("magento", "shopify", "salesforce_marketing_cloud")
CREDENTIALS = ("store_specific", "shared")
CUSTOMER_LOGINS = ("password", "otp", "till_credentials", "social")
APP_PLATFORMS = ("mobile", "web")
CLIENT_TYPES = ("confidential", "public")
FILE_PROCESSING = ("connect_plus", "oob")
CLUSTERS = ("india", "apac", "apac2", "eu", "us", "china")
METHODS = ("basic", "oauth2_client_credentials", "mobile_api_auth", "oauth2_authorization_code")

NAME_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"
CHECK_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FINGERPRINT_PATTERN = r"^[0-9a-f]{20}$"  #: a secret's fingerprint (manifest.credentials.fingerprint)

#: (section, field) -> the callers it applies to. Given for any other caller, it is an error.
APPLIES_TO: dict[tuple[str, str], tuple[str, ...]] = {
    ("integration", "connector"): ("prebuilt_connector",),
    ("integration", "credentials"): ("pos_terminal", "pos_store_server", "instore_app"),
    ("integration", "customer_login"): ("end_customer_app",),
    ("integration", "app_platform"): ("end_customer_app",),
    ("integration", "client_type"): ("partner_app",),
    ("integration", "file_processing"): ("ftp_pipeline",),
    ("auth", "pkce"): ("partner_app",),
}

#: (section, field) -> the callers for which it is required.
REQUIRED_FOR: dict[tuple[str, str], tuple[str, ...]] = {
    ("integration", "connector"): ("prebuilt_connector",),
}

CALLER_MEANINGS = {
    "pos_terminal": "POS front end in a store calling Capillary directly",
    "pos_store_server": "a POS server inside one store calling directly",
    "pos_central_server": "central / head-office POS server for many stores",
    "api_gateway": "the client's API gateway or middleware relaying requests",
    "backend_service": "the client's own backend or wrapper service",
    "ftp_pipeline": "files pushed to (S)FTP, processed by Capillary (Connect+ or OOB)",
    "prebuilt_connector": "Capillary's plugin for Magento, Shopify or SFMC",
    "end_customer_app": "a consumer-facing mobile/web app where end customers sign in through the Mobile APIs, "
                        "whoever builds it",
    "partner_app": "a client's client (partner) app acting for the brand's end customers with their consent (CIAM)",
    "instore_app": "Capillary's InStore application on the store's POS machines",
}


def not_applicable(section: str, field: str, caller: str) -> str:
    """The message for a field given for a caller it does not apply to (lint and the editor schema)."""
    return (f'"{section}.{field}" does not apply to caller {caller}; it is for '
            f"{', '.join(APPLIES_TO[(section, field)])} only (remove it, or check the caller)")


def required_for(section: str, field: str, caller: str) -> str:
    """The message for a field a caller needs and the manifest leaves out (lint and the editor schema)."""
    allowed = {("integration", "connector"): CONNECTORS}.get((section, field), ())
    return f'caller {caller} needs "{section}.{field}"' + (f" (one of: {', '.join(allowed)})" if allowed else "")
