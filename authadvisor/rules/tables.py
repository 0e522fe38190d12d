"""Rules tables and evaluation without pydantic: what the command line uses (start-up stays fast)."""

from __future__ import annotations

import os
from typing import Any, Optional, Union

from ..manifest import facts
from .engine import Rules
from .outcome import Outcome

_BUILTIN: Optional[Rules] = None


def builtin_rules() -> Rules:
    """The built-in table, compiled once per process."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = _load(None)
    return _BUILTIN


class _LazyPositions:
    """Positions of a table that came from the cache: the YAML is read again only when one is asked for
    (an error message about the table itself, `rules check`)."""

    def __init__(self, path: Union[str, os.PathLike[str], None]) -> None:
        self._path = path
        self._positions: Any = None

    def __call__(self, *args: Any) -> Any:
        if self._positions is None:
            from .load import load_table

            self._positions = load_table(self._path).positions
        return self._positions(*args)


def _load(path: Union[str, os.PathLike[str], None]) -> Rules:
    """Compile a table, from the cache when its key (the content hash) is there, else from the YAML
    (validated, then cached)."""
    from . import cache

    if path is None:
        key = cache.table_key(cache.builtin_dir(), custom=False)
    else:
        key = cache.table_key(path, custom=True) if os.path.isdir(path) else None
    hit = cache.read(key) if key else None
    if hit is not None:
        table, extends = hit
        return Rules(table, cache.origin_of(path, extends), _LazyPositions(path))
    from .load import load_table

    loaded = load_table(path)
    if key:
        cache.write(key, loaded.table, loaded.origin.endswith(cache.EXTENDS))
    return Rules(*loaded)


def load_rules(path: Union[str, os.PathLike[str], None] = None) -> Rules:
    """The compiled rules table: the built-in one when `path` is None (compiled once per process),
    else the table in directory `path`. Raises RulesError with file:line:col findings."""
    if path is None:
        return builtin_rules()
    return _load(path)


def outcome_for(data: dict, rules: Optional[Rules] = None) -> Outcome:
    """The engine's Outcome for validated manifest data (see validate.validate_manifest_data)."""
    return (rules or builtin_rules()).evaluate(facts.key_of(data))


def questionnaire(rules: Optional[Rules] = None) -> Any:
    """The Questionnaire of a rules table (the built-in one by default). RulesError when it has none."""
    from ..ask.questionnaire import Questionnaire
    from ..errors import RulesError

    table = rules or builtin_rules()
    if not table.table.questions:
        raise RulesError(f"the rules table in {table.origin} has no questions: section; copy "
                         "rules/questions.yaml from the built-in rules into it")
    return Questionnaire(table.table.questions)


def from_answers(answers: dict, rules: Optional[Rules] = None) -> tuple[dict, Outcome]:
    """(manifest dict, its Outcome) for questionnaire answers already checked by the questionnaire;
    the manifest records the recommended method as auth.method and is validated against schema v1
    (ManifestError if it is not valid)."""
    from ..manifest.safeyaml import Document
    from ..manifest.validate import validate_manifest_data

    table = rules or builtin_rules()
    asking = questionnaire(table)
    outcome = outcome_for(validate_manifest_data(Document(asking.manifest(answers), "<answers>")), table)
    manifest = asking.manifest(answers, outcome.method)
    validate_manifest_data(Document(manifest, "<answers>"))
    return manifest, outcome
