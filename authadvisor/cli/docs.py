"""`authadvisor docs FILES_OR_DIRS... --out DIR`: onboarding guides, an index and the auth matrix."""

from __future__ import annotations

import os

import click

from ..errors import UsageError
from .common import Command, load_rules_for, say, shown_path


@click.command(cls=Command)
@click.argument("paths", nargs=-1, metavar="FILES_OR_DIRS...")
@click.option("--out", "out_dir", metavar="DIR", required=True,
              help="The directory for the pages (created if missing). Only pages authadvisor generated are "
                   "ever replaced or removed there.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True,
              help="md: GitHub-flavoured Markdown (GitHub, GitLab, MkDocs); html: self-contained pages.")
@click.option("--check", is_flag=True,
              help="Write nothing: exit 1 and list each file in DIR that differs from a fresh render "
                   "(changed, missing, or a stale page of a removed manifest).")
@click.option("--timestamp", is_flag=True,
              help="Add a line with the UTC time to every page (SOURCE_DATE_EPOCH fixes the time). With "
                   "--check, the time on that line is not compared.")
@click.option("--with-questionnaire", "with_questionnaire", is_flag=True,
              help="Also write the questionnaire page (questionnaire.html, as `ask --html` writes it) and link "
                   "it from the index.")
@click.option("--follow-symlinks", is_flag=True,
              help="Also follow symlinks that lead out of the directories given (by default, as in ripgrep, "
                   "a link out of the tree is not read; links inside it are).")
def docs(paths: tuple, out_dir: str, fmt: str, check: bool, timestamp: bool, with_questionnaire: bool,
         follow_symlinks: bool) -> int:
    """Render an onboarding page per integration manifest, an index of every integration grouped by
    method, and the authentication matrix, all from the rules table. FILES_OR_DIRS are found as lint
    finds them (default: the config's paths). Exit 0 ok, 1 --check found differences (or two
    manifests share a name), 2 usage error.

    \b
    Examples:
      authadvisor docs examples --out docs/integrations
      authadvisor docs integrations/ --out site/ --format html
      authadvisor docs integrations/ --out docs/integrations --check
      authadvisor docs integrations/ --out site/ --format html --with-questionnaire
    """
    from ..config import load_config
    from ..docs import build_docs, check_docs, timestamp_now, write_docs
    from ..lint.linter import check_defs

    config = load_config()
    rules = load_rules_for(config=config)
    config.check_severity_ids(tuple(d.id for d in check_defs(rules)))
    paths = paths or tuple(shown_path(p) for p in config.paths)
    if not paths:
        raise UsageError("give the manifests: FILES_OR_DIRS... (or `paths` in the configuration file)")
    built = build_docs(paths, fmt=fmt, rules=rules, exclude=config.exclude, exclude_root=os.fspath(config.root),
                       severity=config.severity, timestamp=timestamp_now() if timestamp else None,
                       questionnaire=with_questionnaire, follow_symlinks=follow_symlinks)
    for entry in built.invalid:
        say(f"note: {entry.file} is not a valid manifest; its page lists the errors", err=True)
    if check:
        differences = check_docs(built, out_dir)
        for d in differences:
            say(d.line(out_dir))
        if differences:
            say(f"{len(differences)} file(s) in {out_dir} differ from a fresh render; run authadvisor "
                       f"docs with the same arguments, without --check, to update them", err=True)
            return 1
        say(f"{out_dir}: up to date ({len(built.pages)} pages)")
        return 0
    result = write_docs(built, out_dir)
    n = len(built.entries)
    also = "".join(f" and {name}" for name in sorted(built.extra or {}))
    say(f"{out_dir}: {len(built.pages)} pages ({n} integration{'s' if n != 1 else ''}, index, matrix){also}: "
               f"{len(result.written)} written, {len(result.unchanged)} unchanged, "
               f"{len(result.removed)} stale removed")
    return 0
