"""Recommendation and trace as text for a person in a terminal."""

from __future__ import annotations

from ..inert import inert
from ..rules.outcome import Outcome
from .style import SEVERITY_STYLE, Style, fill

PLAIN = Style()

_LEVEL_MARK = {"must": "MUST", "should": "SHOULD", "info": "NOTE"}


def _heading(style: Style, text: str) -> str:
    return style(text, "bold")


def _tag_fits(style: Style, last_line: str, tag: str) -> bool:
    """Does `  [tag]` fit after `last_line` (plain text) within the width?"""
    return len(last_line) + len(tag) + 4 <= style.line_width


def _notes(style: Style, notes: tuple) -> list[str]:
    """Each note filled to the width after its label, its `[id]` after the last line, or on a line of
    its own when it would run past the width (an id is never cut, and never pushes a line over)."""
    lines = []
    for note in notes:
        mark = _LEVEL_MARK.get(note.level, note.level.upper())
        label = style(f"{mark:<6}", *SEVERITY_STYLE.get(note.level, ()))
        body = style.wrap(note.text, indent=" " * 10, first=" " * 10)
        sep = "  " if _tag_fits(style, body.rsplit("\n", 1)[-1], note.id) else "\n" + " " * 10
        lines.append(f"  {label}  " + body[10:] + sep + style(f"[{note.id}]", "dim"))
    return lines


def _titled(style: Style, label: str, title: str, tag: str, *styles: str) -> str:
    """`  Label     title  [tag]`: the title filled to the width at column 12, the tag after it or, when
    that would run past the width, under it."""
    lines = fill(title, style.line_width, f"  {label:<8}  ", " " * 12).split("\n")
    sep = "  " if _tag_fits(style, lines[-1], tag) else "\n" + " " * 12
    return "\n".join(line[:12] + style(line[12:], *styles) for line in lines) + sep + style(f"[{tag}]", "dim")


def _header(style: Style, name: str, source: str) -> str:
    """`name  (source)`, the source under the name when both would run past the width."""
    name, source = inert(name), f"({inert(source)})"
    sep = "  " if len(name) + len(source) + 2 <= style.line_width else "\n  "
    return f"{style(name, 'bold')}{sep}{style(source, 'dim')}"


def recommendation_text(rec: Outcome, *, name: str, source: str, style: Style = PLAIN) -> str:
    out = [
        _header(style, name, source),
        "",
        _titled(style, "Method", rec.method_title, rec.method, "green", "bold"),
        _titled(style, "Scenario", rec.scenario_title, rec.scenario),
        f"  Rule      {rec.rule}",
        "",
        _heading(style, "Why"),
        style.wrap(rec.rationale),
    ]
    if rec.sources:
        out += ["", _heading(style, "Sources")]
        out += [f"{style.wrap(s.title, indent='    ', first='  - ')}\n    {style(s.url, 'blue')}"
                for s in rec.sources]
    if rec.provision:
        out += ["", _heading(style, "Provision")]
        for i, step in enumerate(rec.provision, 1):
            out.append(style.wrap(step.text, indent="      ", first=f"  {i:>2}. "))
            if step.where:
                out.append(style.wrap(step.where, indent=" " * 13, first="      where: "))
            if step.who:
                out.append(f"      who:   {step.who}")
    if rec.requirements:
        out += ["", _heading(style, "Requirements")] + _notes(style, rec.requirements)
    if rec.warnings:
        out += ["", _heading(style, "Warnings")] + _notes(style, rec.warnings)
    if rec.alternatives:
        out += ["", _heading(style, "Alternatives")]
        for alt in rec.alternatives:
            suffix = f" [{alt.method}]" if alt.method else ""
            out.append(style.wrap(alt.text + suffix, indent="    ", first="  - "))
    return "\n".join(out) + "\n"


def _hanging(style: Style, head: str, text: str, styled_head: str = "") -> str:
    """`text` filled after `head` (plain) with its later lines under the text's first column; when that
    leaves under 30 columns, or not enough for its first word (a long path), the text goes under the
    head at column 12 instead. `styled_head` is printed in the head's place (the same text, coloured)."""
    width = style.line_width
    room = width - len(head)
    if room >= 30 and len(text.split(maxsplit=1)[0] if text.strip() else "") <= room:
        return (styled_head or head) + fill(text, width, head, " " * len(head))[len(head):]
    under = fill(text, width, " " * 12, " " * 12)
    return under if not head.strip() else (styled_head or head).rstrip() + "\n" + under


def explain_text(rec: Outcome, *, name: str, source: str, origin: str, style: Style = PLAIN) -> str:
    facts = dict(rec.facts)
    given = [f"{k}={','.join(v) if isinstance(v, (list, tuple)) else v}" for k, v in facts.items() if v is not None]
    out = [
        _header(style, name, source),
        _hanging(style, "  facts:      ", ", ".join(given)),
        _hanging(style, "  rules:      ", f"{origin} (hit policy: {rec.hit_policy}, {len(rec.trace)} rules)"),
        "",
    ]
    width = max(len(t.rule) for t in rec.trace) if rec.trace else 0
    under = " " * (14 + width)  # the column the conditions start in
    for t in rec.trace:
        if t.matched:
            mark, styles = ("SELECTED", ("green", "bold")) if t.selected else ("matched ", ("yellow",))
            detail = f"-> {t.method} ({t.scenario})"
        elif t.failure is not None:
            mark, styles = "no      ", ("dim",)
            failed = t.failure.fact or t.failure.condition
            detail = f"{failed}: expected {t.failure.expected}, got {t.failure.actual}"
        else:
            continue
        head = f"  {mark}  {t.rule:<{width}}  "
        out.append(_hanging(style, head, f"when {t.condition}", f"  {style(mark, *styles)}  {t.rule:<{width}}  "))
        out.append(_hanging(style, under, detail))
    result = _hanging(style, "  result: ", f"{rec.method} via rule {rec.rule} ({rec.scenario_title})")
    at = result.index(rec.method, len("  result:"))  # the text's first word, on either layout
    out += ["", result[:at] + style(rec.method, "green", "bold") + result[at + len(rec.method):]]
    return "\n".join(out) + "\n"
