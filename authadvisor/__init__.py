"""authadvisor: which Capillary API authentication method to use, and working config for it.

    from authadvisor import load_rules, load_manifest, recommend
    rec = recommend(load_manifest("examples/pos-terminal.yaml"))
    rec.method  # 'basic'

Imports are lazy so that `authadvisor --version` does not pay for pydantic.
"""

from __future__ import annotations

__all__ = [
    "AuthAdvisorError",
    "ManifestError",
    "RulesError",
    "Recommendation",
    "Manifest",
    "load_manifest",
    "load_rules",
    "recommend",
    "__version__",
]

_LAZY = {
    "load_manifest": "authadvisor.api",
    "load_rules": "authadvisor.api",
    "recommend": "authadvisor.api",
    "Recommendation": "authadvisor.rules.result",
    "Manifest": "authadvisor.manifest.model",
    "AuthAdvisorError": "authadvisor.errors",
    "ManifestError": "authadvisor.errors",
    "RulesError": "authadvisor.errors",
}


def __getattr__(name: str) -> object:  # no `typing` import: --version stays fast
    if name == "__version__":
        from .version import version

        return version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'authadvisor' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
