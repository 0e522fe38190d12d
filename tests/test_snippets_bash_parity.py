"""The curl (bash) snippet reads a response as the Python snippet does: for any JSON body and status,
the same body codes (code / errorCode at the top level, in response.status, status and errors[0], in
that order) and the same verdict (ok, token, rate, retry, forbidden, refused, other). A status code
inside data (a store whose code is "401") is not a refused token, and a `"success": false` inside data
is not a refused call, in either. Both snippets run for real: bash on the functions the curl snippet
defines, under each awk a user may have (mawk, GNU awk, the one true awk of macOS's lineage, BusyBox's),
Python on the module the python snippet is."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import need_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from snippetkit import python_module, render

METHOD = "oauth2_client_credentials"
FUNCTIONS = ("holder_values", "unquote", "body_codes", "verdict")
#: reads "STATUS<TAB>BODY" lines; prints "VERDICT<TAB>CODES" for each (codes space-separated)
DRIVER = r"""
while IFS=$'\t' read -r status body; do
  printf '%s\t%s\n' "$(verdict "$status" "$body")" "$(body_codes "$body" | tr '\n' ' ')"
done
"""

SCALARS = (st.none() | st.booleans() | st.sampled_from([401, 498, 1529, 4000, 4001, 200, "401", "498", "4000", "false",
                                                          "true", 0, -401, 401.5])
           | st.integers(-10**6, 10**6) | st.text(st.characters(blacklist_categories=("Cs",)), max_size=8))
KEYS = st.sampled_from(["code", "errorCode", "success", "status", "response", "errors", "data", "message", "x",
                        "c\"ode", "code ", "Code"])
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
                    max_leaves=14)
#: bodies shaped like Capillary's, holders and data both carrying codes
SHAPED = st.fixed_dictionaries({}, optional={
    "code": SCALARS, "errorCode": SCALARS, "success": SCALARS,
    "response": st.fixed_dictionaries({}, optional={"status": JSON, "customers": JSON}),
    "status": JSON, "errors": st.lists(JSON, max_size=2), "data": JSON})


def _functions(script: str, names: tuple) -> str:
    """The definitions of the named bash functions in a rendered script (one-liners included)."""
    defs = [re.search(rf"^{name}\(\) \{{\n.*?^\}}\n", script, re.M | re.S) or
            re.search(rf"^{name}\(\) \{{.*?\}}\n", script, re.M) for name in names]
    assert all(defs), names
    return "\n".join(d.group(0) for d in defs)


def _load(method: str, names: tuple, driver: str, folder) -> tuple:
    """(a bash program: the curl snippet's functions `names` then `driver`, the python snippet's module)."""
    rendered = render(method, ["curl", "python"])
    module = python_module(rendered["python"].content, folder, f"generated_{method}_parity")
    return _functions(rendered["curl"].content, names) + driver, module


@pytest.fixture(scope="module")
def snippets(tmp_path_factory):
    return _load(METHOD, FUNCTIONS, DRIVER, tmp_path_factory.mktemp("py"))


AWKS = {"mawk": ["mawk"], "gawk": ["gawk"], "original-awk": ["original-awk"], "busybox": ["busybox", "awk"]}


@pytest.fixture(scope="module", params=sorted(AWKS))
def awk_path(request, tmp_path_factory) -> str:
    """A PATH whose `awk` is the flavour asked for (the rest of PATH as it is)."""
    tool, *args = AWKS[request.param]
    real = need_tool(tool)
    folder = tmp_path_factory.mktemp(request.param)
    shim = folder / "awk"
    shim.write_text(f'#!/bin/sh\nexec {real} {" ".join(args)} "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"


def _bash(program: str, cases: list[tuple[int, str]], path: str = "") -> list[tuple[str, list[str]]]:
    stdin = "".join(f"{status}\t{body}\n" for status, body in cases)
    env = {**os.environ, "PATH": path} if path else None
    done = subprocess.run([need_tool("bash"), "-c", program], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=True, env=env)
    out = []
    for line in done.stdout.split("\n")[:-1]:
        verdict, _, codes = line.partition("\t")
        out.append((verdict, codes.split()))
    return out


def _python(module, status: int, body: str) -> tuple[str, list[str]]:
    payload = json.loads(body)
    return module.verdict(module.Response(status, payload, body, None)), module.body_codes(payload)


def _comparable(codes: list[str]) -> list[str]:
    """Codes as both can spell them: the bash snippet keeps a number's JSON text (4.01e2), Python its
    value's str() (401.0); a string's escapes are JSON's in bash. Only what the verdicts read matters."""
    return [c for c in codes if re.fullmatch(r"-?[0-9]+", c)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([200, 201, 401, 403, 429, 498, 500, 503]), SHAPED | JSON),
                min_size=1, max_size=25))
