"""`authadvisor ask` without a terminal: --answers, refusal, --out, --html."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLES, ROOT, run_cli, run_process

from authadvisor.api import load_manifest, manifest_findings, recommend
from authadvisor.manifest.safeyaml import load_yaml

EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))


def answers_for(manifest) -> dict:
    """The questionnaire answers that describe an example manifest."""
    out = {"caller": manifest.integration.caller, "name": manifest.name}
    for field in ("connector", "credentials", "customer_login", "app_platform", "client_type", "file_processing"):
        value = getattr(manifest.integration, field)
        if value is not None:
            out[field] = value
    if manifest.auth is not None and manifest.auth.pkce is not None:
        out["pkce"] = manifest.auth.pkce
    if manifest.capillary is not None and manifest.capillary.cluster is not None:
        out["cluster"] = manifest.capillary.cluster
    for field in ("description", "owner"):
        if getattr(manifest, field) is not None:
            out[field] = getattr(manifest, field)
    return out


def test_the_examples_cover_every_caller():
    from authadvisor.manifest import vocab

    assert {load_manifest(p).caller for p in EXAMPLE_FILES} == set(vocab.CALLERS)


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_answers_for_every_caller(example, tmp_path):
    import json

    manifest = load_manifest(example)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(answers_for(manifest)), encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run_cli(["ask", "--answers", str(answers), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = load_manifest(out)
    expected = recommend(manifest)
    got = recommend(written)
    assert (got.method, got.rule, [w.id for w in got.warnings]) == \
        (expected.method, expected.rule, [w.id for w in expected.warnings])
    assert written.auth.method == expected.method
    def integration(m):  # the questionnaire writes list values in the schema's order
        data = m.integration.model_dump()
        return {**data, "customer_login": sorted(data["customer_login"] or []),
                "app_platform": sorted(data["app_platform"] or [])}

    assert integration(written) == integration(manifest)
    assert result.stderr == f"{manifest.name}: {got.method} (rule {got.rule}); wrote {out}\n"
    _, found = manifest_findings(load_yaml(out.read_bytes(), str(out)))
    assert found == []


def test_answers_from_stdin_print_the_manifest_deterministically():
    text = "caller: end_customer_app\ncustomer_login: [password, otp]\nname: acme-app\ncluster: eu\n"
    first = run_cli(["ask", "--answers", "-"], input=text)
    second = run_cli(["ask", "--answers", "-"], input=text)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout == (
        "# authadvisor integration manifest, written by the authadvisor questionnaire.\n"
        "# Recommended method: mobile_api_auth (rule end-customer-app).\n"
        "# Check it with: authadvisor recommend FILE (and authadvisor lint FILE)\n"
        "authadvisor: 1\n"
        "name: acme-app\n"
        "capillary:\n"
        "  cluster: eu\n"
        "integration:\n"
        "  caller: end_customer_app\n"
        "  customer_login: [password, otp]\n"
        "auth:\n"
        "  method: mobile_api_auth\n"
    )
    assert recommend(load_manifest(first.stdout)).method == "mobile_api_auth"


def test_every_problem_is_listed_at_once_and_no_secret_is_echoed(write, tmp_path):
    secret = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"
    path = write("answers.yaml", f"""\
