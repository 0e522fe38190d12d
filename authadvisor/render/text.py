"""Recommendation and trace as text for a person in a terminal."""

from __future__ import annotations

from ..inert import inert
from ..rules.outcome import Outcome
from .style import SEVERITY_STYLE, Style

PLAIN = Style()

_LEVEL_MARK = {"must": "MUST", "should": "SHOULD", "info": "NOTE"}


def _heading(style: Style, text: str) -> str:
    return style(text, "bold")


def _notes(style: Style, notes: tuple) -> list[str]:
    lines = []
    for note in notes:
        mark = _LEVEL_MARK.get(note.level, note.level.upper())
        label = style(f"{mark:<6}", *SEVERITY_STYLE.get(note.level, ()))
        body = style.wrap(note.text, indent=" " * 10, first=" " * 10)
        lines.append(f"  {label}  " + body.lstrip() + style(f"  [{note.id}]", "dim"))
    return lines


def recommendation_text(rec: Outcome, *, name: str, source: str, style: Style = PLAIN) -> str:
    out = [
        f"{style(inert(name), 'bold')}  {style(f'({inert(source)})', 'dim')}",
        "",
        f"  Method    {style(rec.method_title, 'green', 'bold')}  {style(f'[{rec.method}]', 'dim')}",
        f"  Scenario  {rec.scenario_title}  {style(f'[{rec.scenario}]', 'dim')}",
        f"  Rule      {rec.rule}",
        "",
        _heading(style, "Why"),
        style.wrap(rec.rationale),
    ]
    if rec.sources:
        out += ["", _heading(style, "Sources")]
        out += [f"  - {s.title}\n    {style(s.url, 'blue')}" for s in rec.sources]
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


def explain_text(rec: Outcome, *, name: str, source: str, origin: str, style: Style = PLAIN) -> str:
    facts = dict(rec.facts)
    given = [f"{k}={','.join(v) if isinstance(v, (list, tuple)) else v}" for k, v in facts.items() if v is not None]
    out = [
        f"{style(inert(name), 'bold')}  {style(f'({inert(source)})', 'dim')}",
        f"  facts:      {', '.join(given)}",
        f"  rules:      {origin} (hit policy: {rec.hit_policy}, {len(rec.trace)} rules)",
        "",
    ]
    width = max(len(t.rule) for t in rec.trace) if rec.trace else 0
    for t in rec.trace:
        if t.matched:
            verdict = style("SELECTED", "green", "bold") if t.selected else style("matched ", "yellow")
            out.append(f"  {verdict}  {t.rule:<{width}}  when {t.condition}")
            out.append(f"            {'':<{width}}  -> {t.method} ({t.scenario})")
        elif t.failure is not None:
            failed = t.failure.fact or t.failure.condition
            out.append(f"  {style('no      ', 'dim')}  {t.rule:<{width}}  when {t.condition}")
            out.append(f"            {'':<{width}}  {failed}: expected {t.failure.expected}, "
                       f"got {t.failure.actual}")
    out += ["", f"  result: {style(rec.method, 'green', 'bold')} via rule {rec.rule} ({rec.scenario_title})"]
    return "\n".join(out) + "\n"
