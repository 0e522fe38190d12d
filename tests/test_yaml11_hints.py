"""Unquoted scalars that YAML 1.1 reads as something other than text (`name: on`, `reason: no`): lint
says what the value was read as, whether YAML 1.2 editors differ, and how to quote it; the suggested
quoting really gives the text back."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.lint import lint_text
from authadvisor.manifest.safeyaml import load_yaml
from tests.conftest import run_cli

TEMPLATE = ("authadvisor: 1\nname: {name}\nintegration:\n  caller: partner_app\n  client_type: {client_type}\n"
            "waivers:\n  - check: method-mismatch\n    reason: {reason}\n")
GOOD = {"name": "acme", "client_type": "public", "reason": "planned"}


def _messages(text: str) -> list[str]:
    return [f.format() for f in lint_text(text, "m.yaml").findings]


@pytest.mark.parametrize("field,raw,line,read_as,differs", [
    ("name", "on", 2, "the boolean true", True),
    ("reason", "no", 8, "the boolean false", True),
    ("client_type", "off", 5, "the boolean false", True),
    ("reason", "Yes", 8, "the boolean true", True),
    ("reason", "1:20", 8, "the number 80", True),
    ("reason", "2027-01-01", 8, "a date", True),
    ("reason", "true", 8, "the boolean true", False),
    ("reason", "42", 8, "the number 42", False),
])
def test_the_message_says_how_yaml_read_it_and_how_to_quote_it(field, raw, line, read_as, differs):
    text = TEMPLATE.format(**{**GOOD, field: raw})
    found = [m for m in _messages(text) if m.startswith(f"m.yaml:{line}:")]
    assert len(found) == 1, _messages(text)
    message = found[0]
    assert f"the unquoted {json.dumps(raw)} as {read_as}" in message
    assert f'quote it ({field}: "{raw}")' in message and message.endswith("[schema]")
    assert ("YAML 1.1, which authadvisor reads" in message) is differs
    assert ("YAML 1.2 editors show it as text" in message) is differs


def test_quoted_values_get_no_hint_and_the_cli_prints_it(write):
    assert not any("quote it" in m for m in _messages(TEMPLATE.format(**{**GOOD, "name": '"on"'})))
    path = write("m.yaml", TEMPLATE.format(**{**GOOD, "reason": "no"}))
    result = run_cli(["lint", str(path)])
    assert result.exit_code == 1
    assert 'takes the unquoted "no" as the boolean false' in result.stdout + result.stderr


def test_a_credential_looking_number_is_never_echoed():
    digest = "12345678901234567890123456789012"  # 32 digits: an MD5-looking value, read as an int
    messages = _messages(TEMPLATE.format(**{**GOOD, "reason": digest}))
    assert messages and not any(digest in m for m in messages)


SPECIAL = st.sampled_from(["on", "On", "ON", "off", "yes", "no", "Yes", "NO", "y", "n", "true", "False", "~",
                           "null", "0755", "0x1F", "0o17", "1:20", "1_000", ".inf", "-.5", "1e3", "1.0e3",
                           "2027-01-01", "2027-02-30", "2027-01-01 10:00:00", "=", "<<", ".nan"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["name", "reason", "client_type"]),
       st.one_of(SPECIAL, st.from_regex(r"[0-9:._+-]{1,8}", fullmatch=True),
                 st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)))
def test_every_hint_quotes_the_value_back_to_its_text(field, raw):
    text = TEMPLATE.format(**{**GOOD, field: raw})
    try:
        messages = _messages(text)
    except Exception as exc:  # lint never raises on bad input
        raise AssertionError(f"lint raised on {raw!r}: {exc!r}") from exc
    hinted = [m for m in messages if "quote it (" in m]
    for message in hinted:
        suggestion = message.rsplit("quote it (", 1)[1].rsplit(") [schema]", 1)[0]
        key, _, quoted = suggestion.partition(": ")
        assert key == field
        fixed = load_yaml(TEMPLATE.format(**{**GOOD, field: quoted}), "m.yaml").data
        value = fixed["waivers"][0]["reason"] if field == "reason" else (
            fixed["integration"][field] if field == "client_type" else fixed[field])
        assert value == raw
