"""`authadvisor recommend FILE`: the method, why, what to provision, requirements and warnings."""

from __future__ import annotations

from typing import Optional

import click

from .common import load_manifest_arg, load_rules_for, style_for, write_output


@click.command()
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
def recommend(file: str, fmt: str, output: Optional[str]) -> int:
    """Recommend the Capillary auth method for the manifest FILE (`-` reads stdin).

    \b
    Examples:
      authadvisor recommend examples/pos-terminal.yaml
      authadvisor recommend --format json examples/partner-app.yaml | jq .method
    """
    from ..render.data import recommendation_data, to_json, to_yaml
    from ..render.text import recommendation_text
    from ..tables import outcome_for

    doc, manifest = load_manifest_arg(file)
    rec = outcome_for(manifest, load_rules_for())
    if fmt == "text":
        text = recommendation_text(rec, name=manifest["name"], source=doc.name, style=style_for(output=output))
    else:
        data = recommendation_data(rec, name=manifest["name"], source=doc.name)
        text = to_json(data) if fmt == "json" else to_yaml(data)
    write_output(text, output)
    return 0

