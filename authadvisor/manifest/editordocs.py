"""What an editor shows on hover and in completion for each manifest field (`markdownDescription` in the
editor schema). Plain data: the schema's plain `description` (from the pydantic model) stays as it is,
for tools that do not read Markdown."""

from __future__ import annotations

#: (definition, field) -> Markdown; "Manifest" is the top level
FIELD_DOCS: dict[tuple[str, str], str] = {
    ("Manifest", "authadvisor"): "Manifest schema version. Always `1`: `authadvisor: 1` starts every manifest.",
    ("Manifest", "name"): (
        "The integration's name: lowercase letters, digits and hyphens, 1-63 characters, starting and "
        "ending with a letter or digit (`acme-pos-store-042`). `authadvisor docs` names its page after it, "
        "so it must be unique in a repository."),
    ("Manifest", "description"): "Free text: what the integration does. Shown in the generated guide and snippets.",
    ("Manifest", "owner"): "Free text: the team or person who owns the integration (e.g. `acme-retail-it`).",
    ("Manifest", "capillary"): (
        "Where the Capillary org lives: `cluster` sets the default API host; `base_url` overrides it."),
    ("Manifest", "integration"): (
        "Who calls Capillary (`caller`), plus the details that matter for that caller only: `connector`, "
        "`credentials`, `customer_login`, `app_platform`, `client_type` or `file_processing`."),
    ("Manifest", "auth"): "What the integration uses or plans to use. `authadvisor lint` compares `method` with "
                          "the recommendation (`method-mismatch`).",
    ("Manifest", "waivers"): (
        "Accepted lint findings for this file, each with a `reason` and preferably an `expires` date. "
        "Run `authadvisor checks` to list the check ids."),
    ("Capillary", "cluster"): "The Capillary cluster of the org; it sets the default API host in snippets and guides.",
    ("Capillary", "base_url"): (
        "The CRM API base URL, overriding the cluster's host: `https://` only, with a host name and no "
        "query (e.g. `https://eu.api.capillarytech.com`). `CAPILLARY_BASE_URL` overrides it at run time."),
    ("Capillary", "org"): "The Capillary org name or id (shown in the setup checklist).",
    ("Capillary", "brand"): "The brand configured for the org in the Auth Engine (`cap_brand`); end-customer apps.",
    ("Integration", "caller"): (
        "**The system that sends the HTTPS requests to Capillary** (it holds the credentials), not the "
        "one the data comes from. It decides the scenario and the method, and which other "
        "`integration` fields apply."),
    ("Integration", "connector"): "Which prebuilt connector. **`prebuilt_connector` only, and required there.**",
    ("Integration", "credentials"): (
        "Which till credentials the POS uses. **`pos_terminal`, `pos_store_server` and `instore_app` only.** "
        "Each store "
        "must use its own till login; `shared` is flagged as a must-fix."),
    ("Integration", "customer_login"): (
        "How end customers sign in, one or more, no repeats. **`end_customer_app` only.** The Auth Engine "
        "has no social login."),
    ("Integration", "app_platform"): (
        "Mobile app, web app, or both, no repeats. **`end_customer_app` only.** Web apps call the Auth "
        "Engine's `/auth/v1/web/...` paths and renew an expired token with `expiredToken`; mobile apps renew "
        "it with the `key` received at sign-in."),
    ("Integration", "client_type"): "Can the partner app keep a secret? **`partner_app` only.** A public client "
                                    "must use PKCE.",
    ("Integration", "file_processing"): "Who processes the files Capillary picks up. **`ftp_pipeline` only.**",
    ("Auth", "method"): "The authentication method in use or planned; lint reports `method-mismatch` when it "
                        "differs from the recommendation.",
    ("Auth", "pkce"): (
        "**`partner_app` only.** `true`: every authorization request uses PKCE with S256; `false` is "
        "flagged (`pkce-required`)."),
    ("Waiver", "check"): "The lint check to waive: one of the ids `authadvisor checks` lists.",
    ("Waiver", "reason"): "Why the finding is accepted (required, not blank), e.g. a ticket and a plan.",
    ("Waiver", "fingerprint"): (
        "**`secret-in-manifest` only, and required there.** The fingerprint the finding shows (a hash of the "
        "value, never the value): the waiver accepts that one secret only, and a new or changed secret "
        "fires again. Better: remove the secret and rotate it."),
    ("Waiver", "expires"): (
        "An ISO date (`2027-03-31`). After it the check fires again, beside a `waiver-expired` warning."),
}

#: fact (question id) -> (definition, field) it fills, for the enum meanings taken from rules/questions.yaml
FACT_FIELDS: dict[str, tuple[str, str]] = {
    "caller": ("Integration", "caller"),
    "connector": ("Integration", "connector"),
    "credentials": ("Integration", "credentials"),
    "customer_login": ("Integration", "customer_login"),
    "app_platform": ("Integration", "app_platform"),
    "client_type": ("Integration", "client_type"),
    "file_processing": ("Integration", "file_processing"),
    "cluster": ("Capillary", "cluster"),
}
