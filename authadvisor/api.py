"""The library API: load_rules, load_manifest, recommend (pydantic models in, pydantic models out)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Union

from .manifest.model import Manifest
from .manifest.rawfile import read_bytes
from .manifest.safeyaml import Document, load_yaml
from .manifest.validate import check_manifest, validate_manifest_data
from .rules import tables
from .rules.engine import Rules
from .rules.result import Recommendation

ManifestSource = Union[str, bytes, "os.PathLike[str]"]


def load_rules(path: Union[str, os.PathLike[str], None] = None) -> Rules:
    """The compiled rules table: the built-in one when `path` is None (compiled once per process),
    else the table in directory `path`. Raises RulesError with file:line:col findings."""
    return tables.load_rules(path)


def table_model(rules: Optional[Rules] = None) -> Any:
    """A rules table as the pydantic RuleTable model (for introspection and JSON export)."""
    from .rules.model import RuleTable
    from .rules.record import thaw

    return RuleTable.model_validate(thaw((rules or tables.builtin_rules()).table))


def manifest_findings(doc: Document) -> tuple[Optional[Manifest], list]:
    """(Manifest or None, every finding) for a loaded document; nothing raised, nothing lost."""
    data, found = check_manifest(doc)
    return (None if data is None else Manifest.model_validate(data)), found


def validate_manifest(doc: Document) -> Manifest:
    """The pydantic Manifest for a loaded document, or ManifestError carrying every finding."""
    return Manifest.model_validate(validate_manifest_data(doc))


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
    table = rules or tables._BUILTIN or tables.builtin_rules()
    if not isinstance(manifest, Manifest):
        if not isinstance(manifest, dict):
            raise TypeError(f"recommend() takes a Manifest or a dict, not {type(manifest).__name__}")
        manifest = validate_manifest(Document(manifest, "<dict>"))
    key = manifest.fact_key
    found = table._models.get(key)
    if found is None:
        found = table._models[key] = Recommendation.from_outcome(table.evaluate(key))
    return found


def builtin_rules_dir() -> Path:
    from .resources import rules_dir

    return rules_dir()


def questionnaire(rules: Optional[Rules] = None) -> Any:
    """The Questionnaire of a rules table (the built-in one by default). RulesError when it has none."""
    return tables.questionnaire(rules)


def from_answers(answers: dict, rules: Optional[Rules] = None) -> tuple[dict, Recommendation]:
    """(manifest dict, its Recommendation) for questionnaire answers already checked by the
    questionnaire; the manifest records the recommended method as auth.method and is validated
    against schema v1 (ManifestError if it is not valid)."""
    table = rules or tables.builtin_rules()
    manifest, outcome = tables.from_answers(answers, table)
    key = Manifest.model_validate(manifest).fact_key
    found = table._models.get(key)
    if found is None:
        found = table._models[key] = Recommendation.from_outcome(outcome)
    return manifest, found
