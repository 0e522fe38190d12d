"""`ask --html`: the questionnaire as ONE self-contained web page, from the same questions and rules.

The rules table is embedded as JSON (conditions in conditions.to_data form) and evaluated in the page by
templates/ask/evaluator.js; templates/ask/page.js drives the form. No network at all: CSS and JS are
inline, and a Content-Security-Policy allows only those exact inline blocks (by hash). Rendered with a
sandboxed, autoescaping Jinja2 environment; deterministic (same rules, same bytes).

`snippets` is the hook for configuration snippets: {method id: [{"title": ..., "text": ...}, ...]}. The
page shows the chosen method's snippets (as text, never as HTML) when there are any.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, Optional

from ..ask.questionnaire import TEXT_MAX, TEXT_PATHS, Questionnaire
from ..manifest import credentials, vocab
from ..manifest import facts as F
from ..rules import conditions as C
from .flows import diagram_label, first_call, sequence_svg

TEMPLATE = "ask/questionnaire.html.j2"
STATIC = {"evaluator_js": "ask/evaluator.js", "advice_js": "ask/advice.js", "ui_js": "ask/ui.js",
          "parts_js": "ask/parts.js", "page_js": "ask/page.js", "page_css": "ask/page.css"}
SCRIPTS = ("evaluator_js", "advice_js", "ui_js", "parts_js", "page_js")
EXAMPLES = "ask/examples.yaml"
SECTIONS = ("capillary", "integration", "auth")

#: Python's Unicode \b, spelled for a JS regular expression with the u flag
_JS_WORD = r"[\p{L}\p{N}_]"
_JS_BOUNDARY = f"(?:(?<={_JS_WORD})(?!{_JS_WORD})|(?<!{_JS_WORD})(?={_JS_WORD}))"


def _cond(data: Optional[Any]) -> Optional[dict]:
    return None if data is None else C.to_data(C.parse(data))


def _notes(notes: tuple) -> list[dict]:
    return [{"id": n.id, "level": n.level, "text": " ".join(n.text.split()), "sources": list(n.sources),
             "when": _cond(n.when)} for n in notes]


def js_pattern(pattern: re.Pattern) -> dict:
    """A credentials pattern as {source, flags} for `new RegExp` with the same meaning."""
    source = pattern.pattern
    flags = "u"
    if source.startswith("(?i)") or pattern.flags & re.IGNORECASE:
        source = source[4:] if source.startswith("(?i)") else source
        flags += "i"
    return {"source": source.replace(r"\b", _JS_BOUNDARY), "flags": flags}


def _checks(questionnaire: Questionnaire, rules: Any) -> list[dict]:
    """The lint checks' triggers (the data checks), each with the question its finding points at: the
    page's verdict. The code checks cannot fire on a manifest the questionnaire writes (auth.method is
    the recommended one; no URL is asked), which tests/test_ask_differential.py proves on every answer."""
    from ..lint.linter import check_defs
    from ..rules.conditions import parse_at

    out = []
    for d in check_defs(rules):
        triggers = []
        for t in d.triggers:
            path, item = parse_at(t.at)
            question = next((q.id for q in questionnaire.questions if tuple(path[:len(q.path)]) == q.path), None)
            triggers.append({"when": _cond(t.when), "severity": t.severity or d.severity,
                             "message": " ".join(t.message.split()), "question": question, "item": item})
        if triggers:
            out.append({"id": d.id, "triggers": triggers})
    return out


def _examples() -> dict[str, dict[str, str]]:
    """Per caller, the example name and description the free-text boxes show (placeholders only)."""
    from ..manifest.safeyaml import load_yaml
    from ..resources import templates_dir

    # libyaml through the safe loader every rules file uses (PyYAML's pure-Python one took ~25 ms here)
    data = load_yaml((templates_dir() / EXAMPLES).read_bytes(), EXAMPLES).data["examples"]
    return {caller: {k: str(v) for k, v in sorted(texts.items())} for caller, texts in data.items()}


def page_data(questionnaire: Questionnaire, rules: Any, snippets: Optional[Mapping] = None) -> dict:
    """Everything the page's JS needs, as plain JSON-able data, in a stable order."""
    table = rules.table
    return {
        "schema_version": vocab.SCHEMA_VERSION,
        "hit_policy": table.table.hit_policy,
        "facts": [{"name": f.name, "path": list(f.path), "multi": f.multi} for f in F.FACTS],
        "text_fields": list(TEXT_PATHS),
        "sections": list(SECTIONS),
        "text": {
            "name_pattern": vocab.NAME_PATTERN,
            "max": TEXT_MAX,
            "credentials": [{"kind": kind, **js_pattern(p), "verify": verify}
                            for (kind, p), verify in zip(credentials.value_patterns(), credentials.verifiers())],
        },
        "questions": [{
            "id": q.id, "kind": q.kind, "required": q.required, "prompt": q.prompt,
            "when": None if q.condition == C.ALWAYS else C.to_data(q.condition),
            "choices": [{"value": c.value, "token": c.token} for c in q.choices],
        } for q in questionnaire.questions],
        "rules": [{
            "id": r.id, "scenario": r.scenario, "method": r.method, "when": _cond(r.when),
            "condition": C.describe(C.parse(r.when)),
            "rationale": " ".join(r.rationale.split()), "sources": list(r.sources),
            "provision": [{"text": " ".join(s.text.split()), "where": s.where, "who": s.who,
                           "when": _cond(s.when)} for s in r.provision],
            "requirements": _notes(r.requirements), "warnings": _notes(r.warnings),
            "alternatives": [{"text": " ".join(a.text.split()), "method": a.method, "when": _cond(a.when)}
                             for a in r.alternatives],
        } for r in table.rules],
        "methods": {m.id: {"title": m.title, "summary": " ".join(m.summary.split()),
                           "sources": list(m.sources), "requirements": _notes(m.requirements),
                           "warnings": _notes(m.warnings)} for m in table.methods},
        "scenarios": {s.id: s.title for s in table.scenarios},
        "sources": {s.id: {"title": s.title, "url": s.url} for s in table.sources},
        "checks": _checks(questionnaire, rules),
        "first_calls": {m.id: first_call(m.id) for m in table.methods if first_call(m.id)},
        "examples": _examples(),
        "snippets": {k: [dict(item) for item in v] for k, v in sorted((snippets or {}).items())},
    }


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no `</script>` breakout, no HTML-significant characters,
    no JS line terminators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def csp_hash(text: str) -> str:
    """A Content-Security-Policy source for an inline block: 'sha256-<base64 digest of its text>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _environment() -> Any:
    from jinja2 import StrictUndefined

    from ..resources import templates_dir
    from .templatecache import sandboxed_environment

    return sandboxed_environment("page", templates_dir(), autoescape=True, undefined=StrictUndefined,
                                 keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def _static(env: Any, name: str, closing: str) -> Any:
    """A shipped JS/CSS file, inlined verbatim (it is ours, and must not be able to close its element)."""
    from markupsafe import Markup

    text = env.loader.get_source(env, name)[0]
    if closing in text.lower():
        raise ValueError(f"{name} contains {closing!r}; it cannot be inlined")
    return Markup(text)


def _question_view(q: Any) -> dict:
    return {"id": q.id, "kind": q.kind, "prompt": q.prompt, "help": q.help, "required": q.required,
            "placeholder": q.placeholder or "", "conditional": q.condition != C.ALWAYS,
            "choices": [{"token": c.token, "explanation": c.explanation,
                         "checked": c.value == q.default if q.kind == "one" and q.default is not None
                         else bool(q.kind == "many" and q.default and c.value in q.default)}
                        for c in q.choices],
            "none_option": q.kind == "one" and not q.required,
            "none_checked": q.kind == "one" and not q.required and q.default is None}


def questionnaire_page(questionnaire: Questionnaire, rules: Any, snippets: Optional[Mapping] = None,
                       marker: Optional[str] = None) -> str:
    """The page's HTML text. `marker`: a comment on its second line (`authadvisor docs` recognises the
    pages it wrote by it)."""
    from markupsafe import Markup

    env = _environment()
    static = {key: _static(env, name, "</style" if name.endswith(".css") else "</script")
              for key, name in STATIC.items()}
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(csp_hash(str(static[k])) for k in SCRIPTS),
        f"style-src {csp_hash(str(static['page_css']))}",
        "img-src 'none'", "connect-src 'none'", "form-action 'none'", "base-uri 'none'",
    ])
    return env.get_template(TEMPLATE).render(
        questions=[_question_view(q) for q in questionnaire.questions],
        data_json=Markup(script_json(page_data(questionnaire, rules, snippets))),
        csp=csp, table_name=rules.table.table.name, marker=marker, **static,
        flows=[{"method": m.id, "caption": diagram_label(m.id), "svg": Markup(sequence_svg(m.id, f"flow-{m.id}"))}
               for m in rules.table.methods if sequence_svg(m.id, m.id)],
    )
