"""Escaping, as properties: any text in any free-text manifest field stays inert in every snippet.

The hypothesis test runs the generated bash script for real, in an empty directory, against the
loopback stand-in: it must still parse (`bash -n`), still authenticate, and create no file.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess

import pytest
import yaml
from conftest import need_tool
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from snippetkit import clean_env, good_env, manifest_of, render

from authadvisor.errors import ManifestError
from authadvisor.snippets import filters
from authadvisor.snippets.context import brand_default
from authadvisor.standin import Config

TEXT = st.text(max_size=120)
NASTY = st.sampled_from([
    '$(touch x) `touch y` "; rm -rf ~ #', "line\nbreak", "cr\rreturn", "sep\u2028arator", "para\u2029graph",
    "nel\x85line", "bidi\u202eoverride", "*/ end of block", "'''", '"""', "\\", "${HOME}", "%s %n", "\x00nul",
    "{{ jinja }}", "{% raw %}", "-----", "#!", "\ufeffbom", "emoji \U0001f600",
    "ok\ntouch pwned-1", "x\r\ntouch pwned-2 #", "\n'unbalanced", "\n$(touch pwned-3)",
])
FREE_TEXT = st.one_of(NASTY, TEXT, st.lists(st.one_of(NASTY, TEXT), max_size=4).map("".join))
CALLERS = {"pos_terminal": "basic", "backend_service": "oauth2_client_credentials",
           "end_customer_app": "mobile_api_auth"}


def _manifest(caller: str, description: str, owner: str, org: str, brand: str) -> dict:
    data: dict = {"authadvisor": 1, "name": "prop-test", "description": description, "owner": owner,
                  "capillary": {"cluster": "apac2", "org": org, "brand": brand},
                  "integration": {"caller": caller}}
    if caller == "end_customer_app":
        data["integration"]["customer_login"] = ["otp"]
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(caller=st.sampled_from(sorted(CALLERS)), description=FREE_TEXT, owner=FREE_TEXT, org=FREE_TEXT,
       brand=FREE_TEXT)
def test_shell_snippet_parses_runs_and_creates_no_file(server, tmp_path_factory, caller, description, owner,
                                                        org, brand):
    bash = need_tool("bash")
    need_tool("curl")
    data = _manifest(caller, description, owner, org, brand)
    try:
        manifest_of(data)
    except ManifestError:
        assume(False)  # e.g. a text that looks like a credential: refused before any snippet exists
    snippet = render(data, ["curl"])["curl"]
    work = tmp_path_factory.mktemp("run")
    script = tmp_path_factory.mktemp("script") / "auth.sh"
    script.write_text(snippet.content, encoding="utf-8")
    parsed = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stderr

    method = CALLERS[caller]
    usable_brand = brand_default({"capillary": {"brand": brand}})
    server.reset(Config(brand=usable_brand or "acme"))
    env = good_env(method, server.state.config, server.url)
    if method == "mobile_api_auth" and usable_brand is not None:
        env.pop("CAPILLARY_BRAND")  # the manifest's brand must arrive intact through the shell quoting
    proc = subprocess.run([bash, str(script)], env=clean_env(env, work), cwd=work, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert os.listdir(work) == []


@settings(max_examples=200, deadline=None)
@given(text=FREE_TEXT)
def test_every_filter_keeps_text_inert(text):
    bash = need_tool("bash")
    # comments: one line per wrapped piece, no line terminator of any target language inside
    for prefix in ("# ", "// "):
        block = filters.comment(text, prefix, "Description: ")
        for line in block.split("\n"):
            assert line.startswith(prefix.rstrip())
        for terminator in ("\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c"):
            assert terminator not in block
    # literals round-trip exactly
    assert json.loads(filters.js(text)) == text
    assert filters.js(text).isascii()
    assert yaml.safe_load("k: " + filters.yaml_scalar(text))["k"] == text
    assert "\n" not in filters.yaml_scalar(text)
    if not filters.has_control(text):
        assert ast.literal_eval(filters.py(text)) == text
        shell = subprocess.run([bash, "-c", f"printf %s {filters.sh(text)}"], capture_output=True)
        assert shell.stdout.decode("utf-8") == text
        if text:
            assert "".join(filters.chunks(text, 10)) == text
    else:
        with pytest.raises(filters.SnippetValueError):
            filters.sh(text)
        with pytest.raises(filters.SnippetValueError):
            filters.py(text)


def test_comment_flattens_and_wraps():
    text = "first\nsecond\r\nthird\u2028fourth\u202eRTL " + "word " * 40
    block = filters.comment(text, "# ", "Description: ")
    lines = block.split("\n")
    assert lines[0].startswith("# Description: first second third fourth\\u202eRTL word")
    assert all(len(line) <= 100 for line in lines)
    assert all(line.startswith("# " + " " * 13 + "word") for line in lines[1:])


def test_dotenv_values():
    assert filters.dotenv("https://eu.api.capillarytech.com") == "https://eu.api.capillarytech.com"
    assert filters.dotenv("has space $HOME") == "'has space $HOME'"
    assert filters.dotenv("it's") is None and filters.dotenv("back\\slash") is None


def test_py_prefers_double_quotes():
    assert filters.py("plain") == '"plain"'
    assert filters.py('say "hi"') == "'say \"hi\"'"
    assert filters.py("it's") == '"it\'s"'
    assert filters.py(None) == "None" and filters.py(60) == "60"
