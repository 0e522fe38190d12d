"""The Postman collections run by the newman command itself, as the README shows it: --env-var for each
CAPILLARY_* variable, or the environment file with values on top. (The fault matrix runs them through
newman's library API, in test_snippets_clients_run.py.)"""

from __future__ import annotations

import subprocess

import pytest
from clientkit import METHODS, SAMPLE, SHOWN, command, run_client, said
from snippetkit import clean_env, good_env, render, secrets_of

from authadvisor.standin import Config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built() -> dict:
    return {}


@pytest.mark.parametrize("method", METHODS)
def test_newman_cli_runs_the_collection_with_env_vars(server, built, tmp_path_factory, tmp_path, method):
    """`newman run auth.postman_collection.json --env-var CAPILLARY_...=...`"""
    _, cmd = command(built, tmp_path_factory, method, "postman")
    server.reset(Config())
    proc = run_client(cmd, "postman", clean_env(good_env(method, server.state.config, server.url), tmp_path), tmp_path)
    assert proc.returncode == 0, said(proc)
    assert SHOWN[method] in said(proc) and server.paths()[-1] == SAMPLE[method]
    for secret in secrets_of(method, server.state.config):
        assert secret not in proc.stdout + proc.stderr


def test_newman_cli_with_the_environment_file(server, built, tmp_path_factory, tmp_path):
    """The environment file leaves every value empty: alone it stops at the first missing variable and
    sends nothing; with --env-var values on top it authenticates."""
    path, cmd = command(built, tmp_path_factory, "basic", "postman")
    environment = path.parent / "auth.postman_environment.json"
    environment.write_text(render("basic", ["postman-env"])["postman-env"].content, encoding="utf-8")
    server.reset(Config())
    alone = subprocess.run([*cmd, "-e", str(environment)], capture_output=True, text=True, timeout=120,
                           env=clean_env({}, tmp_path), cwd=tmp_path)
    assert alone.returncode == 1 and "CAPILLARY_TILL_USERNAME is not set" in said(alone)
    assert server.state.requests == []
    filled = run_client([*cmd, "-e", str(environment)], "postman",
                        clean_env(good_env("basic", server.state.config, server.url), tmp_path), tmp_path)
    assert filled.returncode == 0, said(filled)
    assert server.state.requests[0].headers["authorization"].startswith("Basic c3RvcmUuc2VydmVyOj")
