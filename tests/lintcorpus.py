"""A small corpus of manifests for the lint tests: clean, with findings, broken, with secrets."""

from __future__ import annotations

from pathlib import Path

#: fake credentials planted in SECRET_MANIFEST; none may ever appear in any output
SECRETS = {
    "jwt": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhY21lLXNlY3JldCJ9.c2lnbmF0dXJlLXNlY3JldA",
    "basic": "c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWY=",
    "md5": "8a16a6b70505eb1f1ff7cdc0cd5559a7",
    "pem": "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
    "password": "hunter2-Till-Secret",
    "url-password": "s3cretPw77",
    "token-key": "tok-9f8e7d6c5b4a",
    "jwt-key": "eyJraWQiOiJrMSJ9.eyJjbGllbnRfaWQiOiJ4In0.a2V5c2ln",
}

SECRET_MANIFEST = f"""authadvisor: 1
name: acme-secrets
description: "bearer {SECRETS['jwt']}"
owner: "Authorization: Basic {SECRETS['basic']}"
capillary:
  base_url: http://till01:{SECRETS['url-password']}@eu.api.capillarytech.com
integration:
  caller: pos_terminal
  credentials: store_specific
  till_password: {SECRETS['password']}
  hash: {SECRETS['md5']}
auth:
  method: basic
  token: {SECRETS['token-key']}
  {SECRETS['jwt-key']}: x
notes: |
  -----BEGIN PRIVATE KEY-----
  {SECRETS['pem']}
  -----END PRIVATE KEY-----
"""

#: a duplicate key that is itself a credential: the yaml-syntax message must not echo it
SECRET_DUPLICATE = f"""authadvisor: 1
name: acme
integration: {{caller: backend_service}}
{SECRETS['jwt']}: 1
{SECRETS['jwt']}: 2
"""

CLEAN = """# a clean manifest
authadvisor: 1
name: acme-pos-store-042
integration:
  caller: pos_terminal
  credentials: store_specific
auth:
  method: basic
"""

FINDINGS = """authadvisor: 1
name: acme-central
description: runbook at http://wiki.acme.example
integration:
  caller: pos_central_server
auth:
  method: basic
waivers:
  - check: social-login-unsupported
    reason: not an app
"""

WARNING_ONLY = """authadvisor: 1
name: travelco
integration:
  caller: partner_app
  client_type: public
auth:
  method: oauth2_authorization_code
"""

BROKEN = """authadvisor: 1
name: acme
integration:
  caller: [pos_terminal
"""


def make_corpus(root: Path, *, secrets: bool = True) -> Path:
    """root/ with: clean.yaml, findings.yaml, warning.yaml, broken.yaml, sub/secrets.yaml, a
    non-manifest YAML and a README."""
    files = {"clean.yaml": CLEAN, "findings.yaml": FINDINGS, "warning.yml": WARNING_ONLY,
             "broken.yaml": BROKEN,
             "other.yaml": "name: not a manifest\nitems: [1, 2]\n", "README.md": "# corpus\n"}
    if secrets:
        files["sub/secrets.yaml"] = SECRET_MANIFEST
        files["sub/dupe.yaml"] = SECRET_DUPLICATE
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
