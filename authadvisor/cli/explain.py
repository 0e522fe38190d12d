"""`authadvisor explain FILE`: the evaluation trace, rule by rule."""

from __future__ import annotations

import click

from .common import Command, load_manifest_arg, load_rules_for, style_for, write_output


@click.command(cls=Command)
@click.argument("file", metavar="FILE")
def explain(file: str) -> int:
    """Show how each rule fared for the manifest FILE: matched, or the first failing condition
    with the expected and the actual value.

    \b
    Example:
      authadvisor explain examples/pos-terminal.yaml
    """
    from ..render.text import explain_text
    from ..rules.tables import outcome_for

    doc, manifest = load_manifest_arg(file)
    rules = load_rules_for()
    rec = outcome_for(manifest, rules)
    write_output(explain_text(rec, name=manifest["name"], source=doc.name, origin=rules.origin,
                              style=style_for()), None, plain=True)
    return 0
