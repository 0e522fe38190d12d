"""The CLI surface: every exit code, formats, stdin, colour, explain, --rules, python -m."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from conftest import EXAMPLES, ROOT, run_cli, run_process

POS = str(EXAMPLES / "pos-terminal.yaml")


def test_recommend_text_ok() -> None:
    result = run_cli(["recommend", POS])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Basic auth with till credentials  [basic]" in out
    assert "POS client-to-server integration" in out
    for heading in ("Why", "Provision", "Requirements", "Warnings", "Alternatives", "Sources"):
        assert f"\n{heading}\n" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_recommend_json_contract() -> None:
    result = run_cli(["recommend", "--format", "json", POS])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data)[:3] == ["name", "caller", "source"]
    for key in ("method", "scenario", "scenario_title", "method_title", "rule", "rationale", "provision",
                "requirements", "warnings", "alternatives", "trace"):
        assert key in data
    assert data["name"] == "acme-pos-store-042"
    assert data["caller"] == "pos_terminal"
    assert data["source"] == POS
    assert data["method"] == "basic" and data["rule"] == "pos-client-to-server"
    assert len(data["trace"]) == 8 and sum(t["matched"] for t in data["trace"]) == 1


def test_recommend_yaml_matches_json() -> None:
    as_json = json.loads(run_cli(["recommend", "--format", "json", POS]).stdout)
    as_yaml = yaml.safe_load(run_cli(["recommend", "--format", "yaml", POS]).stdout)
    assert as_json == as_yaml


def test_output_is_deterministic() -> None:
    for fmt in ("text", "json", "yaml"):
        first = run_process(["recommend", "--format", fmt, POS]).stdout
        assert first and run_process(["recommend", "--format", fmt, POS]).stdout == first


def test_stdin() -> None:
    text = (EXAMPLES / "partner-app.yaml").read_text()
    result = run_cli(["recommend", "--format", "json", "-"], input=text)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["source"] == "<stdin>" and data["method"] == "oauth2_authorization_code"


def test_invalid_manifest_exits_1() -> None:
    result = run_cli(["recommend", "-"], input="authadvisor: 1\nname: x\nintegration: {caller: nope}\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("<stdin>:3:23: error: unknown caller \"nope\"")


@pytest.mark.parametrize("args, fragment", [
    (["recommend", "missing.yaml"], "file not found: missing.yaml"),
    (["recommend", str(ROOT)], "is a directory"),
    (["recommend", "--format", "xml", POS], "Invalid value for '--format'"),
    (["recommend"], "Missing argument 'FILE'"),
    (["no-such-command"], "No such command"),
    (["--rules", "/nonexistent/rules", "recommend", POS], "rules directory not found"),
    (["--color", "sometimes", "recommend", POS], "Invalid value for '--color'"),
])
def test_usage_errors_exit_2(args, fragment) -> None:
    result = run_cli(args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert result.stdout == ""


def test_version_and_help() -> None:
    result = run_cli(["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("authadvisor ")
    for args in (["--help"], ["recommend", "--help"], ["explain", "--help"]):
        result = run_cli(args)
        assert result.exit_code == 0 and "Example" in result.stdout


def _every_command():
    """(path, command) of the group, every command and every subcommand."""
    import click

    from authadvisor.cli import cli

    out, todo = [], [("authadvisor", cli)]
    while todo:
        path, cmd = todo.pop()
        out.append((path, cmd))
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd, info_name=path)
            todo += [(f"{path} {n}", cmd.get_command(ctx, n)) for n in cmd.list_commands(ctx)]
    return sorted(out, key=lambda pc: pc[0])


def test_every_help_option_is_clicks_own_without_gettext() -> None:
    """Our -h/--help (cli.common: built without gettext's lookup) is the option click would build, for
    the group and every command, and prints the same help."""
    import click

    from authadvisor.cli.common import HELP, Command, Group

    commands = _every_command()
    assert len(commands) > 12
    for path, cmd in commands:
        assert isinstance(cmd, (Command, Group)), path
        ctx = click.Context(cmd, info_name=path, help_option_names=["-h", "--help"])
        ours, theirs = cmd.get_help_option(ctx), click.Command.get_help_option(cmd, ctx)
        assert ours is cmd.get_help_option(ctx), path  # one object (click orders eager ones by identity)
        for attr in ("opts", "secondary_opts", "is_flag", "is_eager", "expose_value", "help", "hidden",
                     "required", "multiple", "count", "default"):
            assert getattr(ours, attr) == getattr(theirs, attr), (path, attr)
        assert type(ours.type) is type(theirs.type) and ours.get_help_record(ctx) == theirs.get_help_record(ctx)
        assert ours.help == HELP
        words = path.split()[1:]
        short, long = run_cli([*words, "-h"]), run_cli([*words, "--help"])
        assert short.exit_code == long.exit_code == 0, (path, short.stderr, long.stderr)
        assert short.stdout == long.stdout and "Usage:" in long.stdout, path
        assert f"-h, --help {HELP}" in " ".join(long.stdout.split()), path


def test_a_command_runs_without_gettext() -> None:
    """Nothing on the path of a run asks gettext for a translation (its first lookup imports `locale`)."""
    import subprocess
    import sys

    for args in (["recommend", POS], ["lint", POS]):
        code = (f"import atexit, sys; sys.argv = ['authadvisor', *{args!r}]\n"  # main() ends the process
                "atexit.register(lambda: print('click' in sys.modules, 'locale' in sys.modules, file=sys.stderr))\n"
                "from authadvisor.entry import main\n"
                "main()\n")
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        assert proc.stderr.strip().splitlines()[-1] == "True False", (args, proc.stderr)


def test_version_imports_nothing_but_the_version() -> None:
    """`authadvisor --version` answers from entry.py and version.py alone: not even `typing` or `re`."""
    import subprocess
    import sys

    code = ("import sys; before = set(sys.modules); sys.argv = ['authadvisor', '--version']\n"
            "from authadvisor.entry import main\n"
            "main()\n"
            "print(sorted(set(sys.modules) - before), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.stdout.startswith("authadvisor ")
    loaded = "['__future__', 'authadvisor', 'authadvisor.entry', 'authadvisor.version']"
    assert proc.stderr.strip() == loaded, proc.stderr


def test_every_command_is_documented_in_readme() -> None:
    from authadvisor.cli import COMMANDS

    readme = (ROOT / "README.md").read_text()
    for name in COMMANDS:
        assert f"authadvisor {name}" in readme, name


def test_explain_shows_every_rule_with_expected_and_actual() -> None:
    result = run_cli(["explain", POS])
    assert result.exit_code == 0
    out = result.stdout
    words = " ".join(out.split())  # filled to 88 columns: compared word by word
    assert "SELECTED  pos-client-to-server" in out
    assert "caller: expected pos_central_server, got pos_terminal" in words
    assert out.count("\n  no ") == 7
    assert "result: basic via rule pos-client-to-server" in words


def test_colour_only_when_asked_or_on_a_tty() -> None:
    assert "\x1b[" in run_cli(["--color", "always", "recommend", POS]).stdout
    assert "\x1b[" not in run_cli(["--color", "never", "recommend", POS]).stdout
    assert "\x1b[" not in run_cli(["recommend", POS], env={"NO_COLOR": "1"}).stdout


def test_colour_on_a_real_tty_respects_no_color() -> None:
    pexpect = pytest.importorskip("pexpect")
    import os
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = pexpect.spawn(sys.executable, ["-m", "authadvisor", "recommend", POS], env=env, timeout=30)
    coloured = child.read().decode()
    env["NO_COLOR"] = "1"
    child = pexpect.spawn(sys.executable, ["-m", "authadvisor", "recommend", POS], env=env, timeout=30)
    plain = child.read().decode()
    assert "\x1b[" in coloured and "\x1b[" not in plain


def test_output_file(tmp_path) -> None:
    out = tmp_path / "rec.json"
    result = run_cli(["recommend", "--format", "json", "-o", str(out), POS])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["method"] == "basic"


def test_custom_rules_dir(tmp_path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    text = (rules / "rules.yaml").read_text()
    (rules / "rules.yaml").write_text(text.replace(
        "when: {fact: caller, in: [pos_terminal, pos_store_server]}", "when: {fact: caller, equals: pos_terminal}"
    ).replace("when: {fact: caller, equals: pos_central_server}",
              "when: {fact: caller, in: [pos_central_server, pos_store_server]}"))
    store = tmp_path / "store.yaml"
    store.write_text("authadvisor: 1\nname: store\nintegration: {caller: pos_store_server}\n")
    for args in (["--rules", str(rules), "recommend", "--format", "json", str(store)],):
        assert json.loads(run_cli(args).stdout)["method"] == "oauth2_client_credentials"
    env_result = run_cli(["recommend", "--format", "json", str(store)], env={"AUTHADVISOR_RULES": str(rules)})
    assert json.loads(env_result.stdout)["method"] == "oauth2_client_credentials"
    assert json.loads(run_cli(["recommend", "--format", "json", str(store)]).stdout)["method"] == "basic"


def test_broken_rules_table_is_a_usage_error(tmp_path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "rules.yaml"
    path.write_text(path.read_text().replace("scenario: pos_server_to_server", "scenario: pos_srver_to_server"))
    result = run_cli(["--rules", str(rules), "recommend", POS])
    assert result.exit_code == 2
    assert "refers to unknown scenario 'pos_srver_to_server' (did you mean \"pos_server_to_server\"?)" in result.stderr
    assert result.stderr.startswith(f"{path}:")


def test_python_dash_m_and_broken_pipe() -> None:
    import subprocess
    import sys

    proc = run_process(["--version"])
    assert proc.returncode == 0 and proc.stdout.startswith(b"authadvisor ")
    pipeline = subprocess.run(
        f"{sys.executable} -m authadvisor recommend {POS} | head -c 10", shell=True, capture_output=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert b"Traceback" not in pipeline.stderr
