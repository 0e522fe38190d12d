"""`authadvisor snippets` and `recommend --snippets`: the command surface, files and modes."""

from __future__ import annotations

import json
import os
import stat

import pytest
import yaml
from conftest import EXAMPLES, run_cli, run_process
from snippetkit import render

from authadvisor.snippets import TARGETS

POS = str(EXAMPLES / "pos-terminal.yaml")
BACKEND = str(EXAMPLES / "backend-service.yaml")


@pytest.mark.parametrize("lang", TARGETS)
def test_one_target_prints_exactly_that_snippet(lang):
    result = run_cli(["snippets", POS, "--lang", lang])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == render("basic")[lang].content


def test_all_targets_each_under_a_header_line():
    result = run_cli(["snippets", BACKEND])
    assert result.exit_code == 0, result.stderr
    headers = [line for line in result.stdout.splitlines() if line.startswith("==> ")]
    assert headers == [f"==> {name} ({target}) <==" for target, (name, _) in TARGETS.items()]
    for snippet in render("oauth2_client_credentials").values():
        assert snippet.content in result.stdout
    assert run_cli(["snippets", BACKEND, "--lang", "all"]).stdout == result.stdout


def test_out_writes_one_file_per_target_with_modes(tmp_path):
    out = tmp_path / "deep" / "auth"
    result = run_cli(["snippets", BACKEND, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(out)) == sorted(name for name, _ in TARGETS.values())
    expected = render("oauth2_client_credentials")
    for target, (name, mode) in TARGETS.items():
        path = out / name
        assert path.read_text(encoding="utf-8") == expected[target].content
        assert stat.S_IMODE(path.stat().st_mode) == mode
        assert f"wrote {path} ({target})" in result.stdout
    again = run_cli(["snippets", BACKEND, "--out", str(out)])  # rewriting is fine and identical
    assert again.exit_code == 0 and (out / "auth.sh").read_text() == expected["curl"].content


def test_out_with_one_target(tmp_path):
    result = run_cli(["snippets", POS, "--lang", "openapi", "--out", str(tmp_path)])
    assert result.exit_code == 0 and os.listdir(tmp_path) == ["openapi.yaml"]


def test_out_into_a_file_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli(["snippets", POS, "--out", str(blocker)])
    assert result.exit_code == 2 and result.stderr.startswith(f"error: cannot create {blocker}")


@pytest.mark.parametrize("args, code, fragment", [
    (["snippets", POS, "--lang", "ruby"], 2, "Invalid value for '--lang'"),
    (["snippets", "missing.yaml"], 2, "file not found: missing.yaml"),
    (["snippets"], 2, "Missing argument 'FILE'"),
])
def test_usage_errors(args, code, fragment):
    result = run_cli(args)
    assert result.exit_code == code and fragment in result.stderr and result.stdout == ""


def test_invalid_manifest_is_reported_at_its_position():
    result = run_cli(["snippets", "-"], input="authadvisor: 1\nname: x\nintegration: {caller: nope}\n")
    assert result.exit_code == 1
    assert result.stderr.startswith('<stdin>:3:23: error: unknown caller "nope"')


def test_secret_in_manifest_is_refused_and_not_echoed():
    text = "authadvisor: 1\nname: x\ndescription: Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWVi\n" \
           "integration: {caller: pos_terminal}\n"
    result = run_cli(["snippets", "-"], input=text)
    assert result.exit_code == 1 and "[secret-in-manifest]" in result.stderr
    assert "c3RvcmUu" not in result.stderr + result.stdout


def test_help_has_an_example():
    result = run_cli(["snippets", "--help"])
    assert result.exit_code == 0 and "Example" in result.stdout and "--lang" in result.stdout


def test_recommend_with_snippets_json_and_yaml():
    data = json.loads(run_cli(["recommend", "--snippets", "--format", "json", POS]).stdout)
    assert list(data["snippets"]) == list(TARGETS)
    expected = render("basic")
    for target, (name, _) in TARGETS.items():
        assert data["snippets"][target] == {"filename": name, "content": expected[target].content}
    as_yaml = yaml.safe_load(run_cli(["recommend", "--snippets", "--format", "yaml", POS]).stdout)
    assert as_yaml == data
    plain = json.loads(run_cli(["recommend", "--format", "json", POS]).stdout)
    assert "snippets" not in plain and {k: v for k, v in data.items() if k != "snippets"} == plain


def test_recommend_with_snippets_text():
    text = run_cli(["recommend", "--snippets", POS]).stdout
    before, after = text.split("\nSnippets\n\n", 1)
    assert before == run_cli(["recommend", POS]).stdout
    assert after.startswith("==> auth.sh (curl) <==\n#!/usr/bin/env bash\n")
    assert after == run_cli(["snippets", POS]).stdout


def test_snippets_output_is_deterministic_across_processes():
    first = run_process(["snippets", POS]).stdout
    assert first and run_process(["snippets", POS]).stdout == first


def test_the_snippets_command_does_not_import_pydantic():
    import subprocess
    import sys

    from conftest import ROOT

    # main() ends the process: the check runs as an atexit handler
    code = ("import atexit, sys; sys.argv = ['authadvisor', 'snippets', 'examples/pos-terminal.yaml']\n"
            "atexit.register(lambda: print('pydantic' in sys.modules, 'jinja2' in sys.modules, "
            "file=sys.stderr))\n"
            "from authadvisor.entry import main\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.stderr.strip().splitlines()[-1] == "False True", proc.stderr


def test_library_accepts_pydantic_models_too():
    from authadvisor import load_manifest, load_rules, recommend
    from authadvisor.snippets import render_snippets

    manifest = load_manifest(POS)
    rules = load_rules()
    found = render_snippets(manifest, recommend(manifest, rules), rules)
    assert {s.target: s.content for s in found} == {t: s.content for t, s in render("basic").items()}


def test_library_rejects_an_unknown_target():
    from authadvisor.errors import UsageError

    with pytest.raises(UsageError, match='unknown snippet target "ruby"'):
        render("basic", ["curl", "ruby"])
