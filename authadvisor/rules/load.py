"""Read a rules directory into a validated RuleTable, every problem at its file:line:col."""

import os
from pathlib import Path
from typing import Any, Optional, Union

from ..errors import ManifestError, RulesError
from ..findings import Finding, Span
from ..manifest.fastschema import load_schema, validate
from ..manifest.rawfile import read_bytes
from ..manifest.safeyaml import Document, load_yaml
from ..manifest.validate import schema_findings
from ..resources import rules_dir
from ..startup.namedtuples import NamedTuple
from . import conditions as C
from .cache import origin_of
from .record import Record, freeze

CHECK = "rules-schema"
RULES_SCHEMA = "rules-v1.schema.json"
_ID_SECTIONS = ("sources", "methods", "scenarios", "rules", "clusters", "questions", "checks")
_CHECKS_PACKAGE = Path(__file__).resolve().parent.parent / "checks"


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
        self.failed = False  # a file did not load: its entries are missing, so skip reference checks

    def span(self, section: str, entry_id: str, *field: Any) -> tuple[str, Span]:
        doc, path = self.where[(section, entry_id)]
        return doc.name, doc.span((*path, *field))


def _load_file(path: Path, merged: _Merged, problems: list[Finding]) -> None:
    name = os.fspath(path)
    try:
        doc = load_yaml(read_bytes(path, name), name)
    except ManifestError as exc:
        problems.extend(exc.findings)
        merged.failed = True
        return
    bad_conditions = _condition_findings(doc, doc.data)
    problems.extend(bad_conditions)
    schema = load_schema(RULES_SCHEMA)
    data, errors = validate(doc.data, schema)
    if errors:
        problems.extend(_checked(schema_findings(errors, doc, schema, skip=_when_paths(doc.data))))
        merged.failed = True
        return
    if bad_conditions:
        merged.failed = True
        return
    parsed = freeze(data)
    if parsed.table is not None:
        if merged.table is not None:
            other = merged.table_at[0].name if merged.table_at else "another file"
            problems.append(doc.finding(f"a second 'table:' section (the first is in {other})",
                                        ("table",), check=CHECK, key=True))
        merged.table, merged.table_at = parsed.table, (doc, ("table",))
    for section in _ID_SECTIONS:
        for i, entry in enumerate(parsed[section]):
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
        from ..suggest import did_you_mean
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
    from ..ask.check import check_questions

    questions = tuple(merged.sections["questions"])
    out = []
    for index, sub, message in check_questions(questions):
        doc, path = merged.where[("questions", questions[index].id)]
        at_key = len(sub) == 2 and sub[0] == "choices"
        out.append(doc.finding(message, (*path, *sub), check=CHECK, key=at_key))
    return out


#: `impl: loader` names stage 1 (read, parse, validate), which lives in authadvisor/manifest/files.py.
_LOADER_STAGE = "loader"


def check_impls() -> tuple[str, ...]:
    """What a check's `impl:` may name: the loader stage, or a module in authadvisor/checks/."""
    modules = {p.stem for p in _CHECKS_PACKAGE.glob("*.py") if not p.stem.startswith("_")}
    return tuple(sorted(modules | {_LOADER_STAGE}))


def _check_findings(merged: _Merged) -> list[Finding]:
    """What the rules schema cannot say about `checks:`: each check is either code (`impl:`, a module in
    authadvisor/checks/) or data (`triggers:`), and a trigger's `at:` names a manifest field."""
    from ..manifest.validate import MANIFEST_SCHEMA, schema_at
    from ..suggest import did_you_mean

    out: list[Finding] = []
    impls = check_impls()
    manifest = load_schema(MANIFEST_SCHEMA)
    for check in merged.sections["checks"]:
        if (check.impl is None) == (not check.triggers):
            name, span = merged.span("checks", check.id, "id")
            out.append(Finding(CHECK, "error", f"check {check.id!r} needs either 'impl:' (a module in "
                               "authadvisor/checks/) or 'triggers:' (conditions over manifest facts), "
                               "exactly one of them", name, span))
        if check.impl is not None and check.impl not in impls:
            name, span = merged.span("checks", check.id, "impl")
            message = (f"check {check.id!r}: no module {check.impl!r} in authadvisor/checks/"
                       f"{did_you_mean(check.impl, impls)}; modules: {', '.join(impls)}")
            out.append(Finding(CHECK, "error", message, name, span))
        for i, trigger in enumerate(check.triggers):
            path, item = C.parse_at(trigger.at)
            node = schema_at(manifest, path)
            problem = None
            if not node:
                problem = f"{trigger.at!r} is not a manifest field"
            elif item is not None and item not in node.get("items", {}).get("enum", ()):
                problem = f"{trigger.at!r}: [{item}] is not a value of a list field"
            if problem:
                name, span = merged.span("checks", check.id, "triggers", i, "at")
                out.append(Finding(CHECK, "error", f"check {check.id!r}: {problem}", name, span))
    return out


