"""`authadvisor ask` in a terminal: scripted in-process, and a real pty session with pexpect."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import ROOT

from authadvisor.api import from_answers, load_manifest, questionnaire, recommend
from authadvisor.ask.questionnaire import Session
from authadvisor.cli.ask_terminal import Cancelled, Console, run
from authadvisor.render.style import Style

Q = questionnaire()


def scripted(lines: list[str], capsys) -> tuple[dict, str]:
    """Run the terminal questionnaire on typed `lines`; (answers, what the person saw)."""
    feed = iter(lines)

    def reader() -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError() from None

    answers = run(Console(Style(), reader), Session(Q), lambda a: f"RECOMMENDATION {from_answers(a)[1].rule}",
                  "out.yaml")
    return answers, capsys.readouterr().err


def test_a_full_session_with_mistakes_help_and_back(capsys):
    answers, seen = scripted([
        "0", "?", "end_customer_apps", "8",      # wrong number, help, typo, then a number
        "1,5", "otp password social",           # multi-select: out of range, then values
        "back", "back", "9",                    # undo twice: back at caller, now partner_app
        "", "", "skip",                         # client_type skipped (Enter), pkce default, cluster skip
        "Travel Co", "travelco",                # invalid name with a suggestion, then valid
        "Points at checkout", "-",              # description, owner skipped
        "",                                     # confirm
    ], capsys)
    assert answers == {"caller": "partner_app", "client_type": None, "pkce": True, "cluster": None,
                       "name": "travelco", "description": "Points at checkout", "owner": None}
    assert 'not a choice: "0"; type a number 1-10' in seen
    assert "Pick the system that holds the credentials" in seen  # the help
    assert 'not a choice: "end_customer_apps" (did you mean "end_customer_app"?)' in seen
    assert 'not a choice: "5"; type a number 1-4' in seen
    assert "[2] How do end customers sign in to the app?" in seen
    assert "caller [1-10; Enter = end_customer_app]: " in seen  # back offers the undone answer
    assert 'name "Travel Co" is not valid' in seen and '(try "travel-co")' in seen
    assert "RECOMMENDATION partner-app-ciam" in seen
    assert seen.index("RECOMMENDATION") < seen.index("Write the manifest to out.yaml?")


def test_back_at_the_first_question_and_at_the_end(capsys):
    answers, seen = scripted(["back", "5", "", "svc", "", "", "back", "team-a", "", "yes"], capsys)
    assert "there is nothing to go back to" in seen
    assert answers == {"caller": "backend_service", "cluster": None, "name": "svc", "description": None,
                       "owner": "team-a"}
    assert seen.count("Write the manifest to") == 2


def test_required_questions_cannot_be_skipped(capsys):
    answers, seen = scripted(["", "skip", "7", "", "2", "skip", "", "shop", "", "", "nope", "y"], capsys)
    assert "caller is required; choose 1-10" in seen
    assert "caller is required: it cannot be skipped" in seen
    assert "connector is required; choose 1-3" in seen
    assert "  name is required\n" in seen
    assert "press Enter to write the manifest" in seen
    assert answers["connector"] == "shopify" and answers["cluster"] is None


def test_multi_select_and_defaults(capsys):
    answers, seen = scripted(["1", "2", "", "pos-1", "", "", ""], capsys)
    assert answers["credentials"] == "shared"
    answers, seen = scripted(["1", "", "", "pos-1", "", "", ""], capsys)
    assert answers["credentials"] == "store_specific"  # the default from questions.yaml
    answers, _ = scripted(["8", "4, 2,2", "", "", "app", "", "", ""], capsys)
    assert answers["customer_login"] == ["otp", "social"]
    assert recommend(from_answers(answers)[0]).warnings[0].id == "social-login-unsupported"


def test_end_of_input_cancels(capsys):
    with pytest.raises(Cancelled):
        scripted(["1"], capsys)


# -- a real terminal ---------------------------------------------------------------------------------

pexpect = pytest.importorskip("pexpect")


def spawn(args: list[str], cwd) -> pexpect.spawn:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "TERM": "dumb"}
    return pexpect.spawn(sys.executable, ["-m", "authadvisor", "ask", *args], cwd=str(cwd), env=env,
                         encoding="utf-8", timeout=30, dimensions=(50, 120))


def answer(child, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


@pytest.mark.slow
def test_pty_session_writes_a_manifest_that_round_trips(tmp_path):
    out = tmp_path / "acme-pos.yaml"
    child = spawn(["--out", str(out)], tmp_path)
    answer(child, "caller [1-10]: ", "pos_termnal")
    child.expect_exact('did you mean "pos_terminal"?')
    answer(child, "caller [1-10]: ", "?")
    child.expect_exact("Pick the system that holds the credentials")
    answer(child, "caller [1-10]: ", "1")
    answer(child, "credentials [1-2; Enter = store_specific]: ", "back")
    answer(child, "caller [1-10; Enter = pos_terminal]: ", "2")
    answer(child, "credentials [1-2; Enter = store_specific]: ", "")
    answer(child, "cluster [1-6; Enter = skip]: ", "eu")
    answer(child, "name: ", "Acme Store 17")
    child.expect_exact('(try "acme-store-17")')
    answer(child, "name: ", "acme-store-17")
    answer(child, "description [Enter = skip]: ", 'In-store "POS" server \\ store 17')
    answer(child, "owner [Enter = skip]: ", "acme-retail-it")
    child.expect_exact("Method    Basic auth with till credentials  [basic]")
    assert not out.exists()  # nothing is written before the confirmation
    answer(child, f"Write the manifest to {out}? [Enter = yes; back = change the last answer]: ", "")
    child.expect_exact(f"acme-store-17: basic (rule pos-client-to-server); wrote {out}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    manifest = load_manifest(out)
    assert manifest.description == 'In-store "POS" server \\ store 17'
    assert manifest.integration.caller == "pos_store_server"
    assert manifest.integration.credentials == "store_specific"
    assert manifest.auth.method == recommend(manifest).method == "basic"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme-pos.yaml"]


@pytest.mark.slow
def test_pty_without_out_prints_the_manifest(tmp_path):
    child = spawn([], tmp_path)
    confirm = "Write the manifest to standard output? [Enter = yes; back = change the last answer]: "
    for prompt, text in (("caller [1-10]: ", "6"), ("file_processing [1-2; Enter = skip]: ", "oob"),
                         ("cluster [1-6; Enter = skip]: ", ""), ("name: ", "nightly-files"),
                         ("description [Enter = skip]: ", ""), ("owner [Enter = skip]: ", ""), (confirm, "")):
        answer(child, prompt, text)
    child.expect_exact("caller: ftp_pipeline")
    child.expect_exact("file_processing: oob")
    child.expect_exact("method: oauth2_client_credentials")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.slow
@pytest.mark.parametrize("when", ["mid-questionnaire", "at-confirmation"])
def test_pty_ctrl_c_exits_130_and_writes_nothing(tmp_path, when):
    out = tmp_path / "m.yaml"
    child = spawn(["--out", str(out)], tmp_path)
    answer(child, "caller [1-10]: ", "4")
    if when == "at-confirmation":
        for prompt, text in (("cluster [1-6; Enter = skip]: ", ""), ("name: ", "gw"),
                             ("description [Enter = skip]: ", ""), ("owner [Enter = skip]: ", "")):
            answer(child, prompt, text)
        child.expect_exact("Write the manifest to")
    else:
        child.expect_exact("cluster [1-6; Enter = skip]: ")
    child.sendintr()
    child.expect_exact("interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_pty_ctrl_d_cancels_too(tmp_path):
    out = tmp_path / "m.yaml"
    child = spawn(["--out", str(out)], tmp_path)
    child.expect_exact("caller [1-10]: ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_pty_with_stdout_redirected_keeps_the_questions_out_of_the_manifest(tmp_path):
    import shlex

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "TERM": "dumb"}
    command = f"exec {shlex.quote(sys.executable)} -m authadvisor ask > manifest.yaml"
    child = pexpect.spawn("/bin/sh", ["-c", command], cwd=str(tmp_path), env=env, encoding="utf-8",
                          timeout=30)
    for prompt, text in (("caller [1-10]: ", "3"), ("cluster [1-6; Enter = skip]: ", "india"),
                         ("name: ", "hub"), ("description [Enter = skip]: ", ""),
                         ("owner [Enter = skip]: ", ""), ("Write the manifest to standard output?", "")):
        answer(child, prompt, text)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (tmp_path / "manifest.yaml").read_text(encoding="utf-8")
    assert text.startswith("# authadvisor integration manifest") and "caller [1-10]" not in text
    manifest = load_manifest(text)
    assert manifest.integration.caller == "pos_central_server" and manifest.capillary.cluster == "india"


@pytest.mark.slow
def test_pty_blocked_answers_are_never_written_and_back_goes_to_the_fix(tmp_path):
    out = tmp_path / "acme-pos.yaml"
    child = spawn(["--out", str(out)], tmp_path)
    answer(child, "caller [1-10]: ", "1")
    answer(child, "credentials [1-2; Enter = store_specific]: ", "shared")
    answer(child, "cluster [1-6; Enter = skip]: ", "")
    answer(child, "name: ", "acme-pos")
    answer(child, "description [Enter = skip]: ", "")
    answer(child, "owner [Enter = skip]: ", "")
    child.expect_exact("Blocked: authadvisor lint would reject this manifest, so it is not written.")
    # filled to the terminal's width: the words, whatever the line breaks
    child.expect(r"\[shared-till-credentials\]\.\s+Fix:\s+answer\s+credentials:\s+store_specific\.")
    prompt = "Type back to change credentials (later answers are kept as defaults), or Ctrl-C to quit: "
    answer(child, prompt, "")  # Enter does not write
    child.expect_exact("nothing can be written until the blocker is fixed")
    answer(child, prompt, "back")
    answer(child, "credentials [1-2; Enter = shared]: ", "1")
    answer(child, "cluster [1-6; Enter = skip]: ", "")
    answer(child, "name [Enter = acme-pos]: ", "")
    answer(child, "description [Enter = skip]: ", "")
    answer(child, "owner [Enter = skip]: ", "")
    assert not out.exists()
    answer(child, f"Write the manifest to {out}? [Enter = yes; back = change the last answer]: ", "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert load_manifest(out).integration.credentials == "store_specific"
