"""Generate the JSON Schemas in authadvisor/manifest/schemas/ from the pydantic models (the source of truth).

    python -m authadvisor.manifest.schemagen          # rewrite the files
    python -m authadvisor.manifest.schemagen --check  # exit 1 if a file is stale (the tests do this too)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict[str, Any]]:
    from ..rules.model import RulesFile, RulesTestFile
    from .model import Manifest

    out = {}
    for filename, model, title in (
        ("manifest-v1.schema.json", Manifest, "authadvisor integration manifest, schema version 1"),
        ("rules-v1.schema.json", RulesFile, "authadvisor rules table file, version 1"),
        ("rules-tests-v1.schema.json", RulesTestFile, "authadvisor golden cases for a rules table, version 1"),
    ):
        body = model.model_json_schema()
        body["title"] = title
        out[filename] = {"$schema": DRAFT, **body}
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for filename, schema in schemas().items():
        path = SCHEMAS / filename
        text = render(schema)
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(filename)
        else:
            path.write_text(text, encoding="utf-8")
    for filename in stale:
        print(f"stale: authadvisor/manifest/schemas/{filename} (run python -m authadvisor.manifest.schemagen)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
