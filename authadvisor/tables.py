"""Rules tables and evaluation without pydantic: what the command line uses (start-up stays fast)."""

from __future__ import annotations

import os
from typing import Optional, Union

from . import facts
from .engine import Rules
from .outcome import Outcome
from .rulesload import load_table

_BUILTIN: Optional[Rules] = None


def builtin_rules() -> Rules:
    """The built-in table, compiled once per process."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = Rules(*load_table(None))
    return _BUILTIN


def load_rules(path: Union[str, os.PathLike[str], None] = None) -> Rules:
    """The compiled rules table: the built-in one when `path` is None (compiled once per process),
    else the table in directory `path`. Raises RulesError with file:line:col findings."""
    if path is None:
        return builtin_rules()
    return Rules(*load_table(path))


def outcome_for(data: dict, rules: Optional[Rules] = None) -> Outcome:
    """The engine's Outcome for validated manifest data (see validate.validate_manifest_data)."""
    return (rules or builtin_rules()).evaluate(facts.key_of(data))
