"""junit: JUnit XML for Jenkins, GitLab and every CI test-report reader, valid against Jenkins'
junit-10.xsd (the schema pytest validates its own reports with).

One testsuite; one testcase per manifest. A manifest with findings at or above `fail_on` has exactly one
`<failure>`: its `message` summarises them, its `type` lists their check ids and its body lists every one
of them (`file:line:col: severity: message [check]`, one per line). Findings below the threshold go to
the testcase's `<system-out>`. `tests` counts manifests and `failures` failing testcases, on the
testsuite and on testsuites, so they agree with the exit code for every --fail-on. `file_attribute`
adds a `file` attribute to every testcase (GitLab shows it; junit-10.xsd does not allow it).

Written by hand rather than with ElementTree so that nothing reaches the XML unescaped: `&`, `<`, `>`,
quotes, and carriage returns (which an XML parser would otherwise turn into line feeds) are character
references; control characters that XML 1.0 cannot carry at all are shown as \\uHHHH text."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from heapq import merge
from itertools import islice
from typing import Any

from ..findings import SEVERITY_RANK, Finding
from ..lint.report import LintReport
from ..render.style import Style
from . import PLAIN

NAME = "authadvisor lint"
CLASSNAME = "authadvisor.lint"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR = {**_TEXT, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_RE = re.compile("[&<>\r]")
_ATTR_RE = re.compile('[&<>"\r\n\t]')


def clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: show them as \\u escapes."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def text(value: str) -> str:
    return _TEXT_RE.sub(lambda m: _TEXT[m.group()], clean(value))


def attr(value: Any) -> str:
    return _ATTR_RE.sub(lambda m: _ATTR[m.group()], clean(str(value)))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(failing: list[Finding]) -> str:
    counts = [_plural(sum(1 for f in failing if f.severity == s), s) for s in ("error", "warning", "info")
              if any(f.severity == s for f in failing)]
    first = failing[0]
    more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
    return f"{', '.join(counts)}: line {first.span.line}: {first.message} [{first.check}]{more}"


def _failing(findings: list[Finding], fail_on: str) -> tuple[list[Finding], list[Finding]]:
    if fail_on == "never":
        return [], findings
    rank = SEVERITY_RANK[fail_on]
    return ([f for f in findings if SEVERITY_RANK[f.severity] >= rank],
            [f for f in findings if SEVERITY_RANK[f.severity] < rank])


def _testcase(name: str, findings: list[Finding], fail_on: str, file_attribute: bool) -> tuple[str, bool]:
    failing, other = _failing(findings, fail_on)
    head = f'    <testcase classname="{CLASSNAME}" name="{attr(name)}"'
    if file_attribute:
        head += f' file="{attr(name)}"'
    parts = []
    if failing:
        types = ",".join(dict.fromkeys(f.check for f in failing))
        body = "\n".join(f.format() for f in failing)
        parts.append(f'      <failure type="{attr(types)}" message="{attr(_summary(failing))}">'
                     f"{text(body)}</failure>")
    if other:
        parts.append(f"      <system-out>{text(chr(10).join(f.format() for f in other))}</system-out>")
    if not parts:
        return head + "/>\n", False
    return head + ">\n" + "\n".join(parts) + "\n    </testcase>\n", bool(failing)


def _names(files: tuple, by_file: dict) -> tuple[int, Iterator[str]]:
    """(how many, the names in order) of every testcase: each file linted and each file a finding names,
    once, sorted. The report's files come sorted, so they are merged with the few names only findings
    give (no per-file list or set is built); any other order is sorted here."""
    if all(a < b for a, b in zip(files, islice(files, 1, None))):
        extra = sorted(n for n in by_file if not _has(files, n))
        return len(files) + len(extra), merge(files, extra)
    names = sorted(set(files) | set(by_file))
    return len(names), iter(names)


def _has(ordered: tuple, name: str) -> bool:
    i = bisect_left(ordered, name)
    return i < len(ordered) and ordered[i] == name


BATCH = 256  #: testcases per piece written (a large run is written as it is made, never held whole)


def chunks(report: LintReport, style: Style = PLAIN, *, fail_on: str = "error",
           file_attribute: bool = False) -> Iterator[str]:
    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    tests, names = _names(report.files, by_file)
    failures = sum(1 for found in by_file.values() if _failing(found, fail_on)[0])
    counts = f'tests="{tests}" failures="{failures}" errors="0"'
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<testsuites name="{NAME}" {counts}>\n'
    yield f'  <testsuite name="{NAME}" {counts} skipped="0">\n'
    batch: list[str] = []
    for name in names:
        batch.append(_testcase(name, by_file.get(name, _NONE), fail_on, file_attribute)[0])
        if len(batch) >= BATCH:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)
    yield "  </testsuite>\n</testsuites>\n"


_NONE: list[Finding] = []


def render(report: LintReport, style: Style = PLAIN, *, fail_on: str = "error",
           file_attribute: bool = False) -> str:
    return "".join(chunks(report, style, fail_on=fail_on, file_attribute=file_attribute))
