"""The effective rules table as a readable matrix (text, Markdown, JSON)."""

from __future__ import annotations

import json
from typing import Any

from ..rules import conditions as C
from ..rules.engine import Rules
from ..rules.record import thaw
from .style import Style, fill

PLAIN = Style()


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


def rules_text(rules: Rules, style: Style = PLAIN) -> str:
    """The matrix as a table when it fits the terminal (conditions filled under their column), else one
    block per rule: its id, then its scenario, method and condition, labelled (filled like prose)."""
    data = rules_data(rules)
    rows = [(r["id"], r["scenario"], r["method"], r["condition"]) for r in data["rules"]]
    head = ("RULE", "SCENARIO", "METHOD", "WHEN")
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(3)]
    width = style.table_width  # a table may use the whole terminal
    lines = [fill(f"{data['origin']}: {data['table'].get('name', '')}, hit policy "
                  f"{data['table'].get('hit_policy')}, {len(data['rules'])} rules", width, "", "  "), ""]
    lead = sum(widths) + 6  # the column WHEN starts in
    if width - lead >= 24:
        for row in [head, *rows]:
            cells = "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  "
            lines.append(fill(row[3], width, cells, " " * lead) if row[3] else cells.rstrip())
        return "\n".join(lines) + "\n"
    prose = style.line_width
    for i, (rule, scenario, method, condition) in enumerate(rows):
        lines += [""] * (i > 0) + [style(rule, "bold"), f"  scenario  {scenario}", f"  method    {method}",
                                    fill(condition, prose, "  when      ", " " * 12)]
    return "\n".join(lines) + "\n"
