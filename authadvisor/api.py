"""The library API: load_rules, load_manifest, recommend."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Union

from .engine import Rules
from .manifest import Manifest
from .result import Recommendation
from .rulesload import load_table
from .validate import validate_manifest
from .yamlio import Document, load_yaml, read_bytes

ManifestSource = Union[str, bytes, "os.PathLike[str]"]


_BUILTIN: Optional[Rules] = None


def _builtin_rules() -> Rules:
    global _BUILTIN
    if _BUILTIN is None:
        table, origin = load_table(None)
        _BUILTIN = Rules(table, origin)
    return _BUILTIN


def load_rules(path: Union[str, "os.PathLike[str]", None] = None) -> Rules:
    """The compiled rules table: the built-in one when `path` is None (compiled once per process),
    else the table in directory `path`. Raises RulesError with file:line:col findings."""
    if path is None:
        return _builtin_rules()
    table, origin = load_table(path)
    return Rules(table, origin)


def read_document(source: ManifestSource, name: Optional[str] = None) -> Document:
    """Load YAML/JSON from a path (os.PathLike, or a str naming an existing file), bytes or text."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096 and os.path.isfile(source)
    ):
        path = os.fspath(source)
        return load_yaml(read_bytes(path, name or path), name or path)
    return load_yaml(source, name or "<input>")


def load_manifest(path_or_text: ManifestSource, name: Optional[str] = None) -> Manifest:
    """A validated Manifest. Raises ManifestError whose findings carry file, line and column."""
    return validate_manifest(read_document(path_or_text, name))


def recommend(manifest: Union[Manifest, dict, Any], rules: Optional[Rules] = None) -> Recommendation:
    """The frozen Recommendation for a manifest (a Manifest, or a plain dict validated first)."""
    table = rules or _BUILTIN or _builtin_rules()
    if not isinstance(manifest, Manifest):
        if not isinstance(manifest, dict):
            raise TypeError(f"recommend() takes a Manifest or a dict, not {type(manifest).__name__}")
        manifest = validate_manifest(Document(manifest, "<dict>"))
    key = manifest.fact_key
    return table._memo.get(key) or table.evaluate(key)


def builtin_rules_dir() -> Path:
    from .resources import rules_dir

    return rules_dir()


def questionnaire(rules: Optional[Rules] = None) -> Any:
    """The Questionnaire of a rules table (the built-in one by default). RulesError when it has none."""
    from .errors import RulesError
    from .questionnaire import Questionnaire

    table = rules or _builtin_rules()
    if not table.table.questions:
        raise RulesError(f"the rules table in {table.origin} has no questions: section; copy "
                         "rules/questions.yaml from the built-in rules into it")
    return Questionnaire(table.table.questions)


def from_answers(answers: dict, rules: Optional[Rules] = None) -> tuple[dict, Recommendation]:
    """(manifest dict, its Recommendation) for questionnaire answers already checked by the
    questionnaire; the manifest records the recommended method as auth.method and is validated
    against schema v1 (ManifestError if it is not valid)."""
    table = rules or _builtin_rules()
    asking = questionnaire(table)
    rec = recommend(asking.manifest(answers), table)
    manifest = asking.manifest(answers, rec.method)
    validate_manifest(Document(manifest, "<answers>"))
    return manifest, rec
