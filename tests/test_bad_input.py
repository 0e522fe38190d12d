"""The bad-input list of issue #2: each gives a clear `file:line:col` error, exit 1, nothing else."""

from __future__ import annotations

import re

import pytest
from conftest import run_cli, run_process

from authadvisor import ManifestError, load_manifest
from authadvisor.manifest.rawfile import MAX_BYTES

GOOD = "authadvisor: 1\nname: ok\nintegration:\n  caller: pos_terminal\n"
GATEWAY = "authadvisor: 1\nname: x\nintegration: {caller: api_gateway}\n"
BOMB = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))

# (id, input, check, line, column, fragment of the message)
CASES = [
    ("invalid-yaml", "authadvisor: 1\nname: [unclosed\nintegration: x\n", "yaml-syntax", 3, 12, "expected ',' or ']'"),
    ("tab-indentation", "authadvisor: 1\nintegration:\n\tcaller: pos_terminal\n", "yaml-syntax", 3, 1,
     "tab characters"),
    ("duplicate-key", GOOD + "name: again\n", "yaml-syntax", 5, 1, "duplicate key 'name'"),
    ("several-documents", GOOD + "---\n" + GOOD, "yaml-syntax", 5, 1, "several YAML documents"),
    ("top-level-list", "- authadvisor: 1\n", "yaml-syntax", 1, 1, "the top level is a list"),
    ("top-level-scalar", "just text\n", "yaml-syntax", 1, 1, "the top level is a str scalar"),
    ("empty-file", "", "yaml-syntax", 1, 1, "the file is empty"),
    ("comments-only", "# nothing here\n", "yaml-syntax", 1, 1, "the file is empty"),
    ("not-utf8", b"authadvisor: 1\nname: caf\xe9\n", "yaml-syntax", 2, 10, "not valid UTF-8"),
    ("python-tag", "authadvisor: 1\nname: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
     "yaml-syntax", 2, 7, "!!python/object/apply:os.system is not allowed"),
    ("custom-tag", "authadvisor: 1\nname: !secret x\n", "yaml-syntax", 2, 7, "YAML tag !secret is not allowed"),
    ("alias-bomb", BOMB, "yaml-syntax", 1, 26, "alias bomb"),
    ("deep-nesting", "authadvisor: 1\nx: " + "[" * 200 + "]" * 200 + "\n", "yaml-syntax", 2, 68,
     "nesting deeper than 64"),
    ("very-deep-nesting", "authadvisor: 1\nx: " + "[" * 50000 + "]" * 50000 + "\n", "yaml-syntax", 2, 1003,
     "nesting deeper than 64"),
    ("oversized", "authadvisor: 1\n" + "#" * (MAX_BYTES + 10) + "\n", "yaml-syntax", 1, 1, "the limit is 1,048,576"),
    ("control-character", "authadvisor: 1\nname: a\x07b\n", "yaml-syntax", 2, 8, "control characters"),
    ("credential-key", GOOD + "password: hunter2-hunter2\n", "secret-in-manifest", 5, 1,
     'key "password" looks like a credential'),
    ("credential-key-nested", GOOD.replace("  caller", "  client_secret: s3cr3t-v@lue\n  caller"),
     "secret-in-manifest", 4, 3, 'key "client_secret" looks like a credential'),
    ("api-key", GOOD + "capillary:\n  api_key: abcdef0123456789\n", "secret-in-manifest", 6, 3,
     'key "api_key"'),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_via_cli(case, write) -> None:
    name, text, check, line, col, fragment = case
    path = write("bad.yaml", text)
    result = run_cli(["recommend", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "an error must be printed"
    first = lines[0]
    assert first.startswith(f"{path}:{line}:{col}: error: "), first
    assert first.endswith(f"[{check}]")
    assert fragment in first
    assert "Traceback" not in result.stderr
    for line_text in lines:
        assert re.match(r"^.+:\d+:\d+: error: .+ \[[a-z0-9-]+\]$", line_text), line_text


def test_secret_values_are_never_echoed(write) -> None:
    secret = "hunter2-Sup3rS3cret"
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    path = write("leak.yaml", GOOD + f"password: {secret}\ndescription: {jwt}\nowner: Basic dXNlcjpwYXNzd29yZA==\n")
    for args in (["recommend", str(path)], ["recommend", "--format", "json", str(path)], ["explain", str(path)]):
        result = run_cli(args)
        assert result.exit_code == 1
        assert secret not in result.output and jwt not in result.output
        assert "dXNlcjpwYXNzd29yZA" not in result.output
        assert "environment variables or a secret manager" in result.stderr


def test_python_tag_executes_nothing(tmp_path) -> None:
    marker = tmp_path / "pwned"
    text = f"authadvisor: 1\nname: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(ManifestError):
        load_manifest(text)
    assert not marker.exists()


def test_all_problems_are_reported_not_just_the_first() -> None:
    text = ("authadvisor: 2\nname: Not Valid\ncolour: blue\nintegration:\n  caller: pos_termnal\n"
            "  conector: shopify\nauth: {method: basik}\n")
    with pytest.raises(ManifestError) as info:
        load_manifest(text, name="m.yaml")
    got = [(f.check, f.line, f.column) for f in info.value.findings]
    assert got == [("schema", 1, 14), ("schema", 2, 7), ("schema", 3, 1), ("schema", 5, 11),
                   ("schema", 6, 3), ("schema", 7, 16)]
    text_out = "\n".join(info.value.lines())
    assert 'unknown caller "pos_termnal" (did you mean "pos_terminal"?)' in text_out
    assert 'unknown field "integration.conector" (did you mean "connector"?)' in text_out
    assert 'unknown method "basik" (did you mean "basic"?)' in text_out
    assert "unsupported manifest version 2" in text_out


@pytest.mark.parametrize("text, fragment", [
    ("authadvisor: 1\nname: x\nintegration: {caller: pos_terminal, connector: shopify}\n",
     '"integration.connector" does not apply to caller pos_terminal'),
    ("authadvisor: 1\nname: x\nintegration: {caller: prebuilt_connector}\n",
     'caller prebuilt_connector needs "integration.connector"'),
    ("authadvisor: 1\nname: x\nintegration: {caller: backend_service}\nauth: {pkce: true}\n",
     '"auth.pkce" does not apply to caller backend_service'),
    ("authadvisor: 1\nname: x\nintegration: {caller: end_customer_app, customer_login: []}\n",
     '"integration.customer_login" must not be empty'),
    ("authadvisor: 1\nname: x\nintegration: {caller: end_customer_app, customer_login: [otp, otp]}\n",
     "lists a value twice"),
    ("authadvisor: '1'\nname: x\nintegration: {caller: api_gateway}\n", '"authadvisor" must be an integer'),
    ("name: x\nintegration: {caller: api_gateway}\n", "start the file with 'authadvisor: 1'"),
    ("authadvisor: 1\nname: x\nintegration: {caller: api_gateway}\ncapillary: {base_url: 'http://eu.api.capillarytech.com'}\n",
     "uses plain http://"),
    ("authadvisor: 1\nname: x\nintegration: {caller: api_gateway}\ncapillary: {base_url: 'ftp://host'}\n",
     "must be an https:// URL"),
    ("authadvisor: 1\nname: x\nintegration: {caller: api_gateway}\nwaivers: [{check: method-mismatch}]\n",
     'missing required field "waivers[0].reason"'),
    (GATEWAY + "waivers: [{check: method-mismatch, reason: ' '}]\n",
     "a waiver needs a non-empty reason"),
    (GATEWAY + "waivers: [{check: x, reason: r, expires: 2027-02-30}]\n",
     "not a real calendar date"),
    (GATEWAY + "waivers: [{check: x, reason: r, expires: 2027-02-01T10:00:00}]\n",
     "not a date and time"),
    ("authadvisor: 1\nname: x\nintegration: {caller: api_gateway}\ndescription: \"\\e[31mred\"\n",
     ""),
])
def test_schema_messages(text: str, fragment: str) -> None:
    if not fragment:  # a valid manifest whose description holds an escape character: no error at all
        load_manifest(text)
        return
    with pytest.raises(ManifestError) as info:
        load_manifest(text)
    assert fragment in "\n".join(info.value.lines())


def test_terminal_escapes_in_bad_values_are_not_echoed_raw() -> None:
    with pytest.raises(ManifestError) as info:
        load_manifest("authadvisor: 1\nname: x\nintegration: {caller: \"\\e[2Jpos\"}\n")
    message = "\n".join(info.value.lines())
    assert "\x1b" not in message and "\\u001b" in message


def test_bad_input_as_a_real_process_has_no_traceback(write) -> None:
    path = write("bad.yaml", "authadvisor: 1\nname: !!python/name:os.system\n")
    proc = run_process(["recommend", str(path)])
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode().startswith(f"{path}:2:7: error: ")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_without_libyaml(case, monkeypatch) -> None:
    """The pure-Python loader (machines without libyaml) refuses the same inputs, never crashing."""
    import yaml

    from authadvisor.manifest import safeyaml as yamlio

    monkeypatch.setattr(yamlio, "_Loader", yaml.SafeLoader)
    name, text, check, _line, _col, fragment = case
    with pytest.raises(ManifestError) as info:
        load_manifest(text.encode() if isinstance(text, str) else text, name="bad.yaml")
    assert info.value.findings[0].check == check
    if name not in ("very-deep-nesting", "invalid-yaml"):  # the pure-Python parser words these differently
        assert fragment in info.value.findings[0].message
