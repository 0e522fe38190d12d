"""sarif: a SARIF 2.1.0 log for code scanning (GitHub, GitLab, Azure DevOps).

One run. The driver's rules are the checks: id, a PascalCase `name`, descriptions, help, `helpUri` (the
check's section of the project's README), the table's default level, and `properties.tags` (plus
`security-severity`, a CVSS-style score as a string, for security checks: GitHub rates alerts by it).
Severity overrides from the configuration are run-time overrides (`invocations[0].ruleConfigurationOverrides`);
the rules keep their defaults. One result per finding with a level, the message, a physical location
relative to the repository root (`uriBaseId: SRCROOT`, resolved by `originalUriBaseIds`; files outside it
get an absolute file: URI) and `partialFingerprints.primaryLocationLineHash` (formats/fingerprint.py).
Columns count Unicode code points, as the YAML parser does.

Streamed: `chunks()` yields the log piece by piece, compact JSON with one result per line, so a large
run never holds an indented copy in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..lint.report import LintReport
from ..render.style import Style
from . import PLAIN, compact
from .fingerprint import fingerprints
from .location import relative_path, repo_root

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
BASE = "SRCROOT"
_MARK = "\0results\0"


def artifact_uri(name: str, root: str) -> dict[str, Any]:
    """A URI relative to the repository root with its base id, or an absolute file: URI outside it."""
    rel = relative_path(name, root)
    if rel is None:
        return {"uri": Path(name).resolve().as_uri()}
    return {"uri": quote(rel, safe="/-._~"), "uriBaseId": BASE}


def rule_name(check_id: str) -> str:
    """`secret-in-manifest` -> `SecretInManifest`; a one-word id gets a suffix (`schema` ->
    `SchemaViolation`): SARIF wants `name` to differ from `id`, and the multitool compares them ignoring
    case."""
    name = "".join(part[:1].upper() + part[1:] for part in check_id.split("-"))
    return name + "Violation" if name.lower() == check_id.lower() else name


def _rule(check: Any) -> dict[str, Any]:
    from ..version import check_doc_url

    docs = check_doc_url(check.id) if check.id in _builtin_ids() else check.help_uri
    more = f"\n\nReference: {check.help_uri}" if check.help_uri != docs else ""
    properties: dict[str, Any] = {"tags": list(check.tags)}
    if check.security_severity is not None:
        properties["security-severity"] = f"{check.security_severity:.1f}"
    return {
        "id": check.id,
        "name": rule_name(check.id),
        "shortDescription": {"text": check.summary},
        "fullDescription": {"text": check.rationale},
        "help": {"text": f"{check.rationale} Documentation: {docs}{more}",
                 "markdown": f"{check.rationale}\n\n[Documentation of {check.id}]({docs}){more}"},
        "helpUri": docs,
        "defaultConfiguration": {"level": LEVEL[check.default_severity]},
        "properties": properties,
    }


def _builtin_ids() -> frozenset:
    """Ids of the built-in checks: the ones the README documents (a custom check keeps its help_uri)."""
    from ..rules.tables import builtin_rules

    return frozenset(c.id for c in builtin_rules().table.checks)


def _overrides(checks: tuple, index: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for c in checks:
        if c.overridden:
            config = {"level": LEVEL[c.severity]} if c.enabled else {"enabled": False}
            out.append({"descriptor": {"id": c.id, "index": index[c.id]}, "configuration": config})
    return out


def _results(report: LintReport, root: str, index: dict[str, int]) -> Iterator[dict[str, Any]]:
    locations = [artifact_uri(f.file, root) for f in report.findings]
    prints = fingerprints(report.findings, [loc["uri"] for loc in locations])
    for f, location, (digest, occurrence) in zip(report.findings, locations, prints):
        s = f.span
        yield {
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": LEVEL.get(f.severity, "error"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": location,
                "region": {"startLine": s.line, "startColumn": s.column,
                           "endLine": max(s.end_line, s.line),
                           "endColumn": s.end_column if s.end_line > s.line else max(s.end_column, s.column)},
            }}],
            "partialFingerprints": {"primaryLocationLineHash": f"{digest}:{occurrence}"},
            **({"properties": {"rule": f.rule}} if f.rule else {}),
        }


def chunks(report: LintReport, style: Style = PLAIN) -> Iterator[str]:
    from ..version import PROJECT_URL, version

    root = report.root or repo_root()
    rules = [_rule(c) for c in report.checks]
    index = {r["id"]: i for i, r in enumerate(rules)}
    for f in report.findings:  # a finding whose check the table does not list still gets a rule
        if f.check not in index:
            index[f.check] = len(rules)
            rules.append({"id": f.check, "name": rule_name(f.check), "shortDescription": {"text": f.check}})
    changed = _overrides(report.checks, index)
    overrides = {"ruleConfigurationOverrides": changed} if changed else {}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "authadvisor", "version": version(), "semanticVersion": version(),
                                "informationUri": PROJECT_URL, "rules": rules}},
            "invocations": [{"executionSuccessful": True, **overrides}],
            "originalUriBaseIds": {BASE: {"uri": Path(root).resolve().as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": _MARK,
            "properties": {"summary": report.summary.to_dict()},
        }],
    }
    head, tail = compact(log).rsplit(json.dumps(_MARK), 1)  # nothing user-given follows
    yield head + "["
    for i, result in enumerate(_results(report, root, index)):
        yield ("\n" if i == 0 else ",\n") + compact(result)
    yield "\n]" + tail + "\n"


def render(report: LintReport, style: Style = PLAIN) -> str:
    return "".join(chunks(report, style))
