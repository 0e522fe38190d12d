"""`authadvisor verify FILE`: prove the credentials in the environment work for the manifest's method."""

from __future__ import annotations

import json
import os
from typing import Optional

import click

from .common import Command, load_manifest_arg, load_rules_for, style_for, write_output


@click.command(cls=Command)
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for scripts.")
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=20.0, show_default=True,
              help="Seconds to wait for each HTTP answer.")
@click.option("-o", "--output", metavar="FILE", help="Write the result to FILE instead of standard output.")
def verify(file: str, fmt: str, timeout: float, output: Optional[str]) -> int:
    """Run the recommended method's auth flow and one sample call with the credentials in the environment
    (the CAPILLARY_* variables the snippets use), against the manifest's host or CAPILLARY_BASE_URL, and
    say why it fails. Credentials and tokens are never printed (a token shows as a short fingerprint).

    \b
    Exit: 0 verified, 1 a credential or configuration problem, 2 usage (missing variables are named),
    3 network or the service (unreachable, rate limited, unavailable).

    \b
    Example (offline, against the local stand-in):
      eval "$(authadvisor stand-in --port 0 &)"; authadvisor verify examples/pos-terminal.yaml
    """
    from ..client.flows import Policy
    from ..client.verify import prepare
    from ..client.verify import verify as run_verify
    from ..render.verify import verify_text
    from ..rules.tables import outcome_for

    _doc, manifest = load_manifest_arg(file)
    rules = load_rules_for()
    outcome = outcome_for(manifest, rules)
    target, hosts = prepare(outcome.method, manifest, rules, os.environ)
    result = run_verify(target, hosts, Policy(timeout=timeout))
    name = file if file != "-" else "<stdin>"
    if fmt == "json":
        text = json.dumps({"file": name, **result.to_dict()}, indent=2, ensure_ascii=False) + "\n"
    else:
        text = verify_text(result, name, outcome.method_title, style_for(output=output))
    write_output(text, output)
    return result.exit_code
