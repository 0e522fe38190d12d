"""`authadvisor rules check | test | show`: trust and extend the rules table."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

import click

from ..errors import EXIT_FINDINGS, EXIT_OK, RulesError, UsageError
from .common import Group, settings, style_for, write_output


def rules_option(fn: Callable) -> Callable:
    return click.option("--rules", "rules_dir", metavar="DIR",
                        help="The rules table to use (default: the global --rules, AUTHADVISOR_RULES, "
                             "the configuration file's rules, or the built-in table).")(fn)


def _directory(rules_dir: Optional[str]) -> Optional[str]:
    chosen = rules_dir or settings().rules_dir
    if chosen is None:
        from ..config import load_config

        chosen = load_config().rules
    if chosen is not None and not Path(chosen).is_dir():
        raise UsageError(f"rules directory not found: {chosen}")
    return chosen


@click.group(cls=Group)
def rules() -> None:
    """Check, test and show the rules table (built-in or your own).

    \b
    Examples:
      authadvisor rules check
      authadvisor rules test --rules ./my-rules
      authadvisor rules show --format md
    """


@rules.command()
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check(rules_dir: Optional[str], fmt: str) -> int:
    """Validate the table and analyse it: gaps, overlaps, shadowed rules, dead conditions.

    Exit 0 when clean, 1 when there are problems (errors or warnings), 2 on usage errors.

    \b
    Example:
      authadvisor rules check --rules ./my-rules
    """
    from ..render.findings import findings_json, findings_text, severity_counts
    from ..rules.analysis import Analysis
    from ..rules.tables import load_rules

    directory = _directory(rules_dir)
    try:
        analysis: Any = Analysis(load_rules(directory))
        found, origin = analysis.run(), analysis.rules.origin
        summary = {"space": analysis.size, "checked": len(analysis.keys), "sampled": analysis.sampled}
    except RulesError as exc:
        found, origin, summary = list(exc.findings), directory or "built-in rules", {}
    counts = severity_counts(found)
    summary = {"rules": origin, **summary, **counts}
    if fmt == "json":
        from ..render.findings import findings_json

        text = findings_json(found, summary)
    else:
        problems = counts["error"] + counts["warning"]
        tail = (f" ({summary['checked']:,} of {summary['space']:,} fact combinations checked)"
                if "space" in summary else "")
        text = findings_text(found, style_for()) + (
            f"{origin}: {'clean' if not problems else f'{problems} problem(s)'}{tail}\n")
    write_output(text, None, plain=fmt != "json")
    return EXIT_FINDINGS if counts["error"] or counts["warning"] else EXIT_OK


@rules.command()
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--require-coverage", is_flag=True,
              help="Also fail when a rule is selected by no passing case, or a check fires in none.")
def test(rules_dir: Optional[str], fmt: str, require_coverage: bool) -> int:
    """Run the golden cases kept beside the table (<rules>/tests/*.yaml) and report coverage: rules no
    passing case selects, checks no passing case makes fire.

    Exit 1 when a case fails (or, with --require-coverage, when coverage is incomplete).

    \b
    Example:
      authadvisor rules test --rules ./my-rules
    """
    from ..render.rulestest import run_json, run_text
    from ..resources import rules_dir as builtin_dir
    from ..rules.goldens import run
    from ..rules.tables import load_rules

    directory = _directory(rules_dir)
    table = load_rules(directory)
    outcome = run(table, Path(directory) if directory else builtin_dir())
    write_output(run_json(outcome, table.origin) if fmt == "json" else run_text(outcome, table.origin, style_for()),
                 None, plain=fmt != "json")
    uncovered = outcome.uncovered_rules or outcome.uncovered_checks
    failed = outcome.failed or outcome.errors or (require_coverage and uncovered)
    return EXIT_FINDINGS if failed else EXIT_OK


@rules.command()
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
def show(rules_dir: Optional[str], fmt: str) -> int:
    """Show the effective table as a matrix: rule, scenario, method and conditions.

    \b
    Example:
      authadvisor rules show --format md > MATRIX.md
    """
    from ..render.rules import rules_json, rules_markdown, rules_text
    from ..rules.tables import load_rules

    table = load_rules(_directory(rules_dir))
    text = rules_text(table, style_for()) if fmt == "text" else {"json": rules_json, "md": rules_markdown}[fmt](table)
    write_output(text, None, plain=fmt == "text")
    return EXIT_OK
