"""The command line: one click group, commands loaded lazily, one error boundary.

Commands return an exit code; AuthAdvisorError becomes `file:line:col: error: message [check]` lines on
stderr and its exit code (0 ok, 1 findings/invalid input, 2 usage). Anything else escaping is a bug.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, Optional

import click

from ..errors import EXIT_INTERRUPTED, EXIT_USAGE, AuthAdvisorError
from ..inert import inert
from .common import Group

# name -> (module, attribute); imported only when the command runs (start-up stays fast)
COMMANDS = {
    "ask": ("authadvisor.cli.ask", "ask"),
    "recommend": ("authadvisor.cli.recommend", "recommend"),
    "explain": ("authadvisor.cli.explain", "explain"),
    "rules": ("authadvisor.cli.rules", "rules"),
    "snippets": ("authadvisor.cli.snippets", "snippets"),
    "lint": ("authadvisor.cli.lint", "lint"),
    "checks": ("authadvisor.cli.checks", "checks"),
    "schema": ("authadvisor.cli.schema", "schema"),
    "docs": ("authadvisor.cli.docs", "docs"),
    "verify": ("authadvisor.cli.verify", "verify"),
    "stand-in": ("authadvisor.cli.standin", "stand_in"),
}


class AdvisorGroup(Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> Optional[click.Command]:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            rv = super().invoke(ctx)
        except AuthAdvisorError as exc:
            for line in exc.lines():
                click.echo(inert(line), err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        if isinstance(rv, int):
            ctx.exit(rv)
        return rv


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from ..version import version

    click.echo(f"authadvisor {version()}")
    ctx.exit(0)


class Settings:
    """Global options, shared with every command through ctx.obj."""

    def __init__(self, rules_dir: Optional[str], color: str) -> None:
        self.rules_dir = rules_dir
        self.color = color


@click.group(cls=AdvisorGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
@click.option("--rules", "rules_dir", metavar="DIR", envvar="AUTHADVISOR_RULES",
              help="Use the rules table in DIR instead of the built-in one (env: AUTHADVISOR_RULES).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour text output: auto = only on a terminal and when NO_COLOR is unset.")
@click.pass_context
def cli(ctx: click.Context, rules_dir: Optional[str], color: str) -> None:
    """authadvisor: which Capillary API authentication method to use, and working config for it.

    \b
    Example:
      authadvisor recommend examples/pos-terminal.yaml
    """
    ctx.obj = Settings(rules_dir, color)


def main(argv: Optional[list[str]] = None) -> None:
    try:
        cli.main(args=argv, prog_name="authadvisor")
    except BrokenPipeError:  # e.g. `authadvisor recommend x.yaml | head -1`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_USAGE - 1)
