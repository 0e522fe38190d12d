"""Properties of the Python snippet's response handling (what a hostile or broken server controls):
any JSON body and any Retry-After value is classified without raising, a 401/498 code anywhere
documented is never success, and the wait is never negative. Plus parse_faults on any input."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from snippetkit import python_module, render

from authadvisor.standin import parse_faults

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                 max_size=4), max_leaves=20)
CODES = st.sampled_from(["401", "498", 401, 498])


@pytest.fixture(scope="module")
def auth(tmp_path_factory):
    code = render("oauth2_client_credentials", ["python"])["python"].content
    return python_module(code, tmp_path_factory.mktemp("module"), "generated_auth")


@settings(max_examples=300, deadline=None)
@given(status=st.integers(100, 599), payload=JSON, retry_after=st.none() | st.text(max_size=40))
@example(status=429, payload=None, retry_after="\u00b2")  # "²".isdigit() is true; float("²") raises
@example(status=429, payload=None, retry_after="\u0663")  # an Arabic-Indic digit: float() takes it, the RFC not
def test_any_response_is_classified_without_raising(auth, status, payload, retry_after):
    resp = auth.Response(status, payload, "", retry_after)
    assert auth.verdict(resp) in ("ok", "token", "rate", "retry", "forbidden", "refused", "other")
    assert isinstance(auth.describe(resp), str)
    delay = auth.retry_delay(resp, 1)
    assert delay >= 0


@settings(max_examples=200, deadline=None)
@given(status=st.sampled_from([200, 201, 401, 498, 500]), code=CODES, extra=st.dictionaries(
    st.sampled_from(["message", "success", "data"]), JSON, max_size=3), nested=st.booleans())
def test_a_token_code_in_the_body_is_never_success(auth, status, code, extra, nested):
    payload = {"response": {"status": {**extra, "code": code}}} if nested else {**extra, "code": code}
    assert auth.verdict(auth.Response(status, payload, "", None)) == "token"


@settings(max_examples=200, deadline=None)
@given(specs=st.lists(st.text(max_size=30), max_size=4))
def test_parse_faults_accepts_or_explains(specs):
    try:
        parse_faults(specs)
    except ValueError as exc:
        assert str(exc)