def test_bash_reads_a_response_as_python_does(snippets, awk_path, cases) -> None:
    program, module = snippets
    bodies = [(status, json.dumps(payload, ensure_ascii=False)) for status, payload in cases]
    bodies = [(s, b) for s, b in bodies if "\t" not in b and "\n" not in b]  # one case per line
    got = _bash(program, bodies, awk_path)
    assert len(got) == len(bodies)
    for (status, body), (verdict, codes) in zip(bodies, got):
        expected_verdict, expected_codes = _python(module, status, body)
        assert (verdict, _comparable(codes)) == (expected_verdict, _comparable(expected_codes)), body


def test_a_code_inside_data_is_not_a_status(snippets, awk_path) -> None:
    program, module = snippets
    cases = [(200, json.dumps({"response": {"status": {"success": True, "code": 200},
                                             "customers": [{"store": {"code": "401"}, "code": 498}]}})),
             (200, json.dumps({"data": [{"success": False, "errorCode": 4000}], "success": True})),
             (200, json.dumps({"response": {"status": {"code": 498, "message": "Token expired"}}})),
             (200, json.dumps({"errors": [{"code": 1529}, {"code": 200}]})),
             (200, json.dumps({"status": {"success": "false", "code": 200}}))]
    assert [v for v, _ in _bash(program, cases, awk_path)] == ["ok", "ok", "token", "token", "refused"]
    assert Path(awk_path.split(os.pathsep)[0], "awk").exists()
    assert [_python(module, s, b)[0] for s, b in cases] == ["ok", "ok", "token", "token", "refused"]


# -- the Auth Engine's answer (mobile_api_auth): success only when status.success is true -------------

ENGINE_DRIVER = r"""
send() { printf '%s\n%s' "$BODY" "$STATUS"; }
while IFS=$'\t' read -r STATUS BODY; do
  if out=$(auth_engine "https://auth.example/auth/v1/token/generate" '{}' 2>&1); then
    printf 'ok\t\n'
  else
    printf 'failed\t%s\n' "$(printf '%s' "$out" | sed -n 's/.*(code \([^)]*\)).*/\1/p')"
  fi
done
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    names = ("die", "status_of", "body_of", "holder_values", "unquote", "mismatch_hint", "auth_engine")
    return _load("mobile_api_auth", names, ENGINE_DRIVER, tmp_path_factory.mktemp("py"))


def _python_engine(module, status: int, body: str) -> tuple[str, str]:
    module.send = lambda *args, **kwargs: module.Response(status, json.loads(body), body, None)
    try:
        module.auth_engine("https://auth.example", "mobile", "token", {})
    except module.Stop as stop:
        found = re.search(r"\(code ([^)]*)\)", str(stop))
        return "failed", found.group(1) if found else ""
    return "ok", ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([200, 201, 400, 401, 500]), SHAPED | JSON), min_size=1, max_size=20))
def test_bash_and_python_agree_on_an_auth_engine_answer(engine, awk_path, cases) -> None:
    program, module = engine
    bodies = [(status, json.dumps(payload, ensure_ascii=False)) for status, payload in cases]
    bodies = [(s, b) for s, b in bodies if "\t" not in b and "\n" not in b and "\r" not in b]
    got = _bash(program, bodies, awk_path)
    assert len(got) == len(bodies)
    for (status, body), (outcome, code) in zip(bodies, got):
        expected, expected_code = _python_engine(module, status, body)
        assert outcome == expected, body
        if re.fullmatch(r"-?[0-9]+|unknown", expected_code):  # numbers as both spell them
            assert code == [expected_code], body


def test_success_must_be_in_status(engine, awk_path) -> None:
    """A top-level or nested "success": true is not the Auth Engine's answer; status.success is."""
    program, module = engine
    cases = [({"status": {"success": True, "code": 200}}, "ok"),
             ({"success": True, "status": {"success": False, "code": 1506}}, "failed"),
             ({"status": {"success": "true"}}, "failed"),
             ({"data": {"status": {"success": True}}}, "failed")]
    bodies = [(200, json.dumps(body)) for body, _ in cases]
    assert [outcome for outcome, _ in _bash(program, bodies, awk_path)] == [e for _, e in cases]
    assert [_python_engine(module, s, b)[0] for s, b in bodies] == [e for _, e in cases]
