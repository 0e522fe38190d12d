"""`authadvisor stand-in` as a real process: eval-able exports at once, a banner, faults, loopback
only, a clear error for a port in use, Ctrl-C exits 130 without a traceback."""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, run_cli

from authadvisor.standin import FAULTS, Config, parse_faults

EXPORTS = ("CAPILLARY_BASE_URL", "CAPILLARY_TILL_USERNAME", "CAPILLARY_TILL_PASSWORD", "CAPILLARY_CLIENT_KEY",
           "CAPILLARY_CLIENT_SECRET", "CAPILLARY_AUTH_ENGINE_URL", "CAPILLARY_MOBILE_API_URL", "CAPILLARY_BRAND",
           "CAPILLARY_DEVICE_ID", "CAPILLARY_MOBILE", "CAPILLARY_OTP")


def spawn(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "authadvisor", "stand-in", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def read_exports(proc: subprocess.Popen) -> dict:
    """The exports, read while the server runs (they are flushed at once)."""
    values = {}
    for _ in EXPORTS:
        line = proc.stdout.readline()
        [assignment] = shlex.split(line.removeprefix("export "))
        name, _, value = assignment.partition("=")
        values[name] = value
    return values


def stop(proc: subprocess.Popen) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    return proc.returncode, err


def get(url: str, headers: dict) -> tuple[int, dict]:
    req = urllib.request.Request(url, headers={"Accept": "application/json", **headers})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_exports_banner_and_ctrl_c():
    proc = spawn("--port", "0")
    try:
        values = read_exports(proc)
        assert tuple(values) == EXPORTS
        url = values["CAPILLARY_BASE_URL"]
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        banner = proc.stderr.readline()
        assert "stand-in" in banner and "NOT Capillary" in banner and url in banner
        from authadvisor.standin import basic_header

        status, body = get(url + "/v2/organization/programs", {
            "Authorization": basic_header(values["CAPILLARY_TILL_USERNAME"], values["CAPILLARY_TILL_PASSWORD"])})
        assert status == 200 and body["data"][0]["programId"] == 1
    finally:
        code, err = stop(proc)
    assert code == 130 and "Traceback" not in err


def test_the_exports_drive_a_generated_snippet(tmp_path):
    from snippetkit import clean_env, render, run_snippet

    snippet = render("oauth2_client_credentials", ["python"])["python"]
    path = tmp_path / snippet.filename
    path.write_text(snippet.content, encoding="utf-8")
    proc = spawn("--port", "0", "--fault", "expire-first", "--fault", "expiry-form=nested-498")
    try:
        values = read_exports(proc)
        ran = run_snippet(path, "python", clean_env(values, tmp_path), tmp_path)
    finally:
        stop(proc)
    assert ran.returncode == 0, ran.stderr
    assert "body code 498" in ran.stderr and "retrying once" in ran.stderr


def test_a_fault_from_the_command_line():
    proc = spawn("--port", "0", "--fault", "v2-disabled")
    try:
        values = read_exports(proc)
        from authadvisor.standin import basic_header

        status, body = get(values["CAPILLARY_BASE_URL"] + "/v2/organization/programs", {
            "Authorization": basic_header(values["CAPILLARY_TILL_USERNAME"], values["CAPILLARY_TILL_PASSWORD"])})
    finally:
        stop(proc)
    assert status == 403 and body["message"] == "V2 is not enabled for the org"


def test_a_port_in_use_is_a_clear_usage_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(["stand-in", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port 0" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com"])
def test_loopback_only_by_default(host):
    result = run_cli(["stand-in", "--host", host])
    assert result.exit_code == 2 and "loopback only" in result.stderr


@pytest.mark.parametrize("fault,words", [("nope", "unknown fault 'nope'"), ("rate-limit", "needs a value"),
                                         ("rate-limit=many", "not a valid value"),
                                         ("v2-disabled=1", "takes no value"),
                                         ("expiry-form=sometimes", "expiry_form must be one of")])
def test_bad_faults_are_usage_errors(fault, words):
    result = run_cli(["stand-in", "--fault", fault])
    assert result.exit_code == 2 and words in result.stderr


def test_list_faults_names_every_fault():
    result = run_cli(["stand-in", "--list-faults"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == sorted(FAULTS)


def test_parse_faults_maps_to_the_config():
    cfg = parse_faults(["rate-limit=5", "expire-after=2.5", "wrong-device", "retry-after=date"])
    assert (cfg.rate_limit, cfg.expire_after, cfg.mismatch, cfg.retry_after) == (5, 2.5, "device", "date")
    assert parse_faults([]) == Config()


def test_the_stand_in_imports_neither_click_nor_pydantic():
    code = ("import sys, authadvisor.standin, authadvisor.standin.run; "
            "print(sorted(m for m in ('click', 'pydantic', 'yaml', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("fault", ["rate-limit=-1", "expire-after=-2", "expire-after=nan", "unavailable=-3"])
def test_negative_or_nan_fault_values_are_refused(fault):
    result = run_cli(["stand-in", "--fault", fault])
    assert result.exit_code == 2 and "must be a number of 0 or more" in result.stderr
