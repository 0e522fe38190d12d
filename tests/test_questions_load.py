"""The questions section is validated at load time, every problem at its file:line:col."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from conftest import ROOT, run_cli

from authadvisor.errors import RulesError
from authadvisor.rules.load import load_table

BUILTIN = (ROOT / "rules" / "questions.yaml").read_text(encoding="utf-8")


@pytest.fixture
def rules_with(tmp_path):
    """rules_with(questions_yaml) -> a copy of the built-in rules with questions.yaml replaced."""

    def make(text: str):
        target = tmp_path / f"rules{len(list(tmp_path.iterdir()))}"
        shutil.copytree(ROOT / "rules", target)
        (target / "questions.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        return target

    return make


def problems(directory) -> list[str]:
    with pytest.raises(RulesError) as exc:
        load_table(directory)
    return [f.format().split(f"{directory}/", 1)[1] for f in exc.value.findings]


MINIMAL = """\
questions:
  - id: caller
    required: true
    prompt: Who calls?
    help: The system that calls.
    choices:
      pos_terminal: a
      pos_store_server: b
      pos_central_server: c
      api_gateway: d
      backend_service: e
      ftp_pipeline: f
      prebuilt_connector: g
      end_customer_app: h
      partner_app: i
      instore_app: j
  - id: name
    required: true
    prompt: Name?
    help: The name.
"""


def test_builtin_questions_load():
    table, _, _ = load_table(None)
    assert [q.id for q in table.questions][:2] == ["caller", "connector"]


def test_a_minimal_questionnaire_loads(rules_with):
    table, _, _ = load_table(rules_with(MINIMAL + """\
  - id: connector
    required: true
    when: {fact: caller, equals: prebuilt_connector}
    prompt: Which?
    help: The connector.
    choices: {magento: a, shopify: b, salesforce_marketing_cloud: c}
"""))
    assert [q.id for q in table.questions] == ["caller", "name", "connector"]


def test_choice_explanations_must_match_the_enum(rules_with):
    text = MINIMAL.replace("      pos_terminal: a\n", "      pos_termnal: a\n")
    assert problems(rules_with(text)) == [
        "questions.yaml:7:7: error: question 'caller': 'pos_termnal' is not a value of caller "
        "(did you mean \"pos_terminal\"?); its values are: pos_terminal, pos_store_server, "
        "pos_central_server, api_gateway, backend_service, ftp_pipeline, prebuilt_connector, "
        "end_customer_app, partner_app, instore_app [rules-schema]",
        "questions.yaml:7:7: error: question 'caller': no explanation for value pos_terminal (every value of "
        "caller needs a one-line explanation) [rules-schema]",
    ]


def test_unknown_ids_duplicates_and_text_choices(rules_with):
    text = MINIMAL + """\
  - id: callers
    prompt: x
    help: y
  - id: name
    prompt: x
    help: y
  - id: owner
    prompt: x
    help: y
    choices: {a: b}
    default: a
"""
    found = problems(rules_with(text))
    assert any(p.startswith("questions.yaml:21:9: error: question id 'callers' is not a manifest field the "
                            "questionnaire can fill (did you mean \"caller\"?)") for p in found), found
    assert any(p.startswith("questions.yaml:24:9: error: duplicate question id 'name' (first defined at ")
               for p in found), found
    assert "questions.yaml:30:14: error: question 'owner' is free text: it takes no choices " \
        "[rules-schema]" in found
    assert "questions.yaml:31:14: error: question 'owner' is free text: it takes no default " \
        "[rules-schema]" in found


def test_a_question_may_only_be_asked_where_its_field_applies(rules_with):
    text = MINIMAL + """\
  - id: credentials
    when: {fact: caller, in: [pos_terminal, backend_service]}
    prompt: x
    help: y
    choices: {store_specific: a, shared: b}
