"""Per method: the sequence of requests (drawn as an inline SVG) and the "first call", from
templates/flows.yaml. Shared by the questionnaire page and the docs pages.

The SVG is built from the data alone (no library, no script): one column per actor, one arrow per step,
the headers in monospace under the label. Colours come from the page's stylesheet through classes and
`currentColor`, so it follows dark mode and prints in black. Every text is XML-escaped; the output is
deterministic (integer coordinates, data order).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape as _html_escape
from typing import Any

FILE = "flows.yaml"
_MARGIN = 24
_BOX_H = 40
_STEP = 30  #: height of a step without headers; each header line adds _LINE
_LINE = 16
_CHAR = 7.3  #: width of a character at the label sizes (generous for sans 13px and mono 12px)


@lru_cache(maxsize=1)
def flows() -> dict[str, dict[str, Any]]:
    """{method id: {title, actors, steps, first_call | none}}, checked (ValueError says what is wrong)."""
    from ..manifest.safeyaml import load_yaml
    from ..resources import templates_dir

    # libyaml through the safe loader every rules file uses (PyYAML's pure-Python one took ~25 ms here)
    data = load_yaml((templates_dir() / FILE).read_bytes(), FILE).data["flows"]
    for method, flow in data.items():
        actors = flow["actors"]
        for step in flow["steps"]:
            if step["from"] not in actors or step["to"] not in actors or step["from"] == step["to"]:
                raise ValueError(f"{FILE}: {method}: a step goes from {step['from']!r} to {step['to']!r}; "
                                 f"actors are {', '.join(actors)}")
        if ("first_call" in flow) == ("none" in flow):
            raise ValueError(f"{FILE}: {method}: give first_call or none, not both")
    return data


def first_call(method: str) -> dict[str, str]:
    """{command, expect, failure} or {none: the reason}; {} for a method without a flow."""
    flow = flows().get(method)
    if flow is None:
        return {}
    if "none" in flow:
        return {"none": " ".join(flow["none"].split())}
    return {k: flow["first_call"][k].strip() for k in ("command", "expect", "failure")}


def escape(text: str) -> str:
    """&, < and > as entities (xml.sax.saxutils.escape's work, without the ~50 ms of urllib and ssl that
    importing it costs)."""
    return _html_escape(text, quote=False)


def _width(text: str) -> int:
    return int(len(text) * _CHAR) + 1


def _text(x: int, y: int, text: str, cls: str, anchor: str = "middle") -> str:
    return (f'<text x="{x}" y="{y}" class="{cls}" text-anchor="{anchor}">{escape(text)}</text>')


def sequence_svg(method: str, ident: str) -> str:
    """The method's sequence diagram as an inline <svg> (role=img, titled), or "" without a flow.
    `ident` makes the title/desc ids unique on the page."""
    flow = flows().get(method)
    if flow is None:
        return ""
    actors = list(flow["actors"])
    col = {a: i for i, a in enumerate(actors)}
    box = max(140, max(_width(label) for label in flow["actors"].values()) + 16)
    gap = box + 20
    for step in flow["steps"]:
        span = abs(col[step["to"]] - col[step["from"]])
        longest = max(_width(t) for t in [step["label"], *step.get("headers", [])])
        gap = max(gap, (longest + 24) // span if span == 1 else (longest + 24 - box // 2) // span)
    xs = [_MARGIN + box // 2 + i * gap for i in range(len(actors))]
    width = xs[-1] + box // 2 + _MARGIN
    top = _MARGIN + _BOX_H
    heights = [_STEP + _LINE * len(s.get("headers", [])) + 12 for s in flow["steps"]]
    height = top + 18 + sum(heights) + _MARGIN
    title = f"{ident}-title"
    desc = f"{ident}-desc"
    steps_text = "; ".join(
        f"{i}. {flow['actors'][s['from']]} to {flow['actors'][s['to']]}: {s['label']}"
        + (f" ({', '.join(s['headers'])})" if s.get("headers") else "")
        for i, s in enumerate(flow["steps"], 1))
    out = [f'<svg class="sequence" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="{title} {desc}">',
           f'<title id="{title}">{escape(flow["title"])}: sequence of requests</title>',
           f'<desc id="{desc}">{escape(steps_text)}</desc>',
           '<defs><marker id="' + ident + '-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
           'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"></path>'
           '</marker></defs>']
    for a, x in zip(actors, xs):
        out.append(f'<line class="lifeline" x1="{x}" y1="{top}" x2="{x}" y2="{height - _MARGIN // 2}" '
                   'stroke="currentColor" stroke-dasharray="4 4"></line>')
        out.append(f'<rect class="actor" x="{x - box // 2}" y="{_MARGIN // 2}" width="{box}" '
                   f'height="{_BOX_H}" rx="6" fill="none" stroke="currentColor"></rect>')
        out.append(_text(x, _MARGIN // 2 + 25, flow["actors"][a], "actor-label"))
    y = top + 18
    for step, h in zip(flow["steps"], heights):
        x1, x2 = xs[col[step["from"]]], xs[col[step["to"]]]
        right = x2 > x1
        tx = x1 + 10 if right else x1 - 10
        anchor = "start" if right else "end"
        out.append(_text(tx, y + 4, step["label"], "step-label", anchor))
        for i, header in enumerate(step.get("headers", []), 1):
            out.append(_text(tx, y + 4 + i * _LINE, header, "step-header", anchor))
        ay = y + 14 + _LINE * len(step.get("headers", []))
        end = x2 - 4 if right else x2 + 4
        out.append(f'<line class="message" x1="{x1}" y1="{ay}" x2="{end}" y2="{ay}" stroke="currentColor" '
                   f'stroke-width="1.5" marker-end="url(#{ident}-arrow)"></line>')
        y += h
    out.append("</svg>")
    return "".join(out)


def _mermaid_text(text: str) -> str:
    """Text inside a Mermaid message or participant: no statement breaks, no HTML (entity codes)."""
    return (" ".join(text.split()).replace("#", "#35;").replace(";", "#59;").replace("<", "#lt;")
            .replace(">", "#gt;"))


def mermaid(method: str) -> str:
    """The method's sequence as a Mermaid `sequenceDiagram` (for Markdown: GitHub and MkDocs with
    Mermaid draw it; elsewhere it reads as a code block), or "" without a flow."""
    flow = flows().get(method)
    if flow is None:
        return ""
    lines = ["sequenceDiagram"]
    for actor, label in flow["actors"].items():
        lines.append(f"    participant {actor} as {_mermaid_text(label)}")
    order = list(flow["actors"])
    for step in flow["steps"]:
        reply = order.index(step["to"]) < order.index(step["from"])
        text = "<br/>".join(_mermaid_text(t) for t in [step["label"], *step.get("headers", [])])
        lines.append(f"    {step['from']}{'-->>' if reply else '->>'}{step['to']}: {text}")
    return "\n".join(lines)


def diagram_label(method: str) -> str:
    """The caption of a method's diagram, as text."""
    flow = flows().get(method)
    return "" if flow is None else f"{flow['title']}: who sends what, in order"


__all__ = ["diagram_label", "first_call", "flows", "mermaid", "sequence_svg"]
