"""The check registry as text (a table for people) and JSON (for tools), table order."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .style import SEVERITY_STYLE, Style, fill

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
    """One entry per check: id, severity and summary in columns, the summary filled under its column and
    the help link under it; when the columns leave under 30 for the summary, both go under the id."""
    width = max((len(c.id) for c in checks), default=0)
    room = style.line_width
    lead = width + 11 if room - (width + 11) >= 30 else 4  # the summary's column
    out = []
    for c in checks:
        level = c.severity if c.enabled else "off"
        levels = SEVERITY_STYLE.get(level, ("dim",))
        changed = f" (default {c.default_severity})" if c.overridden else ""
        text = fill(c.summary + changed, room, " " * lead, " " * lead)[lead:]
        if changed and text.endswith(changed):  # the default, dimmed (when the fill kept it on one line)
            text = text[: len(text) - len(changed)] + style(changed, "dim")
        if lead == 4:  # id and severity, then the summary under them
            out += [f"{style(c.id, 'bold')}  {style(level, *levels)}", " " * lead + text]
        else:
            out.append(f"{style(c.id.ljust(width), 'bold')}  {style(f'{level:<7}', *levels)}  {text}")
        out.append(" " * lead + style(c.help_uri, "blue"))
    return "\n".join(out) + "\n"
