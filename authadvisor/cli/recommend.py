"""`authadvisor recommend FILE`: the method, why, what to provision, requirements and warnings."""

from __future__ import annotations

from typing import Optional

import click

from .common import Command, load_manifest_arg, load_rules_for, style_for, write_output


@click.command(cls=Command)
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text",
              show_default=True,
              help="Output format.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@click.option("--snippets", "with_snippets", is_flag=True,
              help="Include the config snippets for every target (see `authadvisor snippets`).")
def recommend(file: str, fmt: str, output: Optional[str], with_snippets: bool) -> int:
    """Recommend the Capillary auth method for the manifest FILE (`-` reads stdin).

    \b
    Examples:
      authadvisor recommend examples/pos-terminal.yaml
      authadvisor recommend --format json examples/partner-app.yaml | jq .method
      authadvisor recommend --snippets --format json examples/pos-terminal.yaml | jq -r .snippets.curl.content
    """
    from ..render.data import recommendation_data, to_json, to_yaml
    from ..render.text import recommendation_text
    from ..rules.tables import outcome_for

    doc, manifest = load_manifest_arg(file)
    rules = load_rules_for()
    rec = outcome_for(manifest, rules)
    found = None
    if with_snippets:  # Jinja2 and the snippet code load only when asked for
        from ..render.snippets import snippets_data, snippets_text
        from ..snippets import render_snippets

        found = render_snippets(manifest, rec, rules)
    if fmt == "text":
        style = style_for(output=output)
        text = recommendation_text(rec, name=manifest["name"], source=doc.name, style=style)
        if found is not None:
            text += "\n" + style("Snippets", "bold") + "\n\n" + snippets_text(found)
    else:
        extra = {"snippets": snippets_data(found)} if found is not None else None
        data = recommendation_data(rec, name=manifest["name"], source=doc.name, extra=extra)
        text = to_json(data) if fmt == "json" else to_yaml(data)
    write_output(text, output, plain=fmt == "text")
    return 0

