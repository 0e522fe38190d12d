"""`authadvisor schema`: the manifest JSON Schema (draft 2020-12) for editors and other tools."""

from __future__ import annotations

from typing import Optional

import click

from .common import Command, load_rules_for, write_output


@click.command(cls=Command)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
def schema(output: Optional[str]) -> int:
    """Print the JSON Schema (draft 2020-12) of manifest schema v1, generated from the model.

    Waiver check ids and the meanings of enum values come from the effective rules table (--rules,
    AUTHADVISOR_RULES or the configuration's `rules`), so the editor knows a custom table's checks.

    \b
    Example:
      authadvisor schema --output authadvisor-manifest.schema.json
      # then, first line of a manifest:
      # yaml-language-server: $schema=authadvisor-manifest.schema.json
    """
    from ..lint.linter import check_defs
    from ..manifest.editorschema import manifest_schema_json

    rules = load_rules_for()
    write_output(manifest_schema_json(checks=check_defs(rules), questions=rules.table.get("questions", ()),
                                      methods=rules.table.methods), output)
    return 0
