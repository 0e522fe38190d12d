"""Where the built-in rules/ and templates/ live: inside the installed wheel (authadvisor/_data/), or
beside the package in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


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
