"""sarif: a SARIF 2.1.0 log for code scanning (GitHub, GitLab, Azure DevOps). One run; the driver's
rules are the checks (id, shortDescription, fullDescription, help, helpUri, default level); one result
per finding with ruleId, level, message and a physical location with a region. A clean run is a valid
log with empty results. Columns count Unicode code points, as the YAML parser does."""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from ..lint.report import LintReport
from ..render.style import Style
from . import PLAIN

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(name: str) -> dict[str, Any]:
    """A relative URI (against the repository root, as code scanning expects) or a file: URI."""
    path = name.replace(os.sep, "/")
    if os.path.isabs(name):
        from pathlib import Path

        return {"uri": Path(name).as_uri()}
    return {"uri": quote(path, safe="/-._~"), "uriBaseId": "%SRCROOT%"}


def _rule(check: Any) -> dict[str, Any]:
    return {
        "id": check.id,
        "name": "".join(part.capitalize() for part in check.id.split("-")),
        "shortDescription": {"text": check.summary},
        "fullDescription": {"text": check.rationale},
        "help": {"text": f"{check.rationale} See {check.help_uri}",
                 "markdown": f"{check.rationale}\n\n[More about {check.id}]({check.help_uri})"},
        "helpUri": check.help_uri,
        "defaultConfiguration": {"level": LEVEL[check.severity] if check.enabled else "none",
                                 "enabled": check.enabled},
    }


def render(report: LintReport, style: Style = PLAIN) -> str:
    from ..version import version

    rules = [_rule(c) for c in report.checks]
    index = {r["id"]: i for i, r in enumerate(rules)}
    for f in report.findings:  # a finding whose check the table does not list still gets a rule
        if f.check not in index:
            index[f.check] = len(rules)
            rules.append({"id": f.check, "shortDescription": {"text": f.check}})
    results = []
    for f in report.findings:
        s = f.span
        results.append({
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": LEVEL.get(f.severity, "error"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact_uri(f.file),
                "region": {"startLine": s.line, "startColumn": s.column,
                           "endLine": max(s.end_line, s.line),
                           "endColumn": s.end_column if s.end_line > s.line else max(s.end_column, s.column)},
            }}],
            **({"properties": {"rule": f.rule}} if f.rule else {}),
        })
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "authadvisor", "version": version(), "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"summary": report.summary.to_dict()},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
