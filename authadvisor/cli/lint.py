"""`authadvisor lint [PATHS...]`: check manifests for CI, in text, json, sarif, junit or github format."""

from __future__ import annotations

import os
from typing import Optional

import click

from ..formats import FORMATS
from ..lint.report import FAIL_ON
from .common import load_rules_for, shown_path, style_for, write_output


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format: text for people; json; sarif (code scanning); junit (Jenkins, GitLab); "
                   "github (pull-request annotations).")
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when a finding is at or above this severity  "
                   "[default: error, or the config's fail-on]")
@click.option("-q", "--quiet", is_flag=True,
              help="Report only findings at or above --fail-on (errors with never); "
                   "print nothing when clean.")
def lint(paths: tuple, fmt: str, output: Optional[str], fail_on: Optional[str], quiet: bool) -> int:
    """Lint integration manifests: PATHS are files or directories (default: the config's paths, else
    the current directory). Directories are searched for *.yaml, *.yml and *.json files whose top level
    has an 'authadvisor' key. Exit 0 clean, 1 findings at or above --fail-on, 2 usage error.

    \b
    Examples:
      authadvisor lint
      authadvisor lint integrations/ --format sarif --output authadvisor.sarif
      authadvisor lint --fail-on warning acme.yaml
    """
    from ..config import load_config
    from ..formats import formatter
    from ..lint import lint_paths
    from ..lint.linter import check_defs
    from ..render.style import Style

    config = load_config()
    fail_on = fail_on or config.fail_on or "error"
    rules = load_rules_for(config=config)
    config.check_severity_ids(tuple(d.id for d in check_defs(rules)))
    report = lint_paths(paths or tuple(shown_path(p) for p in config.paths), rules=rules, exclude=config.exclude,
                        exclude_root=os.fspath(config.root), severity=config.severity)
    if quiet:
        report = report.at_least(fail_on)
    style = style_for(output=output) if fmt == "text" else Style()
    write_output(formatter(fmt)(report, style), output, plain=fmt in ("text", "github"))
    return report.exit_code(fail_on)
