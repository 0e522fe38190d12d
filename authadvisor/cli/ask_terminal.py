"""The questionnaire in a terminal: numbered choices, `?` for help, `back` to undo, Enter for the default.

Everything is written to stderr, so standard output carries only the manifest (when there is no
--out). Ctrl-C raises KeyboardInterrupt and Ctrl-D ends input: both cancel, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import click

from ..ask.questionnaire import AnswerError, Question, Session, token
from ..inert import inert_lines
from ..render.style import Style

BACK = ("back", "b")
HELP = ("?", "help")
SKIP = ("skip", "-")


@dataclass(frozen=True)
class Blocked:
    """Why the manifest cannot be written: lint's error lines, and the question `back` returns to."""

    lines: tuple[str, ...]
    question: Optional[str] = None


class Cancelled(Exception):
    """The person ended input (Ctrl-D)."""


class Console:
    """The terminal: where questions go and answers come from (replaceable in tests)."""

    def __init__(self, style: Style, reader: Optional[Callable[[], str]] = None) -> None:
        self.style = style
        self._reader = reader or input

    def say(self, text: str = "") -> None:
        click.echo(inert_lines(text, keep_style=True), err=True)

    def ask(self, prompt: str) -> str:
        click.echo(inert_lines(prompt, keep_style=True), nl=False, err=True)
        try:
            return self._reader()
        except EOFError:
            self.say()
            raise Cancelled() from None


def _shown_default(q: Question, value: Any) -> str:
    if isinstance(value, list):
        return ",".join(token(v) for v in value)
    return token(value)


def _prompt(session: Session, q: Question) -> str:
    default = session.default(q)
    hints = []
    if q.kind == "one":
        hints.append(f"1-{len(q.choices)}")
    elif q.kind == "many":
        hints.append("one or more, e.g. 1,2")
    if default is not None:
        hints.append(f"Enter = {_shown_default(q, default)}")
    elif not q.required:
        hints.append("Enter = skip")
    return f"{q.id} [{'; '.join(hints)}]: " if hints else f"{q.id}: "


def _show(console: Console, session: Session, q: Question) -> None:
    s = console.style
    console.say()
    console.say(s(f"[{session.number}] {q.prompt}", "bold"))
    width = max((len(c.token) for c in q.choices), default=0)
    for i, c in enumerate(q.choices, 1):
        console.say(f"  {i:>2}) {c.token:<{width}}  {s(c.explanation, 'dim')}")
    if q.placeholder:
        console.say(s(f"  e.g. {q.placeholder}", "dim"))


def _help(console: Console, session: Session, q: Question) -> None:
    lines = [q.help]
    if q.kind == "one":
        lines.append("Type a number or a value.")
    elif q.kind == "many":
        lines.append("Type numbers or values, separated by commas.")
    if not q.required:
        default = session.default(q) is not None
        lines.append("Optional: 'skip' leaves it out" + ("; Enter keeps the default." if default
                                                         else ", and so does Enter."))
    lines.append("Type 'back' to change the previous answer; Ctrl-C quits without writing anything.")
    for line in lines:
        console.say(console.style.wrap(line, indent="    "))


def ask_one(console: Console, session: Session, q: Question) -> None:
    """Ask `q` until it gets a valid answer, or until `back` undoes the previous one."""
    _show(console, session, q)
    while True:
        reply = console.ask(_prompt(session, q)).strip(" ")
        word = reply.lower()
        if word in HELP:
            _help(console, session, q)
            continue
        if word in BACK:
            if session.back() is None:
                console.say("  (this is the first question: there is nothing to go back to)")
                continue
            return
        try:
            if not reply:
                value = session.default(q)
                if value is None and q.required:
                    raise AnswerError(f"{q.id} is required" + (f"; choose 1-{len(q.choices)}" if q.choices
                                                               else ""))
            elif word in SKIP and not (q.required and q.kind == "text"):
                if q.required:
                    raise AnswerError(f"{q.id} is required: it cannot be skipped")
                value = None
            else:
                value = session.questionnaire.parse(q, reply)
            session.answer(value)
            return
        except AnswerError as exc:
            console.say(console.style(f"  {exc}", "yellow"))


def rewind(session: Session, question: Optional[str]) -> None:
    """Undo answers back to and including `question` (the last answer when it was not answered); the
    undone answers become the defaults when they are asked again."""
    if question not in session.history:
        session.back()
        return
    while session.history and session.back() is not session.questionnaire.by_id[question]:
        pass


def _blocked(console: Console, session: Session, blocked: Blocked) -> None:
    """Show the blocker; only `back` (to the answer that fixes it) or Ctrl-C go on from here."""
    s = console.style
    console.say(s("Blocked: authadvisor lint would reject this manifest, so it is not written.", "bold", "red"))
    for line in blocked.lines:
        console.say(console.style.wrap(line, indent="    ", first="  - "))
    target = blocked.question if blocked.question in session.history else None
    what = f"change {target}" if target else "change the last answer"
    while True:
        word = console.ask(f"Type back to {what} (later answers are kept as defaults), or Ctrl-C to quit: ")
        if word.strip(" ").lower() in BACK:
            rewind(session, target)
            return
        console.say(s("  nothing can be written until the blocker is fixed: type back, or Ctrl-C to quit",
                      "yellow"))


def run(console: Console, session: Session, finish: Callable[[dict], str], destination: str,
        judge: Optional[Callable[[dict], Optional[Blocked]]] = None) -> dict:
    """Ask every question that applies; at the end show `finish(answers)` (the recommendation) and,
    unless `judge(answers)` blocks it (then only `back` goes on), confirm. Returns the answers."""
    s = console.style
    console.say(s("authadvisor ask: a few questions about the integration; the answers make its manifest.",
                  "bold"))
    console.say("Type ? for help on a question, back to change the previous answer, Ctrl-C to quit.")
    while True:
        q = session.current
        if q is not None:
            ask_one(console, session, q)
            continue
        console.say()
        console.say(finish(session.answers).rstrip("\n"))
        console.say()
        blocked = judge(session.answers) if judge is not None else None
        if blocked is not None:
            _blocked(console, session, blocked)
            continue
        while True:
            word = console.ask(f"Write the manifest to {destination}? [Enter = yes; back = change the last "
                               "answer]: ").strip(" ").lower()
            if word in ("", "y", "yes"):
                return session.answers
            if word in BACK:
                session.back()
                break
            console.say(s("  press Enter to write the manifest, type back to change an answer, or Ctrl-C "
                          "to quit", "yellow"))
