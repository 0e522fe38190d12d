"""The MkDocs nav for a Markdown render (`mkdocs-nav.yml` beside the pages): the index, the matrix, then
the integrations grouped by recommended method in the rules table's order (invalid manifests last).
Paths are relative to the output directory; titles are JSON-quoted, which YAML reads back exactly."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

FILE = "mkdocs-nav.yml"


def mkdocs_nav(entries: Sequence[Any], rules: Any, marker: str) -> str:
    """The nav (the questionnaire page, an HTML file, is linked from the index, not listed: MkDocs' nav
    holds pages)."""
    def item(title: str, path: str, indent: str) -> str:
        return f"{indent}- {json.dumps(title, ensure_ascii=False)}: {path}"

    lines = [f"# {marker}",
             "# The MkDocs nav for these pages: copy `nav:` into mkdocs.yml (prefix each path with this folder's",
             "# path inside docs_dir when it is not docs_dir itself).",
             "nav:", item("Integrations", "index.md", "  "), item("Authentication matrix", "matrix.md", "  ")]
    for method in rules.table.methods:
        members = [e for e in entries if e.outcome is not None and e.outcome.method == method.id]
        if members:
            lines.append(f"  - {json.dumps(method.title, ensure_ascii=False)}:")
            lines += [item(e.page, f"{e.page}.md", "      ") for e in members]
    invalid = [e for e in entries if e.outcome is None]
    if invalid:
        lines.append('  - "Invalid manifests":')
        lines += [item(e.page, f"{e.page}.md", "      ") for e in invalid]
    return "\n".join(lines) + "\n"
