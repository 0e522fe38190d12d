"""`authadvisor lint [PATHS...]`: check manifests for CI, in text, json, sarif, junit, github or gitlab
format, several at once (`--format sarif:out.sarif --format text`) from one lint run."""

from __future__ import annotations

import os
from typing import Optional

import click

from ..formats import FORMATS
from ..lint.report import FAIL_ON
from .common import Command, load_rules_for, shown_path, style_for, write_output

JUNIT_SCHEMAS = ("junit-10", "gitlab")


def parse_formats(specs: tuple, output: Optional[str]) -> list[tuple[str, Optional[str]]]:
    """(format, path or None for standard output) per `--format FORMAT[:PATH]`; the one given without a
    path goes to --output. Problems are click usage errors (exit 2)."""
    from ..suggest import did_you_mean

    outputs: list[tuple[str, Optional[str]]] = []
    for spec in specs or ("text",):
        name, sep, path = spec.partition(":")
        if name not in FORMATS:
            raise click.BadParameter(f"unknown format {name!r}{did_you_mean(name, FORMATS)}; formats: "
                                     f"{', '.join(FORMATS)} (FORMAT or FORMAT:PATH)", param_hint="'--format'")
        if sep and not path:
            raise click.BadParameter(f"{spec!r} has no path after the colon", param_hint="'--format'")
        outputs.append((name, None if path in ("", "-") else path))  # FORMAT:- is standard output too
    unpathed = [name for name, path in outputs if path is None]
    if len(unpathed) > 1:
        raise click.BadParameter(f"only one format can go to {'--output' if output else 'standard output'} "
                                 f"({', '.join(unpathed)} have no PATH); write the others to files: "
                                 f"--format {unpathed[-1]}:FILE", param_hint="'--format'")
    if output not in (None, "-"):
        if not unpathed:
            raise click.UsageError("--output names no format: every --format has its own PATH")
        outputs = [(name, path or output) for name, path in outputs]
    targets = [os.path.normpath(path) for _name, path in outputs if path is not None]
    clash = next((t for t in targets if targets.count(t) > 1), None)
    if clash is not None:
        raise click.BadParameter(f"two formats write to {clash}", param_hint="'--format'")
    return outputs


@click.command(cls=Command)
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--format", "specs", multiple=True, metavar="FORMAT[:PATH]",
              help=f"Output format, repeatable: {', '.join(FORMATS)} [default: text]. FORMAT:PATH writes that "
                   "format to PATH, so one run feeds several consumers: --format sarif:out.sarif --format text. "
                   "text for people; json; sarif (code scanning); junit (Jenkins, GitLab tests); github "
                   "(pull-request annotations); gitlab (GitLab Code Quality).")
@click.option("-o", "--output", metavar="FILE",
              help="Write the report of the --format given without a PATH to FILE instead of standard output "
                   "(missing folders are created).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when a finding is at or above this severity  "
                   "[default: error, or the config's fail-on]")
@click.option("-q", "--quiet", is_flag=True,
              help="Report only findings at or above --fail-on (errors with never); "
                   "print nothing when clean.")
@click.option("--allow-empty", is_flag=True,
              help="Exit 0 when PATHS hold no manifest at all (by default that is a usage error, exit 2).")
@click.option("--junit-schema", type=click.Choice(JUNIT_SCHEMAS), default="junit-10", show_default=True,
              help="junit-10: valid against Jenkins' junit-10.xsd; gitlab: the same plus a 'file' attribute on "
                   "every testcase, which GitLab's test report shows (pytest's xunit1 shape).")
@click.option("--follow-symlinks", is_flag=True,
              help="Also follow symlinks that lead out of the directories given (by default, as in ripgrep, "
                   "a link out of the tree is not read; links inside it are).")
def lint(paths: tuple, specs: tuple, output: Optional[str], fail_on: Optional[str], quiet: bool,
         allow_empty: bool, junit_schema: str, follow_symlinks: bool) -> int:
    """Lint integration manifests: PATHS are files or directories (default: the config's paths, else
    the current directory). Directories are searched for *.yaml, *.yml and *.json files whose top level
    has an 'authadvisor' key. Exit 0 clean, 1 findings at or above --fail-on, 2 usage error (including
    no manifest found, unless --allow-empty).

    \b
    Examples:
      authadvisor lint
      authadvisor lint integrations/ --format sarif --output authadvisor.sarif
      authadvisor lint --format sarif:authadvisor.sarif --format github
      authadvisor lint --fail-on warning acme.yaml
    """

    from ..config import load_config
    from ..errors import UsageError
    from ..formats import stream
    from ..formats.location import repo_root
    from ..lint import lint_paths
    from ..lint.linter import check_defs
    from ..render.style import Style

    outputs = parse_formats(specs, output)
    config = load_config()
    fail_on = fail_on or config.fail_on or "error"
    rules = load_rules_for(config=config)
    config.check_severity_ids(tuple(d.id for d in check_defs(rules)))
    given = paths or tuple(shown_path(p) for p in config.paths)
    report = lint_paths(given, rules=rules, exclude=config.exclude, exclude_root=os.fspath(config.root),
                        severity=config.severity, follow_symlinks=follow_symlinks)
    if not report.files and not allow_empty:
        where = ", ".join(given) if given else "the current directory"
        raise UsageError(f"no manifests found in {where} (YAML or JSON files whose top level has an "
                         "'authadvisor' key); pass --allow-empty to accept that")
    existing = [(fmt, out) for fmt, out in outputs if out is not None and os.path.exists(out)]
    if existing:  # only a file that exists can be a manifest just linted (no realpath per file otherwise)
        linted = {os.path.realpath(name) for name in report.files}
        for fmt, out in existing:
            if os.path.realpath(out) in linted:
                raise UsageError(f"refusing to write the {fmt} report over {out}: it is a manifest being linted")
    report = report._replace(root=repo_root(os.fspath(config.root) if config.file else None))
    if quiet:
        report = report.at_least(fail_on)
    for name, path in outputs:
        style = style_for(output=path) if name == "text" else Style()
        options = {"fail_on": fail_on, "file_attribute": junit_schema == "gitlab"} if name == "junit" else {}
        write_output(stream(name)(report, style, **options), path, make_parents=True,
                     plain=name in ("text", "github"))
    return report.exit_code(fail_on)
