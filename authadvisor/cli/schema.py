"""`authadvisor schema`: the manifest JSON Schema (draft 2020-12) for editors and other tools."""

from __future__ import annotations

from typing import Optional

import click

from .common import write_output


@click.command()
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
def schema(output: Optional[str]) -> int:
    """Print the JSON Schema (draft 2020-12) of manifest schema v1, generated from the model.

    \b
    Example:
      authadvisor schema --output authadvisor-manifest.schema.json
      # then, first line of a manifest:
      # yaml-language-server: $schema=authadvisor-manifest.schema.json
    """
    from ..manifest.editorschema import manifest_schema_json

    write_output(manifest_schema_json(), output)
    return 0
