"""Where the built-in rules/ and templates/ live (inside the installed wheel, authadvisor/_data/, or
beside the package in a source checkout), and where the caches of derived forms live."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any, Optional


@cache
def data_dir(name: str) -> Path:
    """The built-in `rules` or `templates` directory."""
    here = Path(__file__).resolve().parent
    installed = here / "_data" / name
    if installed.is_dir():
        return installed
    checkout = here.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"authadvisor's built-in {name}/ directory is missing from {here}")


def rules_dir() -> Path:
    return data_dir("rules")


def templates_dir() -> Path:
    return data_dir("templates")


def cache_dir() -> Optional[Path]:
    """Where cached derived forms live (validated rules tables, compiled templates), or None when caching
    is off or no location is known: $AUTHADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/authadvisor, else
    ~/.cache/authadvisor (%LOCALAPPDATA%\\authadvisor on Windows); AUTHADVISOR_NO_CACHE=1 turns it off."""
    if os.environ.get("AUTHADVISOR_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("AUTHADVISOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    if base:
        return Path(base) / "authadvisor"
    try:
        return Path.home() / ".cache" / "authadvisor"
    except RuntimeError:  # no home directory
        return None


def sha256(data: bytes) -> Any:
    """hashlib.sha256 without loading OpenSSL (~4 ms of start-up): the interpreter's built-in module
    (caches key on content hashes; see rules.cache and render.templatecache)."""
    try:
        from _sha2 import sha256 as builtin  # Python >= 3.12
    except ImportError:
        try:
            from _sha256 import sha256 as builtin  # Python <= 3.11
        except ImportError:  # pragma: no cover - a build without them
            from hashlib import sha256 as builtin
    return builtin(data)
