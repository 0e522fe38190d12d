"""The questionnaire never hands out a manifest that lint rejects.

Every combination of answers (the same space as the JS/Python differential) either is blocked — `ask
--answers` exits 1, writes nothing and names the check at the answer that causes it — or gives a manifest
that `authadvisor lint` (the real command, on the written file) accepts with zero error-level findings.
"""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from test_ask_differential import answer_cases

from authadvisor.api import load_rules, questionnaire
from authadvisor.ask.questionnaire import Session
from authadvisor.ask.verdict import BLOCKED, READY, verdict
from authadvisor.cli.ask_terminal import Blocked, Console, run
from authadvisor.render.style import Style


@pytest.fixture(scope="module")
def space():
    rules = load_rules()
    q = questionnaire(rules)
    return q, rules, answer_cases(q)


def test_every_combination_is_blocked_or_lint_clean(space, tmp_path):
    q, rules, cases = space
    states = {READY: 0, BLOCKED: 0}
    for i, answers in enumerate(cases):
        judged = verdict(answers, q, rules)
        states[judged.state] += 1
        given = tmp_path / f"answers-{i}.json"
        given.write_text(json.dumps(answers), encoding="utf-8")
        out = tmp_path / f"manifest-{i}.yaml"
        result = run_cli(["ask", "--answers", str(given), "--out", str(out)])
        if judged.state == BLOCKED:
            assert result.exit_code == 1, (answers, result.stderr)
            assert not out.exists(), answers
            for issue in judged.blockers:
                assert f"[{issue.check}]" in result.stderr
                assert f"{given}:" in result.stderr  # at the answer, in the answers file
            assert "nothing written" in result.stderr
            continue
        assert result.exit_code == 0, (answers, result.stderr)
        linted = run_cli(["lint", "--format", "json", str(out)])
        findings = json.loads(linted.stdout)["findings"]
        assert [f for f in findings if f["severity"] == "error"] == [], (answers, findings)
        assert linted.exit_code == 0
    assert states[READY] > 100 and states[BLOCKED] > 10, states


def test_each_known_trap_is_blocked_with_the_answer_that_fixes_it(space):
    q, rules, _ = space
    traps = [
        ({"caller": "pos_terminal", "credentials": "shared"}, "shared-till-credentials",
         ("credentials", "store_specific")),
        ({"caller": "end_customer_app", "customer_login": ["otp", "social"]}, "social-login-unsupported",
         ("customer_login", ["otp"])),
        ({"caller": "end_customer_app", "customer_login": ["social"]}, "social-login-unsupported",
         ("customer_login", ["password"])),
        ({"caller": "partner_app", "client_type": "confidential", "pkce": False}, "pkce-required",
         ("pkce", True)),
    ]
    for answers, check, fix in traps:
        judged = verdict({**answers, "name": "x"}, q, rules)
        assert judged.state == BLOCKED
        (issue,) = judged.blockers
        assert issue.check == check
        assert (issue.fix.question, issue.fix.value) == fix
        fixed = verdict({**answers, "name": "x", fix[0]: fix[1]}, q, rules)
        assert fixed.state == READY and fixed.blockers == ()


def test_a_warning_does_not_block(space):
    q, rules, _ = space
    judged = verdict({"caller": "partner_app", "client_type": "public", "name": "x"}, q, rules)
    assert judged.state == READY
    assert [(i.check, i.severity, i.question) for i in judged.issues] == [("pkce-required", "warning",
                                                                          "client_type")]


def test_answers_file_points_at_the_offending_list_item(write):
    given = write("answers.yaml", "caller: end_customer_app\ncustomer_login:\n  - otp\n  - social\nname: app\n")
    result = run_cli(["ask", "--answers", str(given)])
    assert result.exit_code == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{given}:4:5: error: social login is not supported")
    assert first.endswith("(with customer_login: otp lint accepts the manifest) [social-login-unsupported]")


def test_terminal_shows_the_blocker_and_back_returns_to_the_answer_that_fixes_it(space, capsys):
    q, rules, _ = space
    replies = iter(["1", "2", "", "acme-pos", "", "", "", "back", "1", "", "", "", "", ""])

    def judge(answers):
        judged = verdict(answers, q, rules)
        if judged.ready:
            return None
        return Blocked(tuple(i.message for i in judged.blockers), judged.blockers[0].fix.question)

    answers = run(Console(Style(), lambda: next(replies)), Session(q), lambda a: "RESULT", "out.yaml", judge)
    err = capsys.readouterr().err
    assert "Blocked: authadvisor lint would reject this manifest" in err
    assert "Type back to change credentials" in err
    assert answers["credentials"] == "store_specific" and answers["name"] == "acme-pos"
    assert err.count("Write the manifest to out.yaml?") == 1  # only once the blocker is fixed
