"""Each output format, validated structurally; the secret values absent from every one of them."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import jsonschema
import pytest

from authadvisor.formats import FORMATS
from authadvisor.formats.github_format import escape_data, escape_property
from tests.conftest import ROOT, run_cli, run_process
from tests.lintcorpus import SECRETS, make_corpus

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info): (?P<msg>.+) "
                  r"\[(?P<check>[a-z0-9-]+)\]$")


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUTHADVISOR_TODAY", "2027-01-01")
    return tmp_path


def lint(*args: str):
    return run_cli(["lint", *args])


def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


#: SHA-256 of the official SARIF 2.1.0 schema (the copy in the project's shared/reference folder)
OFFICIAL_SARIF_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def test_vendored_sarif_schema_is_the_official_one() -> None:
    import hashlib

    assert hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest() == OFFICIAL_SARIF_SHA256
    schema = json.loads(SARIF_SCHEMA.read_text())
    assert schema["id"].endswith("sarif-schema-2.1.0.json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_secret_values_never_appear(corpus: Path, fmt: str) -> None:
    result = lint("--format", fmt)
    assert result.exit_code == 1
    out = result.stdout + result.stderr
    assert "secret-in-manifest" in out
    for kind, value in SECRETS.items():
        assert value not in out, f"{kind} leaked in {fmt} output"


def test_secret_values_never_appear_in_recommend_errors(corpus: Path) -> None:
    for name in ("sub/secrets.yaml", "sub/dupe.yaml"):
        result = run_cli(["recommend", name])
        assert result.exit_code == 1
        for value in SECRETS.values():
            assert value not in result.stdout + result.stderr


def test_text_format(corpus: Path) -> None:
    result = lint()
    lines = result.stdout.rstrip("\n").split("\n")
    summary = lines.pop()
    pattern = r"\d+ problems \(\d+ errors?, \d+ warnings?, \d+ info\) in 5 of 6 files"
    assert re.fullmatch(pattern, summary), summary
    assert lines.pop() == ""
    files_seen = []
    for line in lines:
        if line == "":
            continue
        m = LINE.match(line)
        assert m, line
        if not files_seen or files_seen[-1] != m["file"]:
            assert m["file"] not in files_seen, "findings of one file must be grouped together"
            files_seen.append(m["file"])
    assert files_seen == sorted(files_seen)
    groups = "\n".join(lines).split("\n\n")
    assert len(groups) == len(files_seen)  # one blank line between files, none inside a group
    assert "\033[" not in result.stdout  # not a terminal: no colour


def test_text_colour_only_when_asked_or_on_a_terminal(corpus: Path) -> None:
    assert b"\033[" in run_process(["--color", "always", "lint"], cwd=corpus).stdout
    assert b"\033[" not in run_process(["--color", "never", "lint"], cwd=corpus).stdout
    assert b"\033[" not in run_process(["lint"], cwd=corpus).stdout  # auto: a pipe is not a terminal
    out = corpus / "report.txt"
    run_process(["--color", "always", "lint", "--output", str(out)], cwd=corpus)
    assert "\033[" not in out.read_text()  # never colour into a file


def test_text_colour_on_a_terminal() -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(sys.executable, ["-m", "authadvisor", "lint", "examples/pos-terminal.yaml"],
                          cwd=str(ROOT),
                          env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": ""}, timeout=60)
    out = child.read()
    assert b"\033[" in out and b"no problems" in out


def test_json_format(corpus: Path) -> None:
    data = json.loads(lint("--format", "json").stdout)
    assert list(data) == ["findings", "summary"]
    keys = ["check", "severity", "file", "line", "column", "end_line", "end_column", "message", "rule"]
    for f in data["findings"]:
        assert list(f) == keys
        assert f["line"] >= 1 and f["column"] >= 1
        assert (f["end_line"], f["end_column"]) >= (f["line"], f["column"])
    order = [(f["file"], f["line"], f["column"]) for f in data["findings"]]
    assert order == sorted(order)
    assert list(data["summary"]) == ["files", "findings", "error", "warning", "info", "suppressed"]
    s = data["summary"]
    assert s["files"] == 6 and s["findings"] == len(data["findings"]) == s["error"] + s["warning"] + s["info"]
    mismatch = [f for f in data["findings"] if f["check"] == "method-mismatch"]
    assert mismatch and mismatch[0]["rule"] == "pos-server-to-server"
    assert all(f["rule"] is None for f in data["findings"] if f["check"] != "method-mismatch")


def test_sarif_is_valid_and_complete(corpus: Path) -> None:
    log = json.loads(lint("--format", "sarif").stdout)
    sarif_validator().validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert {"yaml-syntax", "schema", "method-mismatch", "secret-in-manifest", "unused-waiver"} <= set(ids)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
        assert rule["helpUri"].startswith("https://")
    levels = {"error": "error", "warning": "warning", "info": "note"}
    json_findings = json.loads(lint("--format", "json").stdout)["findings"]
    assert len(run["results"]) == len(json_findings)
    for result, f in zip(run["results"], json_findings):
        assert result["ruleId"] == f["check"] and ids[result["ruleIndex"]] == f["check"]
        assert result["level"] == levels[f["severity"]]
        assert result["message"]["text"] == f["message"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == f["file"]
        assert loc["region"] == {"startLine": f["line"], "startColumn": f["column"],
                                 "endLine": f["end_line"], "endColumn": f["end_column"]}


def test_sarif_clean_run_is_a_valid_log_with_no_results(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok.yaml").write_text("authadvisor: 1\nname: ok\nintegration: {caller: backend_service}\n")
    monkeypatch.chdir(tmp_path)
    result = lint("--format", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    sarif_validator().validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"]


def test_sarif_uri_is_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "odd dir/a,b#c.yaml"
    (tmp_path / "odd dir").mkdir()
    (tmp_path / name).write_text("authadvisor: 1\nname: Bad\nintegration: {caller: backend_service}\n")
    monkeypatch.chdir(tmp_path)
    log = json.loads(lint("--format", "sarif").stdout)
    sarif_validator().validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "odd%20dir/a%2Cb%23c.yaml"


GITHUB = re.compile(r"^::(?P<cmd>error|warning|notice) file=(?P<file>[^,:]+),"
                    r"line=(?P<line>\d+),col=(?P<col>\d+),"
                    r"endLine=(?P<el>\d+),endColumn=(?P<ec>\d+),title=(?P<title>[^,:]+)::(?P<msg>.+)$")


def test_github_format(corpus: Path) -> None:
    lines = lint("--format", "github").stdout.splitlines()
    data = json.loads(lint("--format", "json").stdout)["findings"]
    assert len(lines) == len(data)
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    for line, f in zip(lines, data):
        m = GITHUB.match(line)
        assert m, line
        assert m["cmd"] == commands[f["severity"]] and m["file"] == f["file"]
        assert (int(m["line"]), int(m["col"]), int(m["el"]), int(m["ec"])) == \
            (f["line"], f["column"], f["end_line"], f["end_column"])
        assert m["title"] == f["check"]
        assert m["msg"] == escape_data(f["message"]) + f" [{f['check']}]"
    assert any(line.startswith("::notice ") for line in lines)  # the unused waiver (info)


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("dir/a,b: c%\n") == "dir/a%2Cb%3A c%25%0A"


def test_github_escapes_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a,b:c.yaml").write_text(
        "authadvisor: 1\nname: Bad\nintegration: {caller: backend_service}\n")
    monkeypatch.chdir(tmp_path)
    line = lint("--format", "github").stdout.splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac.yaml,line=2,col=7,")


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_byte_identical_across_runs(corpus: Path, fmt: str) -> None:
    first = lint("--format", fmt).stdout_bytes
    assert first and lint("--format", fmt).stdout_bytes == first
