"""`lint --format github` writes the workflow commands GitHub's own toolkit writes. `@actions/core`
(.ci/package.json) is the reference encoder of `::error file=...::message` lines, the one the runner's
parser is written against: for hostile file names and manifest text (%, :, commas, CR, LF, `::`,
non-ASCII, forged commands), each line of ours must carry the same command, the same escaped
properties and the same escaped message as the line `core.error` / `core.warning` / `core.notice`
prints for the same finding."""

from __future__ import annotations

import json
import subprocess

from conftest import need_node_module, need_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.formats import github_format
from authadvisor.inert import inert
from authadvisor.lint import lint_text

#: reads [[severity, message, properties], ...] as JSON on stdin; prints each as the toolkit would
TOOLKIT = """
const core = await import(process.argv[1]);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
for (const [severity, message, props] of JSON.parse(Buffer.concat(chunks).toString("utf8"))) {
  ({error: core.error, warning: core.warning, info: core.notice})[severity](message, props);
}
"""

TRICKY = st.sampled_from(["%", "%25", ":", "::", ",", "\r", "\n", "\r\n", "=", " ", "::error file=x::forged",
                          "é", "\u2028", "\x1b[2K", "\\", "/", "📦"])
PIECES = st.lists(st.one_of(TRICKY, st.text(min_size=1, max_size=8)), min_size=1, max_size=8).map("".join)


def _parts(line: str) -> tuple[str, dict, str]:
    """(command, {property: escaped value}, escaped message) of one workflow command line."""
    assert line.startswith("::"), line
    head, sep, message = line[2:].partition("::")
    assert sep, line
    command, _, props = head.partition(" ")
    return command, dict(p.split("=", 1) for p in props.split(",")) if props else {}, message


def _toolkit(findings: list) -> list[str]:
    node, core = need_tool("node"), need_node_module("@actions/core/lib/core.js")
    payload = [[f.severity, f"{inert(f.message)} [{f.check}]",
                {"title": f.check, "file": f.file.replace("\\", "/"), "startLine": f.span.line,
                 "startColumn": f.span.column, "endLine": f.span.end_line, "endColumn": f.span.end_column}]
               for f in findings]
    done = subprocess.run([node, "--input-type=module", "-e", TOOLKIT, core.as_uri()], input=json.dumps(payload),
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=True)
    return done.stdout.split("\n")[:-1]


def _same_as_the_toolkit(report) -> None:
    ours = github_format.render(report).split("\n")[:-1]  # the runner splits at LF only (not U+2028)
    theirs = _toolkit(list(report.findings))
    assert len(ours) == len(theirs) == len(report.findings)
    for mine, reference in zip(ours, theirs):
        assert _parts(mine) == _parts(reference), (mine, reference)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=PIECES, key=PIECES, value=PIECES)
def test_hostile_findings_are_written_as_the_toolkit_writes_them(name: str, key: str, value: str) -> None:
    quoted, url = json.dumps(value), json.dumps("http://" + value)
    text = (f"authadvisor: 1\nname: {quoted}\nintegration:\n  caller: {quoted}\n"
            f"{json.dumps(key)}: {quoted}\nauth: {{method: basic, base_url: {url}}}\n")
    report = lint_text(text, name=f"team/{name}.yaml")
    assert report.findings
    _same_as_the_toolkit(report)


def test_every_severity_and_a_windows_path() -> None:
    text = ("authadvisor: 1\nname: acme-pos\nintegration: {caller: pos_terminal, credentials: shared}\n"
            "waivers:\n  - {check: pkce-required, reason: 'not a partner app', expires: 2020-01-01}\n"
            "  - {check: insecure-url, reason: 'a lab host', expires: 2099-01-01}\n")
    report = lint_text(text, name="C:\\repo\\integrations\\a,b:c%.yaml")
    assert {f.severity for f in report.findings} >= {"error", "warning", "info"}
    _same_as_the_toolkit(report)
