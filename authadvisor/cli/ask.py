"""`authadvisor ask`: the questionnaire, in the terminal, from an answers file, or as a web page."""

from __future__ import annotations

import os
import sys
from typing import Any, Optional

import click

from ..errors import EXIT_FINDINGS, UsageError
from .common import Command, destination, load_rules_for, read_input, say, style_for, write_output


def _check_destination(path: Optional[str], option: str) -> None:
    """Fail before any question is asked if the file could not be written at the end."""
    if path is None or path == "-":
        return
    if os.path.isdir(path):
        raise UsageError(f"{option} {path} is a directory; give a file name")
    target, in_place = destination(path)  # where write_output will write
    if in_place:  # a device or FIFO: it needs only to be writable itself
        if not os.access(target, os.W_OK):
            raise UsageError(f"{option} {path}: cannot write it")
        return
    parent = os.path.dirname(os.path.abspath(target))  # where the temporary file goes
    if not os.path.isdir(parent):
        raise UsageError(f"{option} {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{option} {path}: cannot write in {parent}")


@click.command(cls=Command)
@click.option("--out", metavar="FILE",
              help="Write the manifest to FILE (atomically) instead of standard output.")
@click.option("--answers", "answers_file", metavar="FILE",
              help="Answer from FILE (YAML or JSON: question id -> value) instead of asking.")
@click.option("--html", metavar="FILE",
              help="Write the questionnaire as one self-contained web page to FILE, and exit.")
def ask(out: Optional[str], answers_file: Optional[str], html: Optional[str]) -> int:
    """Ask a few questions about an integration, then show the recommended auth method and write
    the integration's manifest. In a terminal: type a number, ? for help, back to undo. Without a
    terminal, give --answers FILE.

    \b
    Examples:
      authadvisor ask --out acme-pos.yaml
      authadvisor ask --answers answers.yaml --out acme-pos.yaml
      authadvisor ask --html questionnaire.html
    """
    from ..render.manifest import manifest_yaml
    from ..rules.tables import from_answers, questionnaire

    rules = load_rules_for()
    asking = questionnaire(rules)
    if html is not None:
        return _write_page(asking, rules, html, out or answers_file)
    _check_destination(out, "--out")
    if answers_file is not None:
        from ..ask.answers import read_answers, verdict_findings
        from ..ask.verdict import verdict

        answers, doc = read_answers(*read_input(answers_file), asking)
        judged = verdict(answers, asking, rules)
        for finding in verdict_findings(doc, judged.issues):
            say(finding.format(), err=True)
        if not judged.ready:
            say(f"{doc.name}: blocked: authadvisor lint would reject the manifest these answers give; "
                "nothing written", err=True)
            return EXIT_FINDINGS
    elif not sys.stdin.isatty():
        raise UsageError("ask needs a terminal to ask its questions; answer them from a file with "
                         "--answers FILE, or write the web page with --html FILE")
    else:
        answers = _interview(asking, rules, out)
    manifest, rec = from_answers(answers, rules)
    write_output(manifest_yaml(manifest, rec.method, rec.rule), out)
    where = f"; wrote {out}" if out not in (None, "-") else ""
    say(f"{manifest['name']}: {rec.method} (rule {rec.rule}){where}", err=True)
    return 0


def _interview(asking: Any, rules: Any, out: Optional[str]) -> dict:
    from ..ask.questionnaire import Session
    from ..render.text import recommendation_text
    from ..rules.tables import from_answers
    from .ask_terminal import Blocked, Cancelled, Console, run

    style = style_for(stream=sys.stderr)

    def finish(answers: dict) -> str:
        manifest, rec = from_answers(answers, rules)
        return recommendation_text(rec, name=manifest["name"], source="your answers", style=style)

    def judge(answers: dict) -> Optional[Blocked]:
        from ..ask.verdict import verdict

        judged = verdict(answers, asking, rules)
        if judged.ready:
            return None
        lines = []
        for issue in judged.blockers:
            fix = f" Fix: answer {issue.fix.shown}." if issue.fix else ""
            lines.append(f"{issue.message} [{issue.check}].{fix}")
        first = judged.blockers[0]
        return Blocked(tuple(lines), first.fix.question if first.fix else first.question)

    destination = out if out not in (None, "-") else "standard output"
    try:
        return run(Console(style), Session(asking), finish, destination, judge)
    except Cancelled:
        raise KeyboardInterrupt from None  # Ctrl-D: cancelled, like Ctrl-C (exit 130, nothing written)
    except KeyboardInterrupt:
        click.echo(err=True)  # end the prompt's line before the group reports the interruption
        raise


def _write_page(asking: Any, rules: Any, html: str, other: Optional[str]) -> int:
    from ..render.page import questionnaire_page

    if other is not None:
        raise UsageError("--html writes the web page only; it cannot be combined with --out or --answers")
    _check_destination(html, "--html")
    from ..snippets.samples import snippets_by_method

    write_output(questionnaire_page(asking, rules, snippets_by_method(rules)), html)
    if html != "-":
        say(f"wrote {html}", err=True)
    return 0
