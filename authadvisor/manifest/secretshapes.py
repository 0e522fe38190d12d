"""The shapes of credential values, as data: one row per shape, compiled by `credentials` into ONE regex.

Modelled on the rule sets of gitleaks (config/gitleaks.toml) and detect-secrets (its plugins): a fixed
prefix where the provider has one (AKIA, ghp_, glpat-, xoxb-, sk_live_, AIza...), structure where it
has none (a JWT's three parts, a PEM armour line, a URL's userinfo). Fields:

- `id`: stable, kebab-case (tests name shapes by it);
- `kind`: how a message names it ("this value looks like <kind>");
- `pattern`: a Python regex that JavaScript reads the same way (the questionnaire page uses each row);
  none may match across a NUL, which joins the strings of one manifest for the single scan;
- `ignorecase`: match case-insensitively;
- `verify`: the name of a check the match must also pass (see credentials._VERIFY), or "";
- `needles`: lowercase literals, one of which every match contains (HEX32: a run of 32 hex digits).
  The scan first looks for the needles (plain substring search, C speed) and runs the regex of only
  the shapes whose needle is present: most manifests need no regex at all.

Every row has a test with a sample of its shape and a near miss (tests/test_secret_shapes.py).
"""

from ..startup.namedtuples import NamedTuple


class Shape(NamedTuple):
    id: str
    kind: str
    pattern: str
    ignorecase: bool = False
    verify: str = ""
    needles: tuple[str, ...] = ()


HEX32 = "<32 hex digits>"

SHAPES: tuple[Shape, ...] = (
    Shape("jwt", "a JSON Web Token",
          r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", needles=("eyj",)),
    Shape("basic-header", "an HTTP Basic authorization header",
          r"\bbasic[ \t]+[A-Za-z0-9+/]{8,}={0,2}", ignorecase=True, verify="basic", needles=("basic",)),
    Shape("bearer-header", "an HTTP Bearer token",
          r"\bbearer[ \t]+[A-Za-z0-9._~+/-]{16,}=*", ignorecase=True, verify="mixed", needles=("bearer",)),
    Shape("private-key", "a private key (PEM, OpenSSH or PGP armour)",
          r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----", ignorecase=True,
          needles=("private key",)),
    Shape("url-password", "a URL with a password",
          r"\b[a-z][a-z0-9+.-]*://[^/\s:@\x00]*:[^/\s@\x00]+@", ignorecase=True, needles=("@",)),
    Shape("aws-access-key", "an AWS access key id",
          r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z2-7]{16}\b",
          needles=("a3t", "akia", "asia", "abia", "acca", "agpa", "aida", "aroa", "aipa", "anpa", "anva")),
    Shape("github-token", "a GitHub token",
          r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82})\b",
          needles=("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
    Shape("gitlab-token", "a GitLab token",
          r"\bgl(?:pat|dt|rt|ptt|soat|cbt|ft|imt|oas)-[A-Za-z0-9_-]{20,}",
          needles=("glpat-", "gldt-", "glrt-", "glptt-", "glsoat-", "glcbt-", "glft-", "glimt-", "gloas-")),
    Shape("slack-token", "a Slack token",
          r"\bxox[abposre]-(?:[0-9A-Za-z]+-){0,4}[0-9A-Za-z]{10,}", needles=("xox",)),
    Shape("slack-webhook", "a Slack webhook URL",
          r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_]{20,}", needles=("hooks.slack",)),
    Shape("stripe-key", "a Stripe secret or restricted key",
          r"\b(?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{10,99}\b", needles=("k_live_", "k_test_", "k_prod_")),
    Shape("google-api-key", "a Google API key",
          r"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", needles=("aiza",)),
    Shape("md5-digest", "a 32-hex-digit MD5 digest (a hashed till password is as good as the password)",
          r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])", needles=(HEX32,)),
)

#: key names that say the value is a credential (any non-empty value under one is refused)
CREDENTIAL_KEY = (r"(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|client[_-]?secret"
                  r"|private[_-]?key|access[_-]?key|auth[_-]?key|bearer|session[_-]?id)")

#: weaker words: a value under such a key is refused when it looks random (high entropy), e.g. the
#: schema's own `credentials` field holding "store042:Till@Pass99" instead of store_specific
CREDENTIAL_ISH_KEY = r"(cred|auth|key|pin|otp|signature|salt|hash|cert)"
