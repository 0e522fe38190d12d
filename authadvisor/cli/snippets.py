"""`authadvisor snippets FILE`: runnable config for the recommended auth method."""

from __future__ import annotations

from typing import Optional

import click

from ..snippets import TARGETS
from .common import Command, load_manifest_arg, load_rules_for, say, write_output


@click.command(cls=Command)
@click.argument("file", metavar="FILE")
@click.option("--lang", type=click.Choice([*TARGETS, "all"]), default="all", show_default=True,
              help="Which snippet: curl (bash script), python, javascript (Node 18+), http (raw requests), "
                   "env (.env.example), openapi (OpenAPI 3.1 security schemes), java (JDK 11+), csharp (C# 7.3, "
                   "Mono or .NET), php (PHP 8.1+), postman (a collection v2.1; with --out also its environment "
                   "file, postman-env), or all of them.")
@click.option("--out", "out_dir", metavar="DIR",
              help="Write one file per target into DIR (auth.sh, auth.py, auth.mjs, requests.http, "
                   ".env.example, openapi.yaml, Auth.java, Auth.cs, auth.php, auth.postman_collection.json, "
                   "auth.postman_environment.json) instead of printing them.")
def snippets(file: str, lang: str, out_dir: Optional[str]) -> int:
    """Print (or write) configuration for the method recommended for the manifest FILE (`-` reads
    stdin). The curl, python, javascript, java, csharp, php and postman snippets run the whole auth
    flow and one sample call; credentials come only from CAPILLARY_* environment variables.

    \b
    Examples:
      authadvisor snippets examples/pos-terminal.yaml --lang curl > auth.sh
      authadvisor snippets examples/backend-service.yaml --out capillary-auth/
    """
    from ..render.snippets import snippets_text
    from ..rules.tables import outcome_for
    from ..snippets import render_snippets, targets_for, write_snippets

    _doc, manifest = load_manifest_arg(file)
    rules = load_rules_for()
    found = render_snippets(manifest, outcome_for(manifest, rules), rules, targets_for(lang))
    if out_dir is not None:
        for snippet, path in zip(found, write_snippets(found, out_dir)):
            say(f"wrote {path} ({snippet.target})")
        return 0
    write_output(snippets_text(found) if lang == "all" else found[0].content, None)
    return 0
