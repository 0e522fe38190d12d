"""Read a rules directory into a validated RuleTable, every problem at its file:line:col."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Union

from pydantic import ValidationError

from . import conditions as C
from .errors import ManifestError, RulesError
from .findings import Finding, Span
from .resources import rules_dir
from .rulesmodel import SECTIONS, RuleTable, RulesFile
from .validate import pydantic_findings
from .yamlio import Document, load_yaml, read_bytes

CHECK = "rules-schema"
_ID_SECTIONS = ("sources", "methods", "scenarios", "rules", "clusters", "questions")


def _condition_findings(doc: Document, data: Any, path: tuple = ()) -> list[Finding]:
    """Parse every `when:` in the file; a bad one becomes a finding at the exact node."""
    out: list[Finding] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "when" and value is not None:
                try:
                    C.parse(value)
                except C.ConditionError as exc:
                    out.append(doc.finding(str(exc), (*path, key, *exc.path), check=CHECK))
            else:
                out += _condition_findings(doc, value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            out += _condition_findings(doc, item, (*path, i))
    return out


def _when_paths(data: Any, path: tuple = ()) -> frozenset:
    found: set = set()
    if isinstance(data, dict):
        for key, value in data.items():
            found |= {(*path, key)} if key == "when" else _when_paths(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found |= _when_paths(item, (*path, i))
    return frozenset(found)


def rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


class _Merged:
    """Sections gathered from several files, remembering where each entry came from."""

    def __init__(self) -> None:
        self.sections: dict[str, list] = {name: [] for name in _ID_SECTIONS}
        self.where: dict[tuple[str, str], tuple[Document, tuple]] = {}
        self.table: Optional[Any] = None
        self.table_at: Optional[tuple[Document, tuple]] = None

    def span(self, section: str, entry_id: str, *field: Any) -> tuple[str, Span]:
        doc, path = self.where[(section, entry_id)]
        return doc.name, doc.span((*path, *field))


def _load_file(path: Path, merged: _Merged, problems: list[Finding]) -> None:
    name = os.fspath(path)
    try:
        doc = load_yaml(read_bytes(path, name), name)
    except ManifestError as exc:
        problems.extend(exc.findings)
        return
    bad_conditions = _condition_findings(doc, doc.data)
    problems.extend(bad_conditions)
    try:
        parsed = RulesFile.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(pydantic_findings(exc, doc, RulesFile, skip=_when_paths(doc.data)))
        return
    if bad_conditions:
        return
    if parsed.table is not None:
        if merged.table is not None:
            other = merged.table_at[0].name if merged.table_at else "another file"
            problems.append(doc.finding(f"a second 'table:' section (the first is in {other})",
                                        ("table",), check=CHECK, key=True))
        merged.table, merged.table_at = parsed.table, (doc, ("table",))
    for section in _ID_SECTIONS:
        for i, entry in enumerate(getattr(parsed, section)):
            key = (section, entry.id)
            if key in merged.where:
                first_doc, first_path = merged.where[key]
                first = first_doc.span(first_path)
                problems.append(doc.finding(
                    f"duplicate {section[:-1]} id {entry.id!r} (first defined at "
                    f"{first_doc.name}:{first.line}:{first.column})", (section, i, "id"), check=CHECK))
                continue
            merged.where[key] = (doc, (section, i))
            merged.sections[section].append(entry)


def _reference_findings(merged: _Merged) -> list[Finding]:
    out: list[Finding] = []
    known = {s: {e.id for e in merged.sections[s]} for s in _ID_SECTIONS}

    def missing(section: str, entry_id: str, field: tuple, kind: str, value: str) -> None:
        from .suggest import did_you_mean
        name, span = merged.span(section, entry_id, *field)
        target = {"scenario": "scenarios", "method": "methods", "source": "sources"}[kind]
        out.append(Finding(CHECK, "error", f"{section[:-1]} {entry_id!r} refers to unknown {kind} "
                           f"{value!r}{did_you_mean(value, known[target])}", name, span))

    def notes_sources(section: str, entry_id: str, group: str, notes: tuple) -> None:
        for j, note in enumerate(notes):
            for k, sid in enumerate(note.sources):
                if sid not in known["sources"]:
                    missing(section, entry_id, (group, j, "sources", k), "source", sid)

    for rule in merged.sections["rules"]:
        if rule.scenario not in known["scenarios"]:
            missing("rules", rule.id, ("scenario",), "scenario", rule.scenario)
        if rule.method not in known["methods"]:
            missing("rules", rule.id, ("method",), "method", rule.method)
        for k, sid in enumerate(rule.sources):
            if sid not in known["sources"]:
                missing("rules", rule.id, ("sources", k), "source", sid)
        notes_sources("rules", rule.id, "requirements", rule.requirements)
        notes_sources("rules", rule.id, "warnings", rule.warnings)
    for method in merged.sections["methods"]:
        for k, sid in enumerate(method.sources):
            if sid not in known["sources"]:
                missing("methods", method.id, ("sources", k), "source", sid)
        notes_sources("methods", method.id, "requirements", method.requirements)
        notes_sources("methods", method.id, "warnings", method.warnings)
    return out


def _question_findings(merged: _Merged) -> list[Finding]:
    from .questioncheck import check_questions

    questions = tuple(merged.sections["questions"])
    out = []
    for index, sub, message in check_questions(questions):
        doc, path = merged.where[("questions", questions[index].id)]
        at_key = len(sub) == 2 and sub[0] == "choices"
        out.append(doc.finding(message, (*path, *sub), check=CHECK, key=at_key))
    return out


def load_table(path: Union[str, os.PathLike, None] = None) -> tuple[RuleTable, str]:
    """Read and validate a rules directory (the built-in one when None): (table, origin)."""
    directory = Path(path) if path is not None else rules_dir()
    origin = "built-in rules" if path is None else os.fspath(directory)
    if not directory.is_dir():
        raise RulesError(f"rules directory not found: {origin}")
    files = rule_files(directory)
    if not files:
        raise RulesError(f"no *.yaml files in rules directory {origin}")
    merged, problems = _Merged(), []
    for file in files:
        _load_file(file, merged, problems)
    if merged.table is None and not problems:
        problems.append(Finding(CHECK, "error", "no 'table:' section (version, name, hit_policy) in any "
                                "file of the rules directory", os.fspath(files[0]), Span.at(1, 1)))
    problems += _reference_findings(merged)
    problems += _question_findings(merged)
    if problems:
        raise RulesError(f"invalid rules table in {origin}", problems)
    table = RuleTable(table=merged.table, **{s: tuple(merged.sections[s]) for s in _ID_SECTIONS})
    return table, origin


__all__ = ["SECTIONS", "load_table", "rule_files"]
