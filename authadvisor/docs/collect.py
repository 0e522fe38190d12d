"""Find the manifests (exactly as lint does), and for each: its validated data, its recommendation,
its lint findings and its snippets. An invalid manifest is kept (its findings, no recommendation); only
names that clash stop the run, because each name is a page's file name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

from ..errors import ManifestError
from ..findings import Finding, Span
from ..manifest import vocab
from ..rules.outcome import Outcome

#: page names the docs use themselves
RESERVED = ("index", "matrix")
DUPLICATE, RESERVED_NAME = "duplicate-name", "reserved-name"
_NAME = re.compile(vocab.NAME_PATTERN)


@dataclass(frozen=True)
class Entry:
    """One manifest, ready for its page."""

    page: str  #: the page's file name without extension: the manifest's name (or a slug of its path)
    file: str  #: the manifest's path, as shown everywhere (relative, as given)
    data: Optional[dict]  #: validated, normalized manifest data; None when the manifest is invalid
    outcome: Optional[Outcome]  #: the recommendation; None when invalid
    findings: tuple[Finding, ...]  #: lint findings after waivers, sorted
    suppressed: int  #: findings waived (manifest waivers and inline ignores)
    span: Span = Span.at(1, 1)  #: where the name is, for clash errors
    rules: Any = field(default=None, compare=False, repr=False)  #: the table the snippets are rendered from

    def rendered_snippets(self, memo: Any = None) -> tuple[tuple, Optional[str]]:
        """(snippets in target order, why they could not be rendered): rendered on demand and not kept,
        so a run over many manifests holds no snippet text beyond the page being written (and what
        `memo`, a run's authadvisor.snippets.memo.SnippetMemo, keeps: its bounded caches of pieces)."""
        if self.data is None or self.outcome is None or self.rules is None:
            return (), None
        return _snippets(self.data, self.outcome, self.rules, memo)

    @property
    def snippets(self) -> tuple:
        """authadvisor.snippets.Snippet, in target order (rendered on each access)."""
        return self.rendered_snippets()[0]

    @property
    def snippet_error(self) -> Optional[str]:
        """Why the snippets could not be rendered (a value they refuse), else None."""
        return self.rendered_snippets()[1]


def slug(path: str) -> str:
    """A page name for a manifest without a usable name: its path without the extension, kebab-cased."""
    stem = re.sub(r"\.(ya?ml|json)$", "", path, flags=re.I)
    text = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:63].strip("-")
    return text or "manifest"


def _page_name(parsed: Any, name: str) -> tuple[str, Span]:
    """The manifest's own name when it is a valid one (also in an invalid manifest: the page keeps its
    file name while the file is being fixed), else a slug of the path. A name that looks like a
    credential (an MD5 digest is a valid name) is never used."""
    from ..manifest.credentials import credential_value

    data = parsed.validated if parsed.validated is not None else (parsed.doc.data if parsed.doc else None)
    value = data.get("name") if isinstance(data, dict) else None
    if isinstance(value, str) and _NAME.fullmatch(value) and not credential_value(value):
        return value, parsed.doc.span(("name",))
    return slug(name), Span.at(1, 1)


def _snippets(data: dict, outcome: Outcome, rules: Any, memo: Any = None) -> tuple[tuple, Optional[str]]:
    from ..snippets import INLINE_TARGETS, render_snippets
    from ..snippets.filters import SnippetValueError

    try:
        if memo is not None:
            return tuple(memo.render(data, outcome, rules, INLINE_TARGETS)), None
        return tuple(render_snippets(data, outcome, rules, INLINE_TARGETS)), None
    except SnippetValueError as exc:  # a value no snippet can carry: the page says so, the rest goes on
        return (), str(exc)


def _entry(parsed: Any, target: Any, plan: Any) -> Entry:
    from ..lint.linter import lint_parsed
    from ..rules.tables import outcome_for

    result = lint_parsed(parsed, plan)
    page, span = _page_name(parsed, parsed.name)
    data = parsed.validated
    if data is None:
        return Entry(page, parsed.name, None, None, result.findings, result.suppressed, span=span)
    outcome = outcome_for(data, plan.rules)
    return Entry(page, parsed.name, data, outcome, result.findings, result.suppressed, span, plan.rules)


def _read_some(targets: Sequence[Any], plan: Any) -> list[tuple]:
    """Each target that is a manifest, read and linted: its Entry's fields but the outcome and the table
    (a worker sends these back; the parent takes the outcome from the table it shares)."""
    from ..manifest import files as loader

    out = []
    for target in targets:
        parsed = loader.read(target.path, target.name, explicit=target.explicit)
        if parsed is not None:
            e = _entry(parsed, target, plan)
            out.append((e.page, e.file, e.data, e.findings, e.suppressed, e.span))
    return out


def _clashes(entries: Sequence[Entry]) -> list[Finding]:
    """Two manifests with one name (or a name the docs' own pages use) cannot both have a page."""
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.page, []).append(e)
    out: list[Finding] = []
    for page, group in groups.items():
        if page in RESERVED:
            out += [Finding(RESERVED_NAME, "error", f'integration name "{page}" is the file name of the docs\' '
                            f"own {page} page; rename the integration", e.file, e.span) for e in group]
        elif len(group) > 1:
            for e in group:
                others = ", ".join(f"{o.file}:{o.span.line}:{o.span.column}" for o in group if o is not e)
                out.append(Finding(DUPLICATE, "error", f'integration name "{page}" is also used by {others}; '
                                   "names must be unique (each one names a page)", e.file, e.span))
    return sorted(out, key=Finding.sort_key)


def collect(paths: Sequence[str], rules: Any, *, exclude: Iterable[str] = (), exclude_root: Optional[str] = None,
            severity: Optional[Mapping[str, str]] = None, today: Optional[dt.date] = None,
            follow_symlinks: bool = False) -> tuple[list[Entry], Any]:
    """(entries sorted by page name, the lint plan used) for the manifests under `paths`.

    UsageError when a path is missing; ManifestError (exit 1) naming both files when two manifests
    share a name."""
    from ..lint import Plan, today_from_env
    from ..lint.discover import Excluder, discover
    from ..rules.tables import outcome_for
    from .parallel import jobs, map_names

    plan = Plan.build(rules, severity, today or today_from_env())
    targets = list(discover(list(paths), Excluder(exclude, exclude_root), follow_symlinks=follow_symlinks))
    entries = [Entry(page, file, data, None if data is None else outcome_for(data, plan.rules), findings,
                     suppressed, span, None if data is None else plan.rules)
               for page, file, data, findings, suppressed, span in map_names(_read_some, targets, (plan,),
                                                                               jobs(len(targets)))]
    clashes = _clashes(entries)
    if clashes:
        raise ManifestError("integration names clash", clashes)
    return sorted(entries, key=lambda e: e.page), plan
