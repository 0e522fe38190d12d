"""What each page shows, as plain data (strings, numbers, lists, dicts): built from the manifest data,
the recommendation, the lint findings, the snippets and the rules table. Pure: no I/O, no escaping
(the templates escape every value for the syntax it lands in), deterministic (sorted where the order is
not meaningful; the rules table's order where it is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Optional

from ..findings import SEVERITIES
from ..manifest import vocab
from ..rules import conditions as C

#: snippet target -> the code block's language (info string)
SNIPPET_LANG = {"curl": "bash", "python": "python", "javascript": "javascript", "http": "http",
                "env": "dotenv", "openapi": "yaml", "java": "java", "csharp": "csharp", "php": "php",
                "postman": "json", "postman-env": "json"}
LEVEL_LABEL = {"must": "MUST", "should": "SHOULD", "info": "NOTE"}


def _flat(text: Optional[str]) -> Optional[str]:
    return None if text is None else " ".join(str(text).split())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def lint_status(findings: Sequence[Any], suppressed: int = 0) -> dict[str, Any]:
    """Counts per severity; `label`: `clean`, or e.g. `2 errors, 1 warning`; `status`: the label and how
    many findings were waived, e.g. `clean (1 waived)`."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    parts = [_plural(counts[s], s) for s in SEVERITIES if counts[s]]
    label = ", ".join(parts) if parts else "clean"
    return {"clean": not findings, "errors": counts["error"], "warnings": counts["warning"],
            "info": counts["info"], "suppressed": suppressed, "label": label,
            "status": f"{label} ({suppressed} waived)" if suppressed else label}


def _finding(f: Any) -> dict[str, Any]:
    return {"line": f.span.line, "column": f.span.column, "severity": f.severity, "check": f.check,
            "message": f.message}


