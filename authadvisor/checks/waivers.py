"""Stage 3: waivers. A manifest `waivers:` entry (check, reason, optional expires) suppresses its check
for the whole file; an inline comment `# authadvisor: ignore[check-id] reason` suppresses it on that
line. Produces waiver-expired (the check fires again), unused-waiver, and `schema` findings for a waiver
naming an unknown check or an inline ignore without a reason.

secret-in-manifest is different, as in detect-secrets baselines and .gitleaksignore: only a manifest
waiver that names the secret's fingerprint (shown in the finding; a hash, never the value) accepts it,
and only that exact value: a new or changed secret fires again. A waiver of it without a fingerprint,
or an inline ignore of it, waives nothing and is reported.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any, Optional

from ..findings import MAX_PER_CHECK, Finding, Span, more_finding
from ..inert import quoted
from ..suggest import did_you_mean
from . import FileContext

EXPIRED, UNUSED, SCHEMA, SECRET = "waiver-expired", "unused-waiver", "schema", "secret-in-manifest"
STAGE_CHECKS = (EXPIRED, UNUSED)
_INLINE = re.compile(r"(?:^|(?<=[ \t]))#[ \t]*authadvisor:[ \t]*ignore\[([^\]\n]*)\][ \t]*(.*)")


class _Waiver:
    """A manifest waiver or an inline ignore: `line` is the line an inline ignore covers (None: the whole
    file), `path` where a manifest waiver's entry is, `span` where an inline comment is, `fingerprint` the
    one secret a secret-in-manifest waiver accepts; `used` collects what it suppressed. A plain slotted
    class, not a dataclass: one fewer to generate at every start."""

    __slots__ = ("checks", "line", "path", "span", "expired", "used", "fingerprint")

    def __init__(self, checks: tuple[str, ...], line: Optional[int], path: tuple = (), span: Optional[Span] = None,
                 expired: bool = False, fingerprint: Optional[str] = None) -> None:
        self.checks = checks
        self.line = line
        self.path = path
        self.span = span
        self.expired = expired
        self.used: set = set()
        self.fingerprint = fingerprint

    def covers(self, f: Finding) -> bool:
        if self.expired or f.check not in self.checks:
            return False
        if f.check == SECRET:  # one exact secret, by its fingerprint, and never by an inline ignore
            return self.line is None and self.fingerprint is not None and self.fingerprint == f.fingerprint
        return self.line in (None, f.line)


@lru_cache(maxsize=1)
def _waiver_schema() -> dict:
    from ..manifest.fastschema import load_schema
    from ..manifest.validate import MANIFEST_SCHEMA

    manifest = load_schema(MANIFEST_SCHEMA)
    return {"$defs": manifest["$defs"], **manifest["$defs"]["Waiver"]}


def _manifest_waivers(ctx: FileContext, out: list[Finding]) -> list[_Waiver]:
    entries = ctx.doc.data.get("waivers") if ctx.doc is not None else None
    if not isinstance(entries, list):
        return []
    from ..manifest.fastschema import validate  # (after the early return: lint asks every file)

    checked = _checked_waivers(ctx.doc)
    known, found, unknown, more = ctx.registry.ids, [], 0, None
    for i, entry in enumerate(entries):
        waiver, errors = checked[i] if checked is not None else validate(entry, _waiver_schema())
        if errors:
            continue  # the loader's schema finding says what is wrong; an invalid waiver waives nothing
        check = waiver["check"]
        if check not in known:
            unknown += 1
            if unknown > MAX_PER_CHECK:  # past the cap only counted: no message, no position look-up
                more = more or ("waivers", i, "check")
                continue
            out.append(ctx.doc.finding(
                f'waiver for unknown check "{_short(check)}"{_suggest(check, known, out)}; '
                "run 'authadvisor checks' to list the check ids", ("waivers", i, "check"), check=SCHEMA))
            continue
        fingerprint = waiver.get("fingerprint")
        if (check == SECRET) != (fingerprint is not None):
            out.append(ctx.doc.finding(
                "a waiver of secret-in-manifest must name the fingerprint shown in the finding "
                "(fingerprint: ...): it accepts that one value only; better, remove the secret and rotate it"
                if check == SECRET else "a fingerprint only goes with a waiver of secret-in-manifest",
                ("waivers", i, "check" if check == SECRET else "fingerprint"), check=SCHEMA))
            continue
        expires = waiver["expires"]
        expired = expires is not None and ctx.today is not None and expires < ctx.today
        w = _Waiver((check,), None, path=("waivers", i), expired=expired, fingerprint=fingerprint)
        if expired and expires is not None:
            out.append(ctx.doc.finding(
                f"the waiver for {check} expired on {expires.isoformat()}, so the check "
                "applies again: fix the finding, or renew the waiver with a later date and a reason that "
                "still holds",
                ("waivers", i, "expires"), check=EXPIRED, severity=ctx.severity(EXPIRED)))
        found.append(w)
    if more is not None:
        out.append(more_finding(SCHEMA, "error", unknown - MAX_PER_CHECK, ctx.name, ctx.doc.span(more)))
    return found


def _checked_waivers(doc: Any) -> Optional[list]:
    """(normalized entry, has errors) per waiver, from the loader's validation of the whole manifest (the
    same schema), or None when the document was not validated that way."""
    if doc.validation is None:
        return None
    data, errors = doc.validation
    entries = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return None
    bad = {e["loc"][1] for e in errors if len(e["loc"]) > 1 and e["loc"][0] == "waivers"}
    if any(e["loc"] == ("waivers",) for e in errors):
        return None
    return [(entry, i in bad) for i, entry in enumerate(entries)]


def _suggest(check: str, known: Any, out: list[Finding]) -> str:
    """Did-you-mean for an unknown id, for the first MAX_PER_CHECK problems of a file only (the rest are
    folded into one finding anyway, and a hostile file may hold 20,000 of them)."""
    return did_you_mean(check, known) if len(out) < MAX_PER_CHECK else ""


def _inside_scalar(ranges: list[tuple[int, int]], starts: list[int], at: int) -> bool:
    i = bisect_right(starts, at) - 1
    return i >= 0 and at < ranges[i][1]


def _scalar_ranges(root: Any) -> list[tuple[int, int]]:
    """(start, end) character offsets of every scalar, sorted: a `#` inside one is not a comment."""
    out, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:  # aliases share nodes: visit each once
            continue
        seen.add(id(node))
        if isinstance(node.value, str):
            out.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node.value, list):
            for item in node.value:
                stack.extend(item if isinstance(item, tuple) else (item,))
    return sorted(out)


def _short(check_id: str) -> str:
    """An id as echoed in a message: ids are short, so anything longer is cut (a hostile file may hold a
    200 KB one)."""
    return check_id if len(check_id) <= 64 else check_id[:61] + "..."


def _inline_waivers(ctx: FileContext, out: list[Finding]) -> list[_Waiver]:
    text = ctx.text
    if not text or "ignore[" not in text or "authadvisor" not in text:
        return []
    from ..manifest.lines import LineTable  # (after the early return: lint asks every file)

    # one line table for findings and ignores: lines end at LF, CRLF or CR, as in editors and on GitHub
    table = ctx.doc.lines if ctx.doc is not None and ctx.doc.text == text else LineTable(text)
    ranges = _scalar_ranges(ctx.doc.root) if ctx.doc is not None else []
    starts = [a for a, _b in ranges]
    known, found, name = ctx.registry.ids, [], ctx.name
    for n, line in enumerate(table.lines()):
        match = _INLINE.search(line) if "ignore[" in line else None
        if match is None:
            continue
        if _inside_scalar(ranges, starts, table.starts[n] + match.start()):
            continue
        span = Span(n + 1, match.start() + 1, n + 1, len(line) + 1)
        ids = [s.strip() for s in match.group(1).split(",") if s.strip()]
        reason = match.group(2).strip()
        problem = None
        if not ids:
            problem = "an inline ignore names no check: # authadvisor: ignore[check-id] reason"
        elif not reason:
            problem = ("an inline ignore needs a reason after the brackets: "
                       f"# authadvisor: ignore[{', '.join(map(_short, ids))}] why this is acceptable")
        for check in ids:
            if check not in known:
                out.append(Finding(SCHEMA, "error", f"inline ignore for unknown check {quoted(check)}"
                                   f"{_suggest(check, known, out)}; "
                                   "run 'authadvisor checks' to list the check ids",
                                   name, span))
            elif check == SECRET:
                out.append(Finding(SCHEMA, "error", "an inline ignore cannot silence secret-in-manifest: "
                                   "waive the one value by its fingerprint under waivers:, or better, "
                                   "remove the secret and rotate it", name, span))
        if problem:
            out.append(Finding(SCHEMA, "error", problem, name, span))
            continue
        checks = tuple(c for c in ids if c in known and c != SECRET)
        if checks:
            found.append(_Waiver(checks, n + 1, span=span))
    return found


def apply(ctx: FileContext, findings: list[Finding]) -> tuple[list[Finding], int]:
    """(findings left after the waivers, plus the waivers' own findings; how many were suppressed)."""
    extra: list[Finding] = []
    waivers = _manifest_waivers(ctx, extra) + _inline_waivers(ctx, extra)
    if not waivers:
        return findings + extra, 0
    kept, suppressed = [], 0
    by_line: dict[Optional[int], list[_Waiver]] = {}  # a file of 20,000 ignores: no waivers x findings scan
    for w in waivers:
        if not w.expired:
            by_line.setdefault(w.line, []).append(w)
    for f in findings:
        hits = [w for w in (*by_line.get(None, ()), *by_line.get(f.line, ())) if w.covers(f)]
        for w in hits:
            w.used.add(f.check)
        if hits:
            suppressed += 1
        else:
            kept.append(f)
    for w in waivers:
        for check in w.checks:
            if w.expired or check in w.used or not ctx.registry.enabled(check):
                continue
            if w.fingerprint is not None:
                extra.append(ctx.doc.finding(
                    f"the waiver for {check} with fingerprint {w.fingerprint} is unused: no secret with that "
                    "fingerprint in this file (removed, or changed: a changed secret fires again); "
                    "remove the waiver", (*w.path, "fingerprint"), check=UNUSED, severity=ctx.severity(UNUSED)))
            elif w.span is None:
                extra.append(ctx.doc.finding(
                    f"the waiver for {check} is unused: {check} did not fire in this file; remove the waiver",
                    (*w.path, "check"), check=UNUSED, severity=ctx.severity(UNUSED)))
            else:
                message = (f"the inline ignore for {check} is unused: no {check} finding on line {w.line}; "
                           "remove it")
                extra.append(Finding(UNUSED, ctx.severity(UNUSED), message, ctx.name, w.span))
    return kept + extra, suppressed