def _checked(findings: list[Finding]) -> list[Finding]:
    """Schema findings in a rules file are rules-schema problems, whatever the validator called them."""
    return [f.replace(check=CHECK) for f in findings]


def _read_dir(directory: Path, origin: str, problems: list[Finding]) -> _Merged:
    files = rule_files(directory)
    if not files:
        raise RulesError(f"no *.yaml files in rules directory {origin}")
    merged = _Merged()
    for file in files:
        _load_file(file, merged, problems)
    if merged.table is None and not merged.failed:
        problems.append(Finding(CHECK, "error", "no 'table:' section (version, name, hit_policy) in any "
                                "file of the rules directory", os.fspath(files[0]), Span.at(1, 1)))
    return merged


DISABLEABLE = ("rules", "checks")


def _overlay(base: _Merged, custom: _Merged, problems: list[Finding]) -> _Merged:
    """`extends: builtin`: the custom table adds entries, overrides same-id ones in place, and drops the
    ids listed in `table.disable`."""
    out = _Merged()
    out.where = dict(base.where)
    for section in _ID_SECTIONS:
        entries = list(base.sections[section])
        index = {e.id: i for i, e in enumerate(entries)}
        for entry in custom.sections[section]:
            if entry.id in index:
                entries[index[entry.id]] = entry
            else:
                entries.append(entry)
            out.where[(section, entry.id)] = custom.where[(section, entry.id)]
        out.sections[section] = entries
    assert base.table is not None and custom.table is not None  # both loaded (checked by the caller)
    meta = dict(base.table)
    meta.update({k: v for k, v in custom.table.items() if v not in (None, ())})
    out.table, out.table_at = Record(meta), custom.table_at
    doc = custom.table_at[0] if custom.table_at else None
    for i, entry_id in enumerate(custom.table.disable):
        hits = [s for s in DISABLEABLE if any(e.id == entry_id for e in out.sections[s])]
        if not hits and doc is not None:
            from ..suggest import did_you_mean

            known = [e.id for s in DISABLEABLE for e in out.sections[s]]
            problems.append(doc.finding(f"cannot disable {entry_id!r}: no rule or check has that id"
                                        f"{did_you_mean(entry_id, known)}", ("table", "disable", i), check=CHECK))
        for section in hits:
            out.sections[section] = [e for e in out.sections[section] if e.id != entry_id]
    return out


def _meta_findings(merged: _Merged) -> list[Finding]:
    """A table that does not extend another must say its name and hit policy."""
    if merged.table is None or merged.table_at is None or merged.table.extends:
        return []
    doc, path = merged.table_at
    return [doc.finding(f'missing required field "table.{field}"', path, check=CHECK, key=True)
            for field in ("name", "hit_policy") if merged.table.get(field) is None]


def load_table(path: Union[str, os.PathLike, None] = None) -> "LoadedTable":
    """Read and validate a rules directory (the built-in one when None): (table, origin, positions).
    A directory whose table says `extends: builtin` is laid over the built-in table."""
    directory = Path(path) if path is not None else rules_dir()
    origin = "built-in rules" if path is None else os.fspath(directory)
    if not directory.is_dir():
        raise RulesError(f"rules directory not found: {origin}")
    problems: list[Finding] = []
    merged = _read_dir(directory, origin, problems)
    problems += _meta_findings(merged)
    if merged.table is not None and merged.table.extends == "builtin":
        if path is None or directory.resolve() == rules_dir().resolve():
            raise RulesError("the built-in rules table cannot extend itself")
        base_problems: list[Finding] = []
        base = _read_dir(rules_dir(), "built-in rules", base_problems)
        if base_problems:
            raise RulesError("the built-in rules table is broken", base_problems)
        merged = _overlay(base, merged, problems)
        origin = origin_of(path, extends=True)
    if not merged.failed:  # references are only meaningful once every file has loaded
        problems += _reference_findings(merged)
        problems += _question_findings(merged)
        problems += _check_findings(merged)
    if problems:
        raise RulesError(f"invalid rules table in {origin}", problems)
    table = Record(table=merged.table, **{s: tuple(merged.sections[s]) for s in _ID_SECTIONS})
    return LoadedTable(table, origin, Positions(merged))


class Positions:
    """Where each entry of a loaded table was defined, resolved lazily (file, span)."""

    def __init__(self, merged: _Merged) -> None:
        self._where = merged.where
        self._table_at = merged.table_at

    def __call__(self, section: str, entry_id: Optional[str] = None, *field: Any) -> tuple[str, Span]:
        if section == "table" or (section, entry_id) not in self._where:
            if self._table_at is None:
                return "<rules>", Span.at(1, 1)
            doc, path = self._table_at
            return doc.name, doc.span((*path, *field), key=not field)
        doc, path = self._where[(section, str(entry_id))]
        return doc.name, doc.span((*path, *field))


class LoadedTable(NamedTuple):
    table: Record
    origin: str
    positions: Positions
