"""An Outcome (what the Recommendation holds) -> plain data for JSON and YAML, in a stable key order."""

from __future__ import annotations

import json
from typing import Any, Optional

from ..rules.outcome import Outcome, to_data


def recommendation_data(rec: Outcome, *, name: str, source: str,
                        extra: Optional[dict] = None) -> dict[str, Any]:
    """`name`, `caller`, `source`, then every Recommendation field in declaration order."""
    body = to_data(rec)
    out = {"name": name, "caller": body["facts"]["caller"], "source": source, **body}
    if extra:
        out.update(extra)
    return out


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_yaml(data: Any) -> str:
    """YAML in the data's key order; multi-line strings (snippets) as literal blocks where possible."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: Any, value: str) -> Any:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
