"""Helpers for the snippet tests: render a method's snippets, write them, run them as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional, Union

from conftest import EXAMPLES, need_tool

from authadvisor.standin import Config

#: one example manifest per method (the golden files are rendered from these)
EXAMPLE_FOR = {
    "basic": EXAMPLES / "pos-terminal.yaml",
    "oauth2_client_credentials": EXAMPLES / "backend-service.yaml",
    "mobile_api_auth": EXAMPLES / "end-customer-app.yaml",
    "oauth2_authorization_code": EXAMPLES / "partner-app.yaml",
}
METHODS = tuple(EXAMPLE_FOR)
RUNNABLE = {"curl": ("auth.sh", "bash"), "python": ("auth.py", "python"), "javascript": ("auth.mjs", "node")}


def manifest_of(source: Union[Path, dict]) -> dict:
    """Validated manifest data, as the command line has it."""
    from authadvisor.manifest.safeyaml import Document, load_yaml
    from authadvisor.manifest.validate import validate_manifest_data

    if isinstance(source, dict):
        return validate_manifest_data(Document(source, "<test>"))
    return validate_manifest_data(load_yaml(source.read_bytes(), str(source)))


def render(source: Union[Path, dict, str], targets: Optional[list] = None) -> dict:
    """target -> Snippet for a method name (its example), a manifest path or a manifest dict."""
    from authadvisor.rules.tables import load_rules, outcome_for
    from authadvisor.snippets import render_snippets

    if isinstance(source, str):
        source = EXAMPLE_FOR[source]
    manifest = manifest_of(source)
    rules = load_rules()
    return {s.target: s for s in render_snippets(manifest, outcome_for(manifest, rules), rules, targets)}


def python_module(code: str, folder: Path, name: str) -> Any:
    """The rendered Python snippet `code`, written to `folder` and imported as the module `name` (it is
    importable by design: `TokenSource`, `call`, its response helpers)."""
    import importlib.util

    path = folder / f"{name}.py"
    path.write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # registered before it runs, as an import would
    spec.loader.exec_module(module)
    return module


def write_runnable(root: Path, methods) -> dict:
    """method -> {target -> path}: every runnable target's snippet of each method (for the bundled example
    of that method), written under root/method/."""
    out: dict = {}
    for method in methods:
        (root / method).mkdir()
        for target, snippet in render(method, list(RUNNABLE)).items():
            path = root / method / snippet.filename
            path.write_text(snippet.content, encoding="utf-8")
            out.setdefault(method, {})[target] = path
    return out


def good_env(method: str, cfg: Config, url: str) -> dict:
    """The CAPILLARY_* variables that authenticate against the stand-in for `method`."""
    if method == "basic":
        env = {"CAPILLARY_TILL_USERNAME": cfg.till_user, "CAPILLARY_TILL_PASSWORD": cfg.till_password}
    elif method == "oauth2_client_credentials":
        env = {"CAPILLARY_CLIENT_KEY": cfg.client_key, "CAPILLARY_CLIENT_SECRET": cfg.client_secret}
    elif method == "mobile_api_auth":
        env = {"CAPILLARY_BRAND": cfg.brand, "CAPILLARY_DEVICE_ID": cfg.device_id, "CAPILLARY_MOBILE": cfg.mobile,
               "CAPILLARY_OTP": cfg.otp, "CAPILLARY_AUTH_ENGINE_URL": url,
               "CAPILLARY_MOBILE_API_URL": url + "/mobile"}
    else:
        env = {}
    return {"CAPILLARY_BASE_URL": url, **env}


def secrets_of(method: str, cfg: Config) -> list[str]:
    """Values that must never appear in any output: credentials, the MD5 of the till password, the
    Basic header value, the OTP."""
    import base64
    import hashlib

    if method == "basic":
        digest = hashlib.md5(cfg.till_password.encode()).hexdigest()
        return [cfg.till_password, digest, base64.b64encode(f"{cfg.till_user}:{digest}".encode()).decode()]
    if method == "oauth2_client_credentials":
        return [cfg.client_secret, cfg.client_key]
    if method == "mobile_api_auth":
        return [cfg.otp]
    return []


def clean_env(extra: dict, home: Path) -> dict:
    """A minimal environment: PATH, a throw-away HOME, a UTF-8 locale, no proxies, plus `extra`."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(extra)
    return env


def interpreter(target: str) -> list[str]:
    if target == "curl":
        need_tool("curl")
        return [need_tool("bash")]
    if target == "javascript":
        return [need_tool("node")]
    return [sys.executable]


def run_snippet(path: Path, target: str, env: dict, cwd: Path, input: Optional[str] = None,
                timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*interpreter(target), str(path)], env=env, cwd=cwd, capture_output=True, text=True,
                          input=input if input is not None else "", timeout=timeout)
