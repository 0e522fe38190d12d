"""Onboarding docs: one page per integration manifest, an index and the authentication matrix, rendered
from the rules table in Markdown or self-contained HTML.

    from authadvisor.docs import build_docs, check_docs, write_docs
    docs = build_docs(["examples"], fmt="md")
    write_docs(docs, "docs/integrations")         # or: check_docs(docs, "docs/integrations") -> differences

Manifests are found exactly as `authadvisor lint` finds them, and linted with the same checks (the
page shows the findings). An invalid manifest still gets a page (its findings, no recommendation).
Output is deterministic: no time in it unless `timestamp` is given (SOURCE_DATE_EPOCH, when set, fixes
it for reproducible builds). "Today", for waiver expiry, is `today`, else AUTHADVISOR_TODAY, else the
system date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import UsageError
from .collect import Entry
from .output import Difference, Written, compare, write
from .render import FORMATS, MARKER, STAMP

__all__ = ["FORMATS", "MARKER", "STAMP", "Difference", "Docs", "Entry", "Written", "build_docs", "check_docs",
           "timestamp_now", "write_docs"]


@dataclass(frozen=True)
class Docs:
    format: str
    pages: Mapping[str, str]  #: file name -> text, sorted by file name; each page rendered when read
    entries: tuple[Entry, ...]  #: one per manifest, sorted by page name
    stamped: bool = False  #: the pages carry a --timestamp line
    extra: Optional[dict] = None  #: files written beside the pages (MkDocs nav, questionnaire page)

    @property
    def files(self) -> Mapping[str, str]:
        """Every file the render writes: the pages and the extra files, sorted by name (pages still render
        one at a time, when read)."""
        from .render import Pages

        if isinstance(self.pages, Pages):
            return self.pages.plus(self.extra or {})
        return dict(sorted({**self.pages, **(self.extra or {})}.items()))

    @property
    def invalid(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.data is None)


def timestamp_now() -> str:
    """The time for --timestamp, in UTC to the second: SOURCE_DATE_EPOCH when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        shown = ascii(epoch if len(epoch) <= 40 else epoch[:40] + "...")  # escaped, short: never raw
        # ASCII digits only (str.isdigit also takes "١٢٣" and "²")
        if not (epoch.isascii() and epoch.isdigit()):
            raise UsageError(f"SOURCE_DATE_EPOCH={shown} is not a number of seconds since 1970 "
                             "(ASCII digits, e.g. 1767225600)")
        try:
            when = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={shown} is out of range: the latest time it can be is "
                             "253402300799 (9999-12-31T23:59:59Z)") from None
    else:
        when = dt.datetime.now(tz=dt.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_docs(paths: Sequence[str], *, fmt: str = "md", rules: Any = None, exclude: Iterable[str] = (),
               exclude_root: Optional[str] = None, severity: Optional[Mapping[str, str]] = None,
               today: Optional[dt.date] = None, timestamp: Optional[str] = None,
               questionnaire: bool = False, follow_symlinks: bool = False) -> Docs:
    """Collect and lint every manifest; the pages render when read (write_docs and check_docs stream them:
    render, write or compare, drop). UsageError for an unknown format, a missing path or no manifests;
    ManifestError when two manifests share a name (both named)."""
    from .collect import collect
    from .render import render_pages

    if fmt not in FORMATS:
        raise UsageError(f'unknown docs format "{fmt}" (choose from {", ".join(FORMATS)})')
    if rules is None:
        from ..rules.tables import builtin_rules

        rules = builtin_rules()
    entries, plan = collect(paths, rules, exclude=exclude, exclude_root=exclude_root, severity=severity,
                            today=today, follow_symlinks=follow_symlinks)
    if not entries:
        raise UsageError(f"no manifests found in {', '.join(paths) or '.'} (*.yaml, *.yml or *.json files "
                         "with an 'authadvisor' key)")
    from .render import extra_files

    pages = render_pages(entries, rules, fmt, plan.today, timestamp, questionnaire)
    return Docs(fmt, pages, tuple(entries), stamped=timestamp is not None,
                extra=extra_files(entries, rules, fmt, questionnaire))


def _jobs(docs: Docs) -> int:
    """Every core for many pages (docs.parallel), after compiling what every page uses once."""
    from .parallel import jobs

    n = jobs(len(docs.pages))
    if n > 1:
        from .render import Pages

        if isinstance(docs.pages, Pages):
            docs.pages.prepare()  # compiled once here, inherited by every worker
    return n


def check_docs(docs: Docs, directory: str) -> list[Difference]:
    """How `directory` differs from the fresh render (empty: up to date). With a --timestamp render, the
    time on the stamp lines is not compared."""
    return compare(docs.files, directory, ignore_stamp=docs.stamped, jobs=_jobs(docs))


def write_docs(docs: Docs, directory: str) -> Written:
    return write(docs.files, directory, jobs=_jobs(docs))