caller: prebuilt_connectr
name: Acme Shop
owner: {secret}
cluster: mars
customer_login: social
foo: 1
""")
    out = tmp_path / "out.yaml"
    result = run_cli(["ask", "--answers", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert secret not in result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        f'{path}:1:9: error: caller cannot be "prebuilt_connectr" (did you mean "prebuilt_connector"?); '
        "choose one of: pos_terminal, pos_store_server, pos_central_server, api_gateway, backend_service, "
        "ftp_pipeline, prebuilt_connector, end_customer_app, partner_app, instore_app [answers]",
        f"{path}:2:7: error: name \"Acme Shop\" is not valid: use lowercase letters, digits and hyphens, "
        '1-63 characters, starting and ending with a letter or digit (try "acme-shop") [answers]',
        f"{path}:3:8: error: owner looks like a JSON Web Token; never put credentials in a manifest "
        "[answers]",
        f'{path}:4:10: error: cluster cannot be "mars"; choose one of: india, apac, apac2, eu, us, china '
        "[answers]",
        f'{path}:5:17: error: customer_login is a list of values, such as [password, otp]; got "social" '
        "[answers]",
        f'{path}:6:1: error: unknown question "foo"; questions are: caller, connector, credentials, '
        "customer_login, app_platform, client_type, pkce, file_processing, cluster, name, description, owner "
        "[answers]",
    ]
    assert not out.exists()


def test_missing_and_inapplicable_answers(write):
    path = write("answers.yaml",
                 "# the answers\ncaller: prebuilt_connector\ncredentials: shared\npkce: true\n")
    result = run_cli(["ask", "--answers", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{path}:2:1: error: missing answer "connector" (Which prebuilt connector? one of: magento, shopify, '
        "salesforce_marketing_cloud) [answers]",
        f'{path}:2:1: error: missing answer "name" (A short name for this integration?) [answers]',
        f'{path}:3:1: error: "credentials" does not apply here: it is asked only when caller in '
        "[pos_terminal, pos_store_server, instore_app]; remove it, or check the other answers [answers]",
        f'{path}:4:1: error: "pkce" does not apply here: it is asked only when caller = partner_app; '
        "remove it, or check the other answers [answers]",
    ]


@pytest.mark.parametrize("text,expect", [
    ("", "the answers file is empty"),
    ("- caller\n", "the answers file is a list"),
    ("caller: [pos_terminal\n", "yaml-syntax"),
    ("caller: x\ncaller: y\n", "duplicate key 'caller'"),
])
def test_unusable_answers_files(write, text, expect):
    result = run_cli(["ask", "--answers", str(write("a.yaml", text))])
    assert result.exit_code == 1
    assert expect in result.stderr


def test_optional_answers_may_be_null_and_defaults_do_not_apply_to_files(write):
    path = write("a.yaml", "caller: pos_terminal\ncredentials: null\nname: acme\ndescription: null\n")
    result = run_cli(["ask", "--answers", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "credentials" not in result.stdout  # not the terminal's default store_specific
    assert recommend(load_manifest(result.stdout)).warnings[0].id == "declare-credentials"


def test_usage_errors(tmp_path, write):
    answers = write("a.yaml", "caller: api_gateway\nname: gw\n")
    missing_dir = tmp_path / "nope" / "m.yaml"
    result = run_cli(["ask", "--answers", str(answers), "--out", str(missing_dir)])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = run_cli(["ask", "--answers", str(answers), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr
    result = run_cli(["ask", "--answers", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "file not found" in result.stderr
    result = run_cli(["ask", "--html", str(tmp_path / "q.html"), "--out", str(tmp_path / "m.yaml")])
    assert result.exit_code == 2 and "cannot be combined" in result.stderr
    assert list(tmp_path.iterdir()) == [answers]


def test_out_to_a_fifo_or_through_a_link(tmp_path, write):
    """--out names a FIFO (or a device): written in place, even in a folder one cannot write in; a link
    to a file in a folder that does not exist is refused before any question, naming that folder."""
    import stat
    import threading

    answers = write("a.yaml", "caller: api_gateway\nname: gw\n")
    fifo = tmp_path / "m.fifo"
    os.mkfifo(fifo)
    got: list = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    result = run_process(["ask", "--answers", str(answers), "--out", str(fifo)], cwd=tmp_path, timeout=30)
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and got and "\nauthadvisor: 1\n" in got[0]
    link = tmp_path / "m.yaml"
    link.symlink_to(tmp_path / "gone" / "m.yaml")
    result = run_cli(["ask", "--answers", str(answers), "--out", str(link)])
    assert result.exit_code == 2 and f"directory {tmp_path / 'gone'} does not exist" in result.stderr


def test_without_a_terminal_and_without_answers_it_refuses():
    result = run_cli(["ask"])
    assert result.exit_code == 2
    assert result.stderr == ("error: ask needs a terminal to ask its questions; answer them from a file with "
                             "--answers FILE, or write the web page with --html FILE\n")


def test_a_real_process_without_a_terminal_refuses_fast(tmp_path):
    start = time.monotonic()
    proc = run_process(["ask", "--out", str(tmp_path / "m.yaml")], input=b"", timeout=30)
    assert proc.returncode == 2
    assert b"ask needs a terminal" in proc.stderr
    assert time.monotonic() - start < 20
    assert not (tmp_path / "m.yaml").exists()
    # stdin that never ends (an open pipe) must not hang either
    with subprocess.Popen([sys.executable, "-m", "authadvisor", "ask"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}) as p:
        _, err = p.communicate(timeout=20)
    assert p.returncode == 2 and b"ask needs a terminal" in err


def test_help_documents_the_options():
    result = run_cli(["ask", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--answers", "--html", "authadvisor ask --answers answers.yaml"):
        assert option in result.stdout
    assert "ask" in run_cli(["--help"]).stdout


def test_an_interrupted_write_leaves_nothing_behind(tmp_path, monkeypatch):
    from authadvisor.cli import common

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(common.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        common.write_output("authadvisor: 1\n", str(tmp_path / "m.yaml"))
    assert list(tmp_path.iterdir()) == []


def test_interrupted_answers_run_exits_130_and_writes_nothing(write, tmp_path, monkeypatch):
    from authadvisor.cli import common

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(common.os, "replace", interrupted)
    answers = write("a.yaml", "caller: api_gateway\nname: gw\n")
    result = run_cli(["ask", "--answers", str(answers), "--out", str(tmp_path / "m.yaml")])
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert list(tmp_path.iterdir()) == [answers]
