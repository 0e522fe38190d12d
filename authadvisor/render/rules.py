"""The effective rules table as a readable matrix (text, Markdown, JSON)."""

from __future__ import annotations

import json
from typing import Any

from ..rules import conditions as C
from ..rules.engine import Rules
from ..rules.record import thaw


def rules_data(rules: Rules) -> dict[str, Any]:
    rows = []
    for compiled in rules.compiled:
        rule = compiled.rule
        rows.append({
            "id": rule.id,
            "scenario": rule.scenario,
            "scenario_title": rules.scenarios[rule.scenario].title,
            "method": rule.method,
            "method_title": rules.methods[rule.method].title,
            "condition": C.describe(compiled.condition),
            "when": thaw(rule.when),
        })
    meta = {k: v for k, v in thaw(rules.table.table).items() if v not in (None, [])}
    return {"table": meta, "origin": rules.origin, "rules": rows}


def rules_json(rules: Rules) -> str:
    return json.dumps(rules_data(rules), indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def rules_markdown(rules: Rules) -> str:
    data = rules_data(rules)
    out = [f"# Rules: {data['table'].get('name', '')} (hit policy: {data['table'].get('hit_policy')})", "",
           "| Scenario | Conditions | Method | Rule |", "|---|---|---|---|"]
    for row in data["rules"]:
        out.append(f"| {_cell(row['scenario_title'])} (`{row['scenario']}`) | {_cell(row['condition'])} | "
                   f"{_cell(row['method_title'])} (`{row['method']}`) | `{row['id']}` |")
    return "\n".join(out) + "\n"


def rules_text(rules: Rules) -> str:
    data = rules_data(rules)
    rows = [("RULE", "SCENARIO", "METHOD", "WHEN")]
    rows += [(r["id"], r["scenario"], r["method"], r["condition"]) for r in data["rules"]]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{data['origin']}: {data['table'].get('name', '')}, hit policy {data['table'].get('hit_policy')}, "
             f"{len(data['rules'])} rules", ""]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3] for row in rows]
    return "\n".join(lines) + "\n"
