"""The questionnaire's pure logic: which questions apply, answers, the manifest, back/undo."""

from __future__ import annotations

import pytest

from authadvisor.api import from_answers, load_rules, manifest_findings, questionnaire, recommend
from authadvisor.ask.questionnaire import AnswerError, Session, check_text, fact_key, slug
from authadvisor.manifest import facts as F
from authadvisor.manifest import vocab
from authadvisor.manifest.safeyaml import Document

Q = questionnaire()

#: for each caller, the follow-up questions that must be asked (and only those)
FOLLOW_UPS = {
    "pos_terminal": ["credentials"],
    "pos_store_server": ["credentials"],
    "pos_central_server": [],
    "api_gateway": [],
    "backend_service": [],
    "ftp_pipeline": ["file_processing"],
    "prebuilt_connector": ["connector"],
    "end_customer_app": ["customer_login", "app_platform"],
    "partner_app": ["client_type", "pkce"],
    "instore_app": ["credentials"],
}


def test_question_ids_are_the_contract():
    ids = [q.id for q in Q.questions]
    assert set(ids) == {"name", "caller", "connector", "credentials", "customer_login", "app_platform",
                        "client_type", "file_processing", "description", "owner", "cluster", "pkce"}


def test_choices_come_from_the_schema_enums_in_order():
    enums = {"caller": vocab.CALLERS, "connector": vocab.CONNECTORS, "credentials": vocab.CREDENTIALS,
             "customer_login": vocab.CUSTOMER_LOGINS, "app_platform": vocab.APP_PLATFORMS,
             "client_type": vocab.CLIENT_TYPES,
             "file_processing": vocab.FILE_PROCESSING, "cluster": vocab.CLUSTERS, "pkce": (True, False)}
    for qid, values in enums.items():
        q = Q.by_id[qid]
        assert tuple(c.value for c in q.choices) == tuple(values)
        assert all(c.explanation for c in q.choices)


def test_cluster_explanations_name_the_cluster_api_host():
    hosts = {c.id: c.api_host.replace("https://", "") for c in load_rules().table.clusters}
    for c in Q.by_id["cluster"].choices:
        assert f"({hosts[c.value]})" in c.explanation


@pytest.mark.parametrize("caller", vocab.CALLERS)
def test_only_questions_that_can_change_the_result_are_asked(caller):
    asked = [q.id for q in Q.asked({"caller": caller})]
    assert asked == ["caller", *FOLLOW_UPS[caller], "cluster", "name", "description", "owner"]


def test_every_asked_fact_applies_to_the_caller():
    for caller in vocab.CALLERS:
        for q in Q.asked({"caller": caller}):
            fact = F.BY_NAME.get(q.id)
            if fact is not None and fact.applies_to is not None:
                assert caller in fact.applies_to, (caller, q.id)


def test_next_question_walks_in_order_and_finishes():
    answers: dict = {}
    seen = []
    script = {"caller": "partner_app", "client_type": "public", "pkce": True, "cluster": "eu",
              "name": "travelco", "description": None, "owner": None}
    while (q := Q.next_question(answers)) is not None:
        seen.append(q.id)
        answers[q.id] = script[q.id]
    assert seen == list(script)


def test_an_answer_to_a_question_that_no_longer_applies_counts_for_nothing():
    answers = {"caller": "pos_terminal", "credentials": "shared", "name": "x"}
    assert Q.manifest(answers)["integration"] == {"caller": "pos_terminal", "credentials": "shared"}
    answers["caller"] = "backend_service"
    assert Q.manifest(answers)["integration"] == {"caller": "backend_service"}
    assert fact_key({"caller": "end_customer_app", "customer_login": ["otp"]})[F.INDEX["customer_login"]] \
        == frozenset({"otp"})


@pytest.mark.parametrize("qid,typed,value", [
    ("caller", "1", "pos_terminal"),
    ("caller", "9", "partner_app"),
    ("caller", "Backend_Service", "backend_service"),
    ("customer_login", "3, 1", ["password", "till_credentials"]),
    ("customer_login", "otp password otp", ["password", "otp"]),
    ("pkce", "2", False),
    ("pkce", "true", True),
    ("name", "  acme-pos  ", "acme-pos"),
    ("description", "", None),
])
def test_parse_typed_answers(qid, typed, value):
    assert Q.parse(Q.by_id[qid], typed) == value


