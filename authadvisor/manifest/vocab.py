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
)
CONNECTORS = ("magento", "shopify", "salesforce_marketing_cloud")
CREDENTIALS = ("store_specific", "shared")
CUSTOMER_LOGINS = ("password", "otp", "till_credentials", "social")
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
    ("integration", "credentials"): ("pos_terminal", "pos_store_server"),
    ("integration", "customer_login"): ("end_customer_app",),
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
    "end_customer_app": "the brand's mobile/web app where end customers sign in",
    "partner_app": "a third-party app acting on behalf of the brand's end customers (CIAM)",
}
