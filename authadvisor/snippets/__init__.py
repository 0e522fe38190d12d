"""Config snippets that run: curl (bash), Python, JavaScript, Java, C#, PHP and Postman, plus raw HTTP,
.env and OpenAPI, rendered from templates/snippets/<method>/<target>.j2 for the recommended method.

    from authadvisor import load_manifest, load_rules, recommend
    from authadvisor.snippets import render_snippets
    m = load_manifest("examples/pos-terminal.yaml"); rules = load_rules()
    [s.filename for s in render_snippets(m, recommend(m, rules), rules)]

It takes a pydantic Manifest and Recommendation (as above) or, as the command line does, validated
manifest data (a dict) and the engine's Outcome.
"""

from __future__ import annotations

from .render import INLINE_TARGETS, TARGETS, Snippet, render_snippets, targets_for, write_snippets

__all__ = ["INLINE_TARGETS", "TARGETS", "Snippet", "render_snippets", "targets_for", "write_snippets"]