def _sources(rules: Any, ids: Iterable[str]) -> list[dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for sid in ids:
        s = rules.sources.get(sid)
        if s is not None and s.url.startswith("https://"):  # links come from the rules table, https only
            out.setdefault(sid, {"id": s.id, "title": s.title, "url": s.url})
    return list(out.values())


def _note(rules: Any, n: Any, when: Optional[str] = None) -> dict[str, Any]:
    return {"id": n.id, "level": n.level, "level_label": LEVEL_LABEL.get(n.level, n.level.upper()),
            "text": _flat(n.text), "sources": _sources(rules, n.sources), "when": when}


def _get(data: Optional[dict], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _row(label: str, code: Optional[str] = None, text: Optional[str] = None) -> dict[str, Optional[str]]:
    return {"label": label, "code": code, "text": _flat(text)}


def about_rows(data: dict, file: str, rules: Any) -> list[dict[str, Optional[str]]]:
    """What the integration is: name, description, owner, caller (and what it means), hosts, ..."""
    caller = _get(data, "integration", "caller")
    rows = [_row("Name", data["name"])]
    if data.get("description"):
        rows.append(_row("Description", text=data["description"]))
    if data.get("owner"):
        rows.append(_row("Owner", text=data["owner"]))
    rows.append(_row("Manifest", file))
    rows.append(_row("Caller", caller, vocab.CALLER_MEANINGS.get(caller)))
    for field, label in (("connector", "Connector"), ("credentials", "Till credentials"),
                         ("client_type", "Client type"), ("file_processing", "File processing")):
        value = _get(data, "integration", field)
        if value is not None:
            rows.append(_row(label, value))
    for field, label in (("customer_login", "Customer login"), ("app_platform", "App platform")):
        listed = _get(data, "integration", field)
        if listed:
            rows.append(_row(label, ", ".join(listed)))
    cluster_id = _get(data, "capillary", "cluster")
    cluster = rules.clusters.get(cluster_id) if cluster_id else None
    if cluster_id:
        rows.append(_row("Cluster", cluster_id, cluster.title if cluster is not None else None))
    base_url = _get(data, "capillary", "base_url")
    if base_url:
        rows.append(_row("API host", base_url, "from the manifest's capillary.base_url"))
    elif cluster is not None and cluster.get("api_host"):
        rows.append(_row("API host", cluster.api_host, "the cluster's API host (rules/clusters.yaml)"))
    for field, label in (("org", "Org"), ("brand", "Brand")):
        value = _get(data, "capillary", field)
        if value:
            rows.append(_row(label, text=value))
    method = _get(data, "auth", "method")
    if method:
        rows.append(_row("Declared method", method))
    pkce = _get(data, "auth", "pkce")
    if pkce is not None:
        rows.append(_row("PKCE", "true" if pkce else "false"))
    return rows


def _waivers(data: dict, today: dt.date) -> list[dict[str, Any]]:
    out = []
    for w in data.get("waivers") or ():
        expires = w.get("expires")
        if expires is None:
            state = "no expiry"
        elif expires < today:
            state = "expired"
        else:
            state = "active"
        out.append({"check": w["check"], "reason": _flat(w["reason"]),
                    "expires": expires.isoformat() if expires is not None else None, "state": state})
    return out


def _recommendation(data: dict, outcome: Any, rules: Any, shared: Optional[dict] = None) -> dict[str, Any]:
    """What the page says about the recommendation. All of it but `ticket` and `declared` comes from the
    outcome and the rules table: with `shared` (a dict kept for one run), built once per outcome (the
    engine shares one Outcome per fact combination; the entry keeps it alive, so its id is not reused)."""
    from ..snippets.context import checklist

    declared = _get(data, "auth", "method")
    own = {"ticket": [_flat(item) for item in checklist(data)] if outcome.method == "oauth2_authorization_code" else [],
           "declared": declared, "declared_matches": declared is None or declared == outcome.method}
    if shared is None:
        return {**_from_rules(outcome, rules), **own}
    found = shared.get(id(outcome))
    if found is None or found[0] is not outcome:
        found = shared[id(outcome)] = (outcome, _from_rules(outcome, rules))
    return {**found[1], **own}


def _from_rules(outcome: Any, rules: Any) -> dict[str, Any]:
    method = rules.methods[outcome.method]
    scenario = rules.scenarios[outcome.scenario]
    return {
        "method": outcome.method, "method_title": outcome.method_title, "method_summary": _flat(method.summary),
        "scenario": outcome.scenario, "scenario_title": outcome.scenario_title,
        "scenario_description": _flat(scenario.description), "rule": outcome.rule,
        "rationale": _flat(outcome.rationale),
        "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in outcome.sources
                    if s.url.startswith("https://")],
        "steps": [{"text": _flat(s.text), "where": _flat(s.where), "who": _flat(s.who)} for s in outcome.provision],
        "requirements": [_note(rules, n) for n in outcome.requirements],
        "warnings": [_note(rules, n) for n in outcome.warnings],
        "alternatives": [{"text": _flat(a.text), "method": a.method,
                          "method_title": rules.methods[a.method].title if a.method in rules.methods else None}
                         for a in outcome.alternatives],
    }


def links(ext: str) -> dict[str, str]:
    return {"index": f"index{ext}", "matrix": f"matrix{ext}"}


def shown_file(path: str) -> str:
    """A manifest's path as a page shows it: never an absolute path of this machine (relative to the
    working directory, with / separators)."""
    import os

    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:  # another drive (Windows): the file name alone
            path = os.path.basename(path)
    return path.replace(os.sep, "/")


#: the sections of an integration page: (HTML id, Markdown heading slug, title); GitHub and MkDocs
#: make the same slug of these plain headings
SECTIONS = (("about", "the-integration", "The integration"), ("method", "why-this-method", "Why this method"),
            ("flow", "how-the-requests-flow", "How the requests flow"),
            ("setup", "setup-checklist", "Setup checklist"),
            ("snippets", "configuration-snippets", "Configuration snippets"),
            ("requirements", "requirements", "Requirements"), ("warnings", "warnings", "Warnings"),
            ("alternatives", "alternatives", "Alternatives"), ("lint", "lint-status", "Lint status"),
            ("waivers", "waivers", "Waivers"))


def _flow(method: str) -> dict[str, Any]:
    from ..render.flows import diagram_label, first_call

    return {"method": method, "caption": diagram_label(method), "first_call": first_call(method)}


def _toc(rec: Optional[dict], flow: Optional[dict]) -> list[dict[str, str]]:
    if rec is None:
        return [{"id": i, "slug": slug, "title": t} for i, slug, t in SECTIONS if i == "lint"]
    skip = set()
    if not rec["alternatives"]:
        skip.add("alternatives")
    if not flow or not flow["caption"]:
        skip.add("flow")
    return [{"id": i, "slug": slug, "title": t} for i, slug, t in SECTIONS if i not in skip]


def integration_page(entry: Any, rules: Any, ext: str, today: dt.date, memo: Any = None,
                     shared: Optional[dict] = None) -> dict[str, Any]:
    """The context of one manifest's page. An invalid manifest gets its findings and no recommendation.
    `memo`: the run's snippet cache (authadvisor.snippets.memo.SnippetMemo), else each page renders its
    snippets from scratch; `shared`: the run's dict for what pages share (see _recommendation). Either
    way the same bytes."""
    data = entry.data
    file = shown_file(entry.file)
    rec = _recommendation(data, entry.outcome, rules, shared) if data is not None else None
    flow = _flow(rec["method"]) if rec is not None else None
    snippets, snippet_error = entry.rendered_snippets(memo)
    return {
        "page": entry.page,
        "title": data["name"] if data is not None else entry.page,
        "file": file,
        "valid": data is not None,
        "about": about_rows(data, file, rules) if data is not None else [],
        "recommendation": rec,
        "flow": flow,
        "toc": _toc(rec, flow),
        "snippets": [{"target": s.target, "filename": s.filename, "lang": SNIPPET_LANG.get(s.target, ""),
                      "content": s.content} for s in snippets],
        "snippet_error": snippet_error,
        "lint": {**lint_status(entry.findings, entry.suppressed),
                 "findings": [_finding(f) for f in entry.findings]},
        "waivers": _waivers(data, today) if data is not None else [],
        "links": links(ext),
    }


def index_page(entries: Sequence[Any], rules: Any, ext: str) -> dict[str, Any]:
    """Every integration grouped by recommended method (in the rules table's order), with its lint
    status; invalid manifests in a group of their own."""
    groups = []
    for method in rules.table.methods:
        members = [e for e in entries if e.outcome is not None and e.outcome.method == method.id]
        if members:
            groups.append({"method": method.id, "method_title": method.title, "integrations": [{
                "name": e.page, "href": f"{e.page}{ext}", "description": _flat(e.data.get("description")),
                "owner": _flat(e.data.get("owner")), "scenario_title": e.outcome.scenario_title,
                "lint": lint_status(e.findings, e.suppressed)} for e in members]})
    invalid = [{"name": e.page, "href": f"{e.page}{ext}", "file": shown_file(e.file), "lint": lint_status(e.findings,
                e.suppressed)} for e in entries if e.outcome is None]
    valid = [e for e in entries if e.outcome is not None]
    return {
        "table_name": rules.table.table.name,
        "groups": groups,
        "invalid": invalid,
        "totals": {"manifests": len(entries), "integrations": len(valid),
                   "clean": sum(1 for e in valid if not e.findings),
                   "with_findings": sum(1 for e in valid if e.findings), "invalid": len(invalid)},
        "links": links(ext),
    }


def _when(item: Any) -> Optional[str]:
    return None if item.when is None else C.describe(C.parse(item.when))


def matrix_page(rules: Any, ext: str) -> dict[str, Any]:
    """The auth matrix from the rules table: the seed's scenario table, when to use each method, and
    one section per method with its requirements, warnings and the rules (conditions) choosing it."""
    from ..render.rules import rules_data

    table = rules.table
    rows = rules_data(rules)["rules"]  # id, scenario, scenario_title, method, condition, in table order
    by_id = {r.id: r for r in table.rules}
    by_scenario: dict[str, list[str]] = {}
    for row in rows:
        chosen = by_scenario.setdefault(row["scenario"], [])
        if row["method"] not in chosen:
            chosen.append(row["method"])
    methods = []
    for m in table.methods:
        methods.append({
            "id": m.id, "title": m.title, "summary": _flat(m.summary), "when_to_use": _flat(m.get("when_to_use")),
            "sources": _sources(rules, m.sources),
            "requirements": [_note(rules, n, _when(n)) for n in m.requirements],
            "warnings": [_note(rules, n, _when(n)) for n in m.warnings],
            "rules": [{"id": row["id"], "scenario": row["scenario"], "scenario_title": row["scenario_title"],
                       "condition": row["condition"],
                       "notes": [_note(rules, n, _when(n))
                                 for n in (*by_id[row["id"]].requirements, *by_id[row["id"]].warnings)]}
                      for row in rows if row["method"] == m.id],
        })
    return {
        "table_name": table.table.name,
        "hit_policy": table.table.hit_policy,
        "scenarios": [{"id": s.id, "title": s.title, "description": _flat(s.description),
                       "authentication": _flat(s.authentication),
                       "methods": [{"id": mid, "title": rules.methods[mid].title}
                                   for mid in by_scenario.get(s.id, [])]} for s in table.scenarios],
        "when_to_use": [{"id": m.id, "title": m.title, "text": _flat(m.get("when_to_use"))}
                        for m in table.methods if m.get("when_to_use")],
        "methods": methods,
        "links": links(ext),
    }
