"""The installed version, from package metadata (one source of truth: pyproject.toml)."""

from __future__ import annotations


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version

    try:
        return _version("authadvisor")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
