"""Generic snippets per method, for the questionnaire page: rendered for a representative manifest of
each method (the first fact combination a rule recommending it selects), with no cluster, so they read
CAPILLARY_BASE_URL at run time. `authadvisor snippets` renders ones tailored to a real manifest."""

from __future__ import annotations

from typing import Any

from ..manifest import facts as F
from .render import INLINE_TARGETS, render_snippets


def sample_manifest(key: tuple) -> dict:
    """A minimal valid manifest holding the facts of `key`."""
    manifest: dict = {"authadvisor": 1, "name": "your-integration"}
    for fact, value in zip(F.FACTS, key):
        if value is not None and fact.name != "cluster":
            section = manifest.setdefault(fact.path[0], {})
            section[fact.path[1]] = sorted(value) if isinstance(value, frozenset) else value
    return manifest


def snippets_by_method(rules: Any) -> dict[str, list[dict[str, str]]]:
    """{method id: [{"title": "auth.sh (curl)", "target", "filename", "text"}, ...]} for every method a rule
    recommends."""
    out: dict[str, list[dict[str, str]]] = {}
    for key in F.enumerate_space(rules.referenced_facts()):
        matching = rules.matching(key)
        if not matching or matching[0].rule.method in out or key[F.INDEX["cluster"]] is not None:
            continue
        outcome = rules.evaluate(key)
        manifest = sample_manifest(key)
        out[outcome.method] = [{"title": f"{s.filename} ({s.target})", "target": s.target,
                                "filename": s.filename, "text": s.content}
                               for s in render_snippets(manifest, outcome, rules, INLINE_TARGETS)]
    return out
