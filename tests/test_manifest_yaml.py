"""The questionnaire's manifest YAML: reads back exactly, whatever the text answers hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from authadvisor.ask.questionnaire import PRINTABLE
from authadvisor.manifest.safeyaml import load_yaml
from authadvisor.render.manifest import manifest_yaml, scalar

printable = st.text(alphabet=st.characters(codec="utf-8"), max_size=60).filter(
    lambda s: PRINTABLE.fullmatch(s) is not None)


@pytest.mark.parametrize("value,expected", [
    ("acme-pos", "acme-pos"),
    ("pos_terminal", "pos_terminal"),
    ("null", '"null"'), ("yes", '"yes"'), ("on", '"on"'), ("y", '"y"'), ("true", '"true"'),
    ("123", '"123"'), ("1e3", '"1e3"'), ("2024-01-01", '"2024-01-01"'), ("0x1f", '"0x1f"'),
    ("Acme", '"Acme"'), ("a b", '"a b"'), ("", '""'),
    ('say "hi" \\ now', '"say \\"hi\\" \\\\ now"'),
    ("del\x7fc1\x85ls\u2028", '"del\\u007fc1\\u0085ls\\u2028"'),
    (True, "true"), (False, "false"), (1, "1"),
])
def test_scalars(value, expected):
    assert scalar(value) == expected


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(printable, st.text(max_size=40)))
def test_any_string_reads_back_exactly(text):
    data = {"authadvisor": 1, "name": "x", "description": text, "integration": {"caller": "api_gateway"}}
    doc = load_yaml(manifest_yaml(data), "<t>")
    assert doc.data == data


def test_layout():
    data = {"authadvisor": 1, "name": "acme", "capillary": {"cluster": "eu"},
            "integration": {"caller": "end_customer_app", "customer_login": ["otp", "password"]},
            "auth": {"method": "mobile_api_auth"}}
    assert manifest_yaml(data, "mobile_api_auth", "end-customer-app").splitlines()[1:] == [
        "# Recommended method: mobile_api_auth (rule end-customer-app).",
        "# Check it with: authadvisor recommend FILE (and authadvisor lint FILE)",
        "authadvisor: 1", "name: acme", "capillary:", "  cluster: eu", "integration:",
        "  caller: end_customer_app", "  customer_login: [otp, password]", "auth:",
        "  method: mobile_api_auth",
    ]
