"""`authadvisor checks`: the lint checks of the effective rules table, with their severities."""

from __future__ import annotations

import click

from .common import Command, load_rules_for, style_for, write_output


@click.command(cls=Command)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def checks(fmt: str) -> int:
    """List every lint check: id, severity (after the configuration's overrides), summary, help link.

    \b
    Examples:
      authadvisor checks
      authadvisor checks --format json | jq -r '.[].id'
    """
    from ..checks import Registry
    from ..config import load_config
    from ..lint.linter import check_defs
    from ..render.checks import checks_json, checks_text

    config = load_config()
    rules = load_rules_for(config=config)
    defs = check_defs(rules)
    config.check_severity_ids(tuple(d.id for d in defs))
    registry = Registry.build(defs, config.severity)
    listed = tuple(registry.checks.values())
    write_output(checks_text(listed, style_for()) if fmt == "text" else checks_json(listed), None, plain=fmt == "text")
    return 0
