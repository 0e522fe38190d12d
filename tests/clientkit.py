"""The Java, C#, PHP and Postman snippets as real programs: build each once (javac, Mono's mcs), run it
against the stand-in, and read what it said. Postman collections run with newman, which takes the
CAPILLARY_* variables as --env-var flags and exits 0 (every test passed) or 1 (something failed)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Optional

import pytest
from conftest import IN_CI, need_tool

from authadvisor import standin

CLIENTS = ("java", "csharp", "php", "postman")
METHODS = ("basic", "oauth2_client_credentials", "mobile_api_auth")
MINT = "POST /v3/oauth/token/generate"
PROGRAMS = "GET /v2/organization/programs"
MOBILE = "GET /mobile/v2/api/customer/get"
SIGN_IN = ["POST /auth/v1/token/generate", "POST /auth/v1/otp/generate", "POST /auth/v1/otp/validate"]
SAMPLE = {"basic": PROGRAMS, "oauth2_client_credentials": PROGRAMS, "mobile_api_auth": MOBILE}
SHOWN = {"basic": "GET /v2/organization/programs -> HTTP 200",
         "oauth2_client_credentials": "GET /v2/organization/programs -> HTTP 200",
         "mobile_api_auth": "GET /v2/api/customer/get -> HTTP 200"}
#: every documented form of a refused token (HTTP status, top-level code, response.status.code on HTTP 200 or
#: on an error status; 401 and 498), as for the curl, Python and JavaScript snippets
EXPIRY_FORMS = standin.EXPIRY_FORMS

#: newman exits 1 whatever went wrong; the other clients have the snippets' exit-status meanings
POSTMAN_FAILED = 1


def build(target: str, path: Path) -> list[str]:
    """The command that runs the snippet at `path`, compiled first where the language needs it."""
    if target == "java":
        classes = path.parent / "classes"
        if not classes.exists():
            compiled = subprocess.run([need_tool("javac"), "-Xlint:all", "-Werror", "-d", str(classes), str(path)],
                                      capture_output=True, text=True, timeout=300)
            assert compiled.returncode == 0, compiled.stdout + compiled.stderr
        return [need_tool("java"), "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", str(classes), "Auth"]
    if target == "csharp":
        exe = path.with_suffix(".exe")
        if not exe.exists():
            compiled = subprocess.run([need_tool("mcs"), "-warnaserror+", "-r:System.Net.Http", f"-out:{exe}",
                                       str(path)], capture_output=True, text=True, timeout=300)
            if "System.Net.Http" in compiled.stdout and "could not be found" in compiled.stdout and not IN_CI:
                pytest.skip("Mono's System.Net.Http is not installed (libmono-system-net-http4.0-cil)")
            assert compiled.returncode == 0, compiled.stdout + compiled.stderr
        return [need_tool("mono"), str(exe)]
    if target == "php":
        return [need_tool("php"), str(path)]
    if target == "postman":
        return [need_tool("newman"), "run", str(path), "--color", "off", "--disable-unicode"]
    raise ValueError(target)


def command(built: dict, tmp_path_factory, method: str, target: str) -> tuple:
    """(snippet path, command that runs it) for `method`'s `target`, rendered and built once per `built`."""
    from snippetkit import render

    if (method, target) not in built:
        snippet = render(method, [target])[target]
        path = tmp_path_factory.mktemp(f"{target}-{method}") / snippet.filename
        path.write_text(snippet.content, encoding="utf-8")
        built[(method, target)] = (path, build(target, path))
    return built[(method, target)]


def run_client(command: list[str], target: str, env: dict, cwd: Path, input: Optional[str] = None,
               timeout: float = 90) -> subprocess.CompletedProcess:
    """Run a built client with `env` (for newman: every CAPILLARY_* variable also as --env-var)."""
    if target == "postman":
        command = [*command, *[a for k, v in sorted(env.items()) if k.startswith("CAPILLARY_")
                               for a in ("--env-var", f"{k}={v}")]]
        env = {k: v for k, v in env.items() if not k.startswith("CAPILLARY_")}
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True,
                          input=input if input is not None else "", timeout=timeout)


def said(proc: subprocess.CompletedProcess) -> str:
    """Everything the client printed, with newman's boxed console lines joined back into one line each."""
    text = proc.stdout + proc.stderr
    text = re.sub(r"'?\n +\| '?|'?\n +│ '?", "", text)
    return text


def exits(proc: subprocess.CompletedProcess, target: str, code: int) -> None:
    """Assert that `proc` exited as a snippet exiting with `code` does for `target`."""
    assert proc.returncode == status(target, code), said(proc)


def status(target: str, code: int) -> int:
    """The exit status a client has for a snippet exit status `code`."""
    return code if target != "postman" or code == 0 else POSTMAN_FAILED


class Newman:
    """newman's library API in one long-lived node process (tests/newman_driver.js): a run costs a
    third of a second instead of the four the command takes to start. The command itself is tested
    too (test_snippets_clients_run.py: the newman-cli cases)."""

    def __init__(self) -> None:
        import json
        import shutil

        from conftest import ROOT

        self._json = json
        node, module = shutil.which("node"), ROOT / ".ci" / "node_modules" / "newman"
        if node is None or not module.exists():
            need_tool("newman")  # skips locally, fails in CI
        self.proc = subprocess.Popen([str(node), str(Path(__file__).with_name("newman_driver.js")), str(module)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def run(self, collection: Path, env: dict) -> subprocess.CompletedProcess:
        job = {"collection": str(collection),
               "envVar": [{"key": k, "value": v} for k, v in sorted(env.items()) if k.startswith("CAPILLARY_")]}
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(self._json.dumps(job) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the newman driver stopped"
        result = self._json.loads(line)
        return subprocess.CompletedProcess(["newman", "run", str(collection)], result["status"], result["text"], "")

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
