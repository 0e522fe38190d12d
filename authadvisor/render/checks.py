"""The check registry as text (a table for people) and JSON (for tools), table order."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .style import SEVERITY_STYLE, Style

PLAIN = Style()


def check_data(check: object) -> dict:
    c = check
    return {"id": c.id, "severity": c.severity if c.enabled else "off",  # type: ignore[attr-defined]
            "default_severity": c.default_severity, "summary": c.summary,  # type: ignore[attr-defined]
            "rationale": c.rationale, "help_uri": c.help_uri,  # type: ignore[attr-defined]
            "kind": "code" if c.impl else "data", "impl": c.impl}  # type: ignore[attr-defined]


def checks_json(checks: Sequence) -> str:
    return json.dumps([check_data(c) for c in checks], indent=2, ensure_ascii=False) + "\n"


def checks_text(checks: Sequence, style: Style = PLAIN) -> str:
    width = max((len(c.id) for c in checks), default=0)
    out = []
    for c in checks:
        level = c.severity if c.enabled else "off"
        shown = style(f"{level:<7}", *SEVERITY_STYLE.get(level, ("dim",)))
        changed = style(f" (default {c.default_severity})", "dim") if c.overridden else ""
        out.append(f"{style(c.id.ljust(width), 'bold')}  {shown}  {c.summary}{changed}")
        out.append(f"{'':<{width}}           {style(c.help_uri, 'blue')}")
    return "\n".join(out) + "\n"