@pytest.mark.parametrize("qid,typed,expect", [
    ("caller", "0", "type a number 1-10"),
    ("caller", "11", "not a choice"),
    ("caller", "pos_termnal", 'did you mean "pos_terminal"?'),
    ("customer_login", "1,7", 'not a choice: "7"'),
    ("pkce", "maybe", "one of: true, false"),
    ("name", "Acme POS", 'try "acme-pos"'),
    ("name", "-x", "lowercase letters, digits and hyphens"),
    ("owner", "team\tone", "one line of printable text"),
    ("description", "x" * 2001, "longer than 2000 characters"),
])
def test_wrong_answers_say_what_would_do(qid, typed, expect):
    with pytest.raises(AnswerError) as exc:
        Q.parse(Q.by_id[qid], typed)
    assert expect in str(exc.value)


@pytest.mark.parametrize("value,expect", [
    (None, "caller is required"),
    (3, "caller cannot be 3"),
    (True, "caller cannot be true"),
])
def test_check_rejects_wrong_types(value, expect):
    with pytest.raises(AnswerError, match=expect):
        Q.check(Q.by_id["caller"], value)


def test_boolean_answers_are_strict():
    pkce = Q.by_id["pkce"]
    assert Q.check(pkce, False) is False
    for wrong in ("true", 1, 0):
        with pytest.raises(AnswerError):
            Q.check(pkce, wrong)


def test_list_answers():
    q = Q.by_id["customer_login"]
    assert Q.check(q, ["social", "otp"]) == ["otp", "social"]
    for wrong, expect in (("otp", "is a list of values"), ([], "lists nothing"), (["otp", "otp"], "twice")):
        with pytest.raises(AnswerError, match=expect):
            Q.check(q, wrong)


def test_a_credential_is_refused_and_never_echoed():
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig"
    with pytest.raises(AnswerError) as exc:
        check_text("description", f"token {jwt}")
    assert "JSON Web Token" in str(exc.value) and jwt not in str(exc.value)


@pytest.mark.parametrize("text,expect", [
    ("Acme POS #42", "acme-pos-42"), ("--Hello__World--", "hello-world"), ("ÄÖÜ", ""), ("a" * 80, "a" * 63),
])
def test_slug(text, expect):
    assert slug(text) == expect


def test_session_back_undoes_and_remembers():
    s = Session(Q)
    assert s.back() is None
    s.answer("pos_terminal")
    s.answer("shared")
    assert s.current.id == "cluster" and s.number == 3
    assert s.back().id == "credentials"
    assert s.current.id == "credentials" and "credentials" not in s.answers
    assert s.default(s.current) == "shared"  # the undone answer is offered again
    assert s.back().id == "caller"
    s.answer("backend_service")
    assert s.current.id == "cluster"  # credentials no longer applies
    with pytest.raises(AnswerError):
        Session(Q).answer(None)  # caller is required


def test_defaults_from_the_data():
    assert Q.by_id["credentials"].default == "store_specific"
    assert Q.by_id["pkce"].default is True
    assert Q.by_id["caller"].default is None


@pytest.mark.parametrize("caller", vocab.CALLERS)
def test_manifest_from_answers_is_valid_and_round_trips(caller):
    answers = {"caller": caller, "name": f"acme-{caller.replace('_', '-')}", "cluster": "eu",
               "owner": "acme-it", "description": 'Says "hi"'}
    for qid in FOLLOW_UPS[caller]:
        q = Q.by_id[qid]
        answers[qid] = [q.choices[0].value] if q.kind == "many" else q.choices[0].value
    manifest, rec = from_answers(answers)
    model, found = manifest_findings(Document(manifest, "<answers>"))
    assert found == [] and model is not None
    assert manifest["auth"]["method"] == rec.method
    assert recommend(model).rule == rec.rule
    assert list(manifest) == ["authadvisor", "name", "description", "owner", "capillary", "integration",
                              "auth"]