"""
    assert problems(rules_with(text)) == [
        "questions.yaml:22:11: error: question 'credentials' would be asked for caller backend_service, but "
        "integration.credentials applies only to pos_terminal, pos_store_server, instore_app; narrow its "
        "'when:' "
        "[rules-schema]"]


def test_a_required_field_must_be_asked_and_required(rules_with):
    text = MINIMAL + """\
  - id: connector
    when: {fact: caller, equals: pos_terminal}
    prompt: x
    help: y
    choices: {magento: a, shopify: b, salesforce_marketing_cloud: c}
"""
    found = problems(rules_with(text))
    assert any("question 'connector' would be asked for caller pos_terminal" in p for p in found)
    assert any("question 'connector' must be asked for caller prebuilt_connector" in p for p in found)
    assert any("question 'connector' must be 'required: true'" in p for p in found)


def test_conditions_may_only_look_at_earlier_questions(rules_with):
    text = MINIMAL.replace("questions:\n", """\
questions:
  - id: credentials
    when: {fact: caller, equals: pos_terminal}
    prompt: x
    help: y
    choices: {store_specific: a, shared: b}
""")
    assert problems(rules_with(text)) == [
        "questions.yaml:3:11: error: question 'credentials' depends on caller, which no earlier question "
        "asks (earlier questions: none) [rules-schema]"]


def test_bad_condition(rules_with):
    text = MINIMAL + """\
  - id: pkce
    when: {fact: caller, equals: partner_ap}
    prompt: x
    help: y
    choices: {"true": a, "false": b}
"""
    found = problems(rules_with(text))
    assert found == ["questions.yaml:22:34: error: partner_ap is not a value of fact 'caller' (did you mean "
                     "\"partner_app\"?); its values are: [pos_terminal, pos_store_server, "
                     "pos_central_server, api_gateway, backend_service, ftp_pipeline, prebuilt_connector, "
                     "end_customer_app, partner_app, instore_app] [rules-schema]"]


def test_bad_default(rules_with):
    text = MINIMAL + """\
  - id: credentials
    when: {fact: caller, in: [pos_terminal]}
    default: store
    prompt: x
    help: y
    choices: {store_specific: a, shared: b}
"""
    assert problems(rules_with(text)) == [
        "questions.yaml:23:14: error: question 'credentials': default 'store' is not a value of credentials; "
        "its values are: store_specific, shared [rules-schema]"]


def test_boolean_default_must_be_a_boolean(rules_with):
    text = MINIMAL + """\
  - id: pkce
    when: {fact: caller, equals: partner_app}
    default: "true"
    prompt: x
    help: y
    choices: {"true": a, "false": b}
"""
    assert problems(rules_with(text)) == [
        "questions.yaml:23:14: error: question 'pkce': write the default as true or false, without quotes "
        "[rules-schema]"]


def test_name_and_caller_are_required_unconditional_questions(rules_with):
    text = MINIMAL.replace("  - id: name\n    required: true\n", "  - id: name\n")
    assert problems(rules_with(text)) == [
        "questions.yaml:17:9: error: question 'name' fills a field every manifest needs: make it "
        "'required: true' with no 'when:' [rules-schema]"]
    only_caller = MINIMAL.split("  - id: name")[0]
    assert problems(rules_with(only_caller)) == [
        "questions.yaml:2:9: error: the questions never ask for 'name', which every manifest needs "
        "[rules-schema]"]


def test_schema_errors_in_questions(rules_with):
    text = MINIMAL + """\
  - id: owner
    prompt: ""
    help: y
    ask: sometimes
"""
    found = problems(rules_with(text))
    assert found == [
        'questions.yaml:22:13: error: "questions[2].prompt" must not be empty [rules-schema]',
        'questions.yaml:24:5: error: unknown field "questions[2].ask"; allowed here: id, prompt, help, '
        'choices, required, default, placeholder, when [rules-schema]']


def test_ask_without_questions_is_a_clear_error(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    (target / "questions.yaml").unlink()
    result = run_cli(["--rules", str(target), "ask", "--html", str(tmp_path / "q.html")])
    assert result.exit_code == 2
    assert "has no questions: section" in result.stderr
    assert not (tmp_path / "q.html").exists()
