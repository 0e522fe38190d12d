"""The secrets matrix (issue 11): every detected shape x every place a value can sit x every output.
Neither the value nor any 8-character piece of its secret part may appear anywhere: the five lint
formats, recommend (text, json, yaml) and explain, snippets, docs (md and html), ask --answers, and
standard error. Then inert text: manifest text never forges a line or reaches a terminal raw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.formats import FORMATS, formatter
from authadvisor.lint import lint_paths

#: shape -> (value as written, its secret part: no 8-character piece of it may be shown)
SECRETS = {
    "jwt": ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0aWxsLTA0MiJ9.c2lnbmF0dXJlUXo5", None),
    "basic-header": ("Basic QWxhZGRpbjpvcGVuc2VzYW1l", "QWxhZGRpbjpvcGVuc2VzYW1l"),
    "bearer-header": ("Bearer 8f14e45fceea167a5a36dedd4bea2543x", "8f14e45fceea167a5a36dedd4bea2543x"),
    "private-key": ("-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmU",
                    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU"),
    "url-password": ("https://:s3cretPw77@eu.api.capillarytech.com", ":s3cretPw77@"),
    "aws-access-key": ("AKIAIOSFODNN7EXAMPLE", None),
    "github-token": ("ghp_a1B2c3D4e5a1B2c3D4e5a1B2c3D4e5F6g7h8", None),
    "gitlab-token": ("glpat-Xy9_abcdefghij012345", None),
    "slack-token": ("xoxb-3928475610-2847561039281-AbCdEfGhIjKlMnOpQrStUvWx", None),  # no run like 0123456789
    "slack-webhook": ("https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/XyZxYzXyZxYzXyZxYzXyZxYz",
                      "T0ABCDEFG/B0ABCDEFG/XyZxYzXyZxYzXyZxYzXyZxYz"),
    "stripe-key": ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", None),
    "google-api-key": ("AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", None),
    "md5-digest": ("8a16a6b70505eb1f1ff7cdc0cd5559a7", None),
    "credentials-field": ("store042:Till@Pass99", None),
    "password-key": ("hunter2-Till-Secret", None),
}

HEAD = "authadvisor: 1\nname: acme-leak\n"


def _q(value: str) -> str:
    return json.dumps(value)  # JSON strings are YAML double-quoted strings


def _manifests(value: str) -> dict[str, str]:
    """place -> manifest text with `value` there (each is invalid: the secret is refused)."""
    return {
        "key": HEAD + f"integration: {{caller: pos_terminal}}\n{_q(value)}: 1\n",
        "nested-key": HEAD + f"integration:\n  caller: pos_terminal\n  {_q(value)}: x\n",
        "value": HEAD + f"description: {_q('see ' + value + ' here')}\nintegration: {{caller: pos_terminal}}\n",
        "list-item": HEAD + f"integration:\n  caller: end_customer_app\n  customer_login: [otp, {_q(value)}]\n",
        "credentials": HEAD + f"integration:\n  caller: pos_terminal\n  credentials: {_q(value)}\n",
        "password": HEAD + f"integration: {{caller: pos_terminal}}\ntill_password: {_q(value)}\n",
        "waiver-reason": HEAD + "integration: {caller: pos_terminal}\nauth: {method: oauth2_client_credentials}\n"
        f"waivers:\n  - check: method-mismatch\n    reason: {_q('accepted, ' + value)}\n",
        "duplicate-key": HEAD + f"integration: {{caller: pos_terminal}}\n{_q(value)}: 1\n{_q(value)}: 2\n",
        "ignore-id": HEAD + f"integration: {{caller: pos_terminal}}  # authadvisor: ignore[{value}] why\n",
    }


def _pieces(value: str, secret) -> set[str]:
    core = secret or value
    return {core[i:i + 8] for i in range(len(core) - 7)} | {value}


def _assert_hidden(out: str, value: str, secret, where: str) -> None:
    for piece in _pieces(value, secret):
        assert piece not in out, (where, piece, out[max(0, out.find(piece) - 200): out.find(piece) + 200])


def _cli_outputs(path: str, tmp: Path) -> dict[str, str]:
    outs = {}
    for args in (["recommend", path], ["recommend", "--format", "json", path], ["recommend", "--format", "yaml", path],
                 ["recommend", "--snippets", path], ["explain", path], ["snippets", path]):
        r = run_cli(args)
        outs[" ".join(args[:-1])] = r.stdout + r.stderr
    for fmt in ("md", "html"):
        out = tmp / f"docs-{fmt}"
        r = run_cli(["docs", path, "--format", fmt, "--out", str(out)])
        outs[f"docs {fmt}"] = r.stdout + r.stderr + "".join(p.read_text() for p in sorted(out.glob("*")))
    return outs


def _lint_outputs(paths: list[str]) -> dict[str, str]:
    report = lint_paths(tuple(paths))
    return {f"lint {fmt}": formatter(fmt)(report) for fmt in FORMATS}


@pytest.mark.parametrize("shape", sorted(SECRETS))
def test_a_secret_is_never_shown_wherever_it_sits(shape, tmp_path, monkeypatch):
    value, secret = SECRETS[shape]
    monkeypatch.chdir(tmp_path)
    manifests = _manifests(value)
    if shape in ("password-key", "credentials-field"):  # a plain password is a secret only where a key says so
        manifests = {k: v for k, v in manifests.items() if k in ("password", "credentials")}
    paths = []
    for place, text in manifests.items():
        Path(f"{place}.yaml").write_text(text, encoding="utf-8")
        paths.append(f"{place}.yaml")
    lint = _lint_outputs(paths)
    for where, out in lint.items():
        _assert_hidden(out, value, secret, where)
    assert lint["lint json"].count('"check": "secret-in-manifest"') + lint["lint json"].count(
        '"check": "yaml-syntax"') >= len(paths) - ("ignore-id" in manifests), lint["lint text"]
    for place in ("value", "credentials", "key"):
        if place in manifests:
            for where, out in _cli_outputs(f"{place}.yaml", tmp_path / place).items():
                _assert_hidden(out, value, secret, f"{place}: {where}")
    # the answers file: as a key and as a value
    plain = shape in ("password-key", "credentials-field")  # not recognisable as an answer
    answer_files = () if plain else (f"caller: pos_terminal\nname: acme\n{_q(value)}: 1\n",
                                     f"caller: pos_terminal\nname: acme\ndescription: {_q(value)}\n",
                                     f"caller: pos_terminal\nname: acme\nowner: {_q(value)}\n")
    for i, answers in enumerate(answer_files):
        Path(f"answers{i}.yaml").write_text(answers, encoding="utf-8")
        r = run_cli(["ask", "--answers", f"answers{i}.yaml"])
        assert r.exit_code == 1, (r.stdout, r.stderr)
        _assert_hidden(r.stdout + r.stderr, value, secret, f"ask answers{i}")


@pytest.mark.parametrize("shape", sorted(s for s, (v, _) in SECRETS.items()
                                         if "/" not in v and s not in ("credentials-field", "password-key")))
def test_a_secret_in_a_file_name_is_never_shown(shape, tmp_path, monkeypatch):
    """A valid manifest whose file name carries the secret: every output names the file, redacted."""
    value, secret = SECRETS[shape]
    monkeypatch.chdir(tmp_path)
    name = f"./{value}.yaml"  # ./ : a name starting with - is not an option
    Path(name).write_text(HEAD + "integration: {caller: pos_terminal}\nauth: {method: oauth2_client_credentials}\n",
                          encoding="utf-8")
    outputs = {**_lint_outputs([name]), **_lint_outputs(["."]), **_cli_outputs(name, tmp_path)}
    for where, out in outputs.items():
        _assert_hidden(out, value, secret, where)
    assert "(redacted)" in outputs["lint text"]


#: characters that can forge a line or drive a terminal
NASTY = st.lists(st.sampled_from(list("ab: ,=%") + ["\n", "\r", "\x1b", "\x07", "\x85", "\x9b", "\u2028",
                                                    "\u2029", "\u202e", "\u200b", "\x1b]0;t\x07", "\x1b[2K\r",
                                                    "::error file=x,line=1::", "f.yaml:1:1: error: "]),
                 min_size=1, max_size=8).map("".join)


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if not c.isprintable() and c != "\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=NASTY, value=NASTY, ignore=NASTY)
def test_manifest_text_never_forges_a_line(key, value, ignore, tmp_path_factory):
    root = tmp_path_factory.mktemp("inert")
    ignore = "".join("x" if c in "\n\r\x85\u2028\u2029]" else c for c in ignore)  # raw in a comment: one line
    text = (HEAD + f"integration:\n  caller: {_q(value)}\n{_q(key)}: 1\nwaivers:\n  - check: {_q(value)}\n"
            f"    reason: r\nauth: {{method: basic}}  # authadvisor: ignore[{ignore}] why\n")
    (root / "m.yaml").write_text(text, encoding="utf-8")
    report = lint_paths((str(root / "m.yaml"),))
    n = len(report.findings)
    assert n >= 1
    out = formatter("text")(report)
    lines = [line for line in out.split("\n") if line]
    assert not _raw_controls(out)
    assert len(lines) == n + 1 and all(line.startswith(f"{root}/m.yaml:") for line in lines[:-1]), out
    gh = formatter("github")(report)
    assert not _raw_controls(gh) and len(gh.split("\n")) == n + 1
    assert all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in gh.splitlines())


@pytest.mark.parametrize("command", [["lint"], ["recommend"], ["explain"], ["docs", "--out", "d"], ["snippets"]])
def test_terminal_escapes_never_reach_the_terminal(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "t\x1b]52;c;ZXZpbA==\x07\u202e.yaml"
    Path(name).write_text(HEAD + "integration: {caller: pos_terminal}\n" + ('"\\e[2K\\r": 1\n' if command == ["lint"]
                                                                          else ""), encoding="utf-8")
    r = run_cli(["--color", "always", *command, name])
    both = r.stdout + r.stderr + "".join(p.read_text() for p in sorted(Path("d").glob("*")))
    assert "\x07" not in both and "\u202e" not in both and "\x1b]" not in both and "\x1b[2K" not in both, both
    if command[0] in ("lint", "recommend", "explain"):  # these name the file: escaped, visibly
        assert "\\x1b" in both and "\\u202e" in both
