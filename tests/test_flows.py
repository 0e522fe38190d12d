"""The per-method flows (templates/flows.yaml): every method has one, the SVG is well-formed and says
the same in text, the Mermaid form cannot break out of its statements, and every "first call" really
proves the credentials against the loopback stand-in for Capillary (and fails with wrong ones)."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import need_tool
from snippetkit import clean_env, good_env

from authadvisor.api import load_rules
from authadvisor.render.flows import first_call, flows, mermaid, sequence_svg
from authadvisor.standin import Config

SVG = "{http://www.w3.org/2000/svg}"


def test_every_method_has_a_flow_and_a_first_call_or_a_reason():
    methods = [m.id for m in load_rules().table.methods]
    assert sorted(flows()) == sorted(methods)
    for method in methods:
        call = first_call(method)
        assert set(call) in ({"command", "expect", "failure"}, {"none"}), method
    assert "none" in first_call("oauth2_authorization_code")  # Capillary publishes no endpoints for it


@pytest.mark.parametrize("method", sorted(flows()))
def test_the_svg_is_well_formed_titled_and_deterministic(method):
    svg = sequence_svg(method, f"t-{method}")
    assert svg == sequence_svg(method, f"t-{method}")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == f"t-{method}-title t-{method}-desc"
    desc = root.find(f"{SVG}desc").text
    labels = [t.text for t in root.iter(f"{SVG}text")]
    flow = flows()[method]
    for step in flow["steps"]:
        assert step["label"] in labels and step["label"] in desc
        for header in step.get("headers", []):
            assert header in labels
    assert set(flow["actors"].values()) <= set(labels)
    assert "style=" not in svg and "<script" not in svg  # the CSP allows no inline style attributes


@pytest.mark.parametrize("method", sorted(flows()))
def test_mermaid_messages_stay_inside_their_statement(method):
    text = mermaid(method)
    lines = text.splitlines()
    assert lines[0] == "sequenceDiagram"
    for line in lines[1:]:
        message = line.split(": ", 1)[1] if "->>" in line else line.split(" as ", 1)[1]
        assert not re.search(r"[;<>]", re.sub(r"#\w+;", "", message.replace("<br/>", ""))), line


def run(command: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    need_tool("curl")
    return subprocess.run([need_tool("bash"), "-c", f"set -euo pipefail\n{command}"], env=clean_env(env, tmp_path),
                          capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("method", ["basic", "oauth2_client_credentials", "mobile_api_auth"])
def test_the_first_call_proves_the_credentials(server, tmp_path, method):
    server.reset(Config())
    cfg = server.state.config
    command = first_call(method)["command"]
    curl_args = command[command.index("curl"):]
    assert "PASSWORD" not in curl_args and "SECRET" not in curl_args  # never on curl's command line
    result = run(command + ' -w "\nHTTP %{http_code}\n"', good_env(method, cfg, server.url), tmp_path)
    assert result.returncode == 0, result.stderr
    text, status = result.stdout.rstrip("\n").rsplit("\n", 1)
    assert status == "HTTP 200", result.stdout
    body = json.loads(text)
    if method == "basic":
        assert body  # the programs, as the stand-in lists them
    elif method == "oauth2_client_credentials":
        assert body["data"]["accessToken"] and body["errors"] in (None, [])
    elif method == "mobile_api_auth":
        assert body["user"]["sessionId"]
    (seen,) = server.state.requests
    assert seen.path == {"basic": "/v2/organization/programs", "oauth2_client_credentials": "/v3/oauth/token/generate",
                         "mobile_api_auth": "/auth/v1/token/generate"}[method]
    assert cfg.till_password not in result.stdout + result.stderr
    assert cfg.client_secret not in result.stdout + result.stderr


@pytest.mark.parametrize("method, variable", [("basic", "CAPILLARY_TILL_PASSWORD"),
                                              ("oauth2_client_credentials", "CAPILLARY_CLIENT_SECRET")])
def test_the_first_call_shows_wrong_credentials(server, tmp_path, method, variable):
    server.reset(Config())
    env = {**good_env(method, server.state.config, server.url), variable: "wrong"}
    result = run(first_call(method)["command"] + ' -w "\\nHTTP %{http_code}\\n"', env, tmp_path)
    if method == "basic":
        assert result.stdout.rstrip().endswith("HTTP 401")
    else:
        assert json.loads(result.stdout.rsplit("\n", 2)[0])["errors"]
