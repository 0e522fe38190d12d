"""The credential shapes (authadvisor/manifest/secretshapes.py): one test per shape, with a sample that
is found and a near miss that is not; the single pass agrees with searching shape by shape; redaction,
fingerprints, entropy and the inert text of messages."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.inert import inert, inert_lines, quoted
from authadvisor.manifest import credentials as C
from authadvisor.manifest.secretshapes import SHAPES

#: shape id -> (samples that must be found, near misses that must not): fake values in the providers'
#: documented formats (AWS's documented example key, Stripe's test-key shape, ...)
SAMPLES = {
    "jwt": (["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N"],
            ["eyJhbGciOiJIUzI1NiJ9 only one part", "xeyJhbGciOi.eyJzdWIiOi.c2ln"]),
    "basic-header": (["Authorization: Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3", "basic QWxhZGRpbjpvcGVuc2VzYW1l"],
                     ["Basic authentication is enabled", "basically fine text", "Basic auth"]),
    "bearer-header": (["Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543x", "bearer abc123def456ghi789"],
                      ["Bearer tokens_are_documented_here", "the bearer of bad news"]),
    "private-key": (["-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----",
                     "-----BEGIN PGP PRIVATE KEY BLOCK-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----",
                     "-----BEGIN PRIVATE KEY-----"],
                    ["-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----"]),
    "url-password": (["https://till01:s3cretPw77@eu.api.capillarytech.com", "https://:pw@host",
                      "ftp://a:b@c.example"],
                     ["https://eu.api.capillarytech.com/v2", "mailto:team@acme.example", "https://user@host"]),
    "aws-access-key": (["AKIAIOSFODNN7EXAMPLE", "key ASIAY34FZKBOKMUTVV7A here"],
                       ["AKIAIOSFODNN7EXAMPL", "XAKIAIOSFODNN7EXAMPLE", "akiaiosfodnn7example"]),
    "github-token": (["ghp_" + "a1B2c3D4e5" * 3 + "F6g7h8", "github_pat_" + "A1b2C3d4E5_" * 7 + "abcde"],
                     ["ghp_short", "ghx_" + "a" * 36]),
    "gitlab-token": (["glpat-" + "Xy9_abcdefghij012345", "gldt-" + "a1b2c3d4e5f6g7h8i9j0"],
                     ["glpat-short", "global-settings-and-more-words"]),
    "slack-token": (["xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxp-1234567890abc"],
                    ["xoxb-short", "xox-nothing-here"]),
    "slack-webhook": (["https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"],
                      ["https://hooks.slack.com/", "hooks.slack.com/services/T0"]),
    "stripe-key": (["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "rk_test_51H8abcdefghijklmnopqrstu"],
                   ["pk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_short"]),
    "google-api-key": (["AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"],
                       ["AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBW", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWYZ"]),
    "md5-digest": (["8a16a6b70505eb1f1ff7cdc0cd5559a7", "md5 8A16A6B70505EB1F1FF7CDC0CD5559A7."],
                   ["8a16a6b70505eb1f1ff7cdc0cd5559a", "8a16a6b70505eb1f1ff7cdc0cd5559a7f"]),
}


def test_every_shape_has_samples_and_the_table_is_well_formed():
    ids = [s.id for s in SHAPES]
    assert sorted(ids) == sorted(SAMPLES) and len(set(ids)) == len(ids)
    for shape in SHAPES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", shape.id) and shape.needles
        assert all(n == n.lower() for n in shape.needles)
        assert shape.verify in ("", *C._VERIFY)
        re.compile(shape.pattern)


@pytest.mark.parametrize("shape_id", sorted(SAMPLES))
def test_shape(shape_id):
    found, missed = SAMPLES[shape_id]
    for sample in found:
        assert C.credential_shape(sample) == (shape_id, next(s.kind for s in SHAPES if s.id == shape_id)), sample
        assert C.credential_shape(f"text before {sample} and after") is not None
        redacted = C.redact(f"x {sample} y")
        assert "(redacted)" in redacted and sample not in redacted
        assert C.scan({"description": sample})[0][2].startswith("this value looks like")
    for sample in missed:
        assert C.credential_shape(sample) is None, sample
        assert C.redact(sample) == sample


def test_a_private_key_is_redacted_up_to_its_end_line():
    block = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"
    assert C.redact(f"a {block} b") == "a (redacted) b"


def _slow_shape(text: str):
    """Shape by shape, leftmost match wins (the definition the single pass must agree with)."""
    best = None
    for shape in SHAPES:
        pattern = re.compile(shape.pattern, re.IGNORECASE if shape.ignorecase else 0)
        for m in pattern.finditer(text):
            if not shape.verify or C._VERIFY[shape.verify](m.group()):
                if best is None or m.start() < best[0]:
                    best = (m.start(), shape.id)
                break
    return best[1] if best else None


PIECES = st.sampled_from([s for found, missed in SAMPLES.values() for s in found + missed]
                         + ["basic ", "Bearer ", "eyJ", "://", "@", ":", "AKIA", "gh", "_", "-", "x", " "])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=6).map("".join))
def test_the_single_pass_agrees_with_searching_shape_by_shape(text):
    found = C.credential_shape(text)
    if len(text) < 8:
        assert found is None
    else:
        slow = _slow_shape(text)
        assert (found[0] if found else None) == slow or (found is not None and slow is not None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([s for found, _ in SAMPLES.values() for s in found] + ["plain words here"]),
                min_size=1, max_size=5))
def test_scan_finds_each_string_on_its_own_never_across_two(values):
    data = {"description": values[0], "notes": values[1:]}
    hits = {path for path, *_ in C.scan(data)}
    expected = {("description",)} if C.credential_shape(values[0]) else set()
    expected |= {("notes", i) for i, v in enumerate(values[1:]) if C.credential_shape(v)}
    assert hits == expected
    # two halves of one secret in two values are two harmless strings
    jwt = SAMPLES["jwt"][0][0]
    assert C.scan({"a": jwt[:20], "b": jwt[20:]}) == []


def test_key_named_and_entropy_findings():
    hits = C.scan({"integration": {"credentials": "store042:Till@Pass99"}, "till_password": "x" * 9,
                   "auth_key": "plain", "cert": "Zq8#kL2$mN5!pR7&"}, frozenset({"credentials", "integration"}))
    paths = {h[0]: h for h in hits}
    assert set(paths) == {("integration", "credentials"), ("till_password",), ("auth_key",), ("cert",)}
    assert "store042" not in repr(hits) and "Till@Pass99" not in repr(hits)
    assert not C.random_looking("store_specific") and not C.random_looking("oauth2_client_credentials")


def test_fingerprints_name_one_value_and_show_nothing_of_it():
    a, b = C.fingerprint("hunter2-Till-Secret"), C.fingerprint("hunter2-Till-Secret!")
    assert a != b and re.fullmatch(r"[0-9a-f]{20}", a) and a == C.fingerprint("hunter2-Till-Secret")
    assert C.credential_shape(f"fingerprint {a}") is None  # a fingerprint is never itself redacted


HOSTILE = st.text(st.sampled_from(list("ab:=\\") + ["\n", "\r", "\t", "\x1b", "\x07", "\x85", "\x9b", "\u2028",
                                                     "\u2029", "\u202e", "\u200b", "\u2066", "\ufeff", "\x00"]))


@given(HOSTILE)
def test_inert_text_is_one_visible_line(text):
    out = inert(text)
    assert out.isprintable() and inert(out) == out
    assert "\\" in out or out == text
    assert inert_lines(text).split("\n") == [inert(line) for line in text.split("\n")]
    shown = quoted(text * 50)
    assert shown.isprintable() and len(shown) <= 2 + 6 * 80


def test_inert_escapes_are_the_familiar_ones():
    assert inert("a\nb\x1b[2K\r\u202ec\u200b") == "a\\nb\\x1b[2K\\r\\u202ec\\u200b"
    styled = "\x1b[1mbold\x1b[0m \x1b]0;title\x07"
    assert inert_lines(styled, keep_style=True) == "\x1b[1mbold\x1b[0m \\x1b]0;title\\x07"


def _trie_by_every_pair(words):
    """The needle pattern as first written (each word tested against every other): the oracle."""
    words = sorted(set(words))
    tree: dict = {}
    for word in words:
        if any(word.startswith(other) for other in words if other != word):
            continue
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})

    def emit(node):
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items())]
        return "" if not alts else alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(tree)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab_.(", min_size=1, max_size=5), max_size=12))
def test_the_needle_pattern_is_the_one_every_pair_gives(words):
    pattern = C._trie(words)
    assert pattern == _trie_by_every_pair(words)
    for word in words:  # every needle is found, at its start
        assert re.match(pattern, word)


def test_the_needle_pattern_of_the_shapes():
    assert C._ANY_NEEDLE.pattern == _trie_by_every_pair(C._NEEDLES)
