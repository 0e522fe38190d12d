"""The page's JS evaluator and the Python engine agree on EVERY combination of answers.

The answer space is facts.enumerate_space() over the facts the questions fill (every valid combination,
"not given" included). One node process evaluates all of them with templates/ask/evaluator.js, fed the
same embedded data the page gets; the results must equal the Python questionnaire + engine + YAML
writer's, case by case: questions asked, method, rule, scenario, requirement and warning ids, provision,
alternatives, sources, the manifest text byte for byte, and the verdict (ready or blocked, every lint
finding with the question it points at and the answer that fixes it: Python runs the real linter on the
manifest, the page evaluates the checks' triggers). Free-text validation is compared too.
"""

from __future__ import annotations

import json
import random
import subprocess

import pytest
from conftest import ROOT, need_tool

from authadvisor.api import from_answers, load_rules, questionnaire
from authadvisor.ask.questionnaire import AnswerError, check_text, fact_key
from authadvisor.ask.verdict import verdict
from authadvisor.manifest import facts as F
from authadvisor.render.manifest import manifest_yaml
from authadvisor.render.page import page_data
from authadvisor.render.whynot import why_not

EVALUATOR = ROOT / "templates" / "ask" / "advice.js"  # loads evaluator.js and adds the verdict and why-not

DRIVER = r"""
const E = require(process.argv[1]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { data, cases, texts } = JSON.parse(input);
  const results = cases.map((answers) => {
    const asked = E.asked(data, answers).map((q) => q.id);
    if (!E.decided(data, answers)) return { asked, decided: false };
    const rec = E.evaluate(data, E.factsOf(data, answers));
    if (rec.error) return { asked, decided: true, error: rec.error, rules: rec.rules };
    const v = E.verdict(data, answers);
    return {
      why_not: E.whyNot(data, rec, E.factsOf(data, answers)),
      verdict: v.state,
      issues: v.issues.map((i) => [i.check, i.severity, i.message, i.question, i.item,
                                   i.fix ? [i.fix.question, i.fix.value] : null]),
      asked, decided: true, method: rec.method, rule: rec.rule, scenario: rec.scenario,
      requirements: rec.requirements.map((n) => n.id), warnings: rec.warnings.map((n) => n.id),
      provision: rec.provision.map((s) => s.text), alternatives: rec.alternatives.map((a) => a.text),
      sources: rec.sources.map((s) => s.id),
      yaml: E.manifestYaml(E.manifest(data, answers, rec.method), rec.method, rec.rule),
    };
  });
  const checked = texts.map(([field, text]) => {
    const r = E.checkText(data, field, text);
    return r.error ? false : r.value;
  });
  process.stdout.write(JSON.stringify({ results, checked }));
});
"""

#: text answers mixed into the cases, so the YAML writers meet quotes, escapes and reserved words
TEXTS = ["Acme's POS", 'say "hi" \\ now', "yes", "null", "123", "2024-01-01", "Ünïcödé ✓ 𝔘", "#not a comment",
         "key: value", "- item", "a  b", "[x]", "{y}", "&anchor *alias !tag", "%percent @at `tick`", "~"]

#: strings for the free-text checks: credentials, control characters, separators, lengths, names
CHECKS = [
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2ln", "xeyJhbGciOi.eyJzdWIiOi.c2ln",
    "éeyJhbGciOiJ.eyJzdWIiOiJ.c2ln", "_eyJhbGciOiJ.eyJzdWIiOiJ.c2ln", "3eyJhbGciOiJ.eyJzdWIiOiJ.c2ln",
    "Authorization: Basic c3RvcmUuc2VydmVyOjhh", "BASIC   abcdefghij==", "ébasic abcdefghijk",
    "basically fine text",
    "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----", "md5 8a16a6b70505eb1f1ff7cdc0cd5559a7",
    "8a16a6b70505eb1f1ff7cdc0cd5559a7f", "https://user:pw@host/x", "ftp://a:b@c", "https://host/x",
    "short", "  padded  ", "tab\there", "new\nline", "nul\x00", "del\x7f", "c1\x85", "sep\u2028",
    "para\u2029",
    "bom\ufeff", "nonchar\uffff", "nbsp\u00a0here", "emoji 🎉", "x" * 2000, "x" * 2001, "é" * 2001,
    "𝔘" * 1999, "acme-pos", "Acme POS", "-acme", "acme-", "a", "a" * 63, "a" * 64, "acme--pos", "", "   ",
    "ſecret basic ſtuff", "KELVIN \u212a basic aaaaaaaaaa",
    "Basic QWxhZGRpbjpvcGVuc2VzYW1l", "Basic authentication", "Bearer abc123def456ghi789xyz",
    "Bearer tokens_are_documented", "https://:pw@host", "AKIAIOSFODNN7EXAMPLE", "ghp_" + "a1B2" * 9,
    "glpat-abcdefghij0123456789", "xoxb-1234567890-abcdefghijkl", "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "AIza" + "Sy" * 17 + "x", "-----BEGIN PGP PRIVATE KEY BLOCK-----", "-----BEGIN OPENSSH PRIVATE KEY-----",
    "md5 8a16a6b70505eb1f1ff7cdc0cd5559a7 then eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2ln",
]


def answer_cases(q) -> list[dict]:
    """One answers mapping per valid fact combination the questions can reach."""
    names = frozenset(qq.id for qq in q.questions if qq.id in F.BY_NAME)
    cases = []
    for i, key in enumerate(F.enumerate_space(names)):
        answers: dict = {}
        for name, value in zip(F.NAMES, key):
            if value is None:
                continue
            if isinstance(value, frozenset):
                value = [c.value for c in q.by_id[name].choices if c.value in value]
            answers[name] = value
        answers["name"] = f"case-{i}"
        if i % 3:
            answers["description"] = TEXTS[i % len(TEXTS)]
        if i % 5 == 0:
            answers["owner"] = TEXTS[(i * 7) % len(TEXTS)]
        cases.append(answers)
    return cases


def python_result(q, rules, answers: dict) -> dict:
    asked = [x.id for x in q.asked(answers)]
    manifest, rec = from_answers(answers, rules)
    judged = verdict(answers, q, rules)  # the real linter on the manifest that would be written
    return {
        "why_not": why_not(rec, rules, fact_key(answers)),
        "verdict": judged.state,
        "issues": [[i.check, i.severity, i.message, i.question, i.item,
                    [i.fix.question, i.fix.value] if i.fix else None] for i in judged.issues],
        "asked": asked, "decided": True, "method": rec.method, "rule": rec.rule, "scenario": rec.scenario,
        "requirements": [n.id for n in rec.requirements], "warnings": [n.id for n in rec.warnings],
        "provision": [" ".join(s.text.split()) for s in rec.provision],
        "alternatives": [" ".join(a.text.split()) for a in rec.alternatives],
        "sources": [s.id for s in rec.sources], "yaml": manifest_yaml(manifest, rec.method, rec.rule),
    }


def python_check(field: str, text: str):
    if not text.strip(" "):
        return None  # empty: not given (whether that is allowed is the question's business)
    try:
        return check_text(field, text)
    except AnswerError:
        return False


def run_node(payload: dict) -> dict:
    node = need_tool("node")
    proc = subprocess.run([node, "-e", DRIVER, str(EVALUATOR)], input=json.dumps(payload).encode(),
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def compared():
    rules = load_rules()
    q = questionnaire(rules)
    cases = answer_cases(q)
    rng = random.Random(6)
    alphabet = "aZ9 -_.:/@+=\t\n\x00\x7f\x85\u00a0\u2028\ufeff\uffffé✓𝔘eyJBbasic"
    randoms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(300)]
    texts = [[field, t] for t in CHECKS + randoms for field in ("name", "description")]
    out = run_node({"data": page_data(q, rules), "cases": cases, "texts": texts})
    return q, rules, cases, texts, out


def test_the_whole_answer_space_is_reachable_and_covered(compared):
    q, rules, cases, _, out = compared
    names = frozenset(x.id for x in q.questions if x.id in F.BY_NAME)
    assert len(cases) == F.space_size(names) == len(out["results"])
    assert len(cases) > 250
    for answers in cases:
        # every valid combination can be given through the questionnaire: nothing answered is dropped
        assert q.manifest(answers)["integration"]["caller"] == answers["caller"]
        asked = {x.id for x in q.asked(answers)}
        assert set(answers) <= asked, answers
    methods = {r["method"] for r in out["results"]}
    assert methods == {"basic", "oauth2_client_credentials", "mobile_api_auth", "oauth2_authorization_code"}


def test_js_and_python_agree_on_every_combination(compared):
    q, rules, cases, _, out = compared
    mismatches = []
    for answers, js in zip(cases, out["results"]):
        py = python_result(q, rules, answers)
        if py != js:
            mismatches.append((answers, {k: (py.get(k), js.get(k)) for k in py if py.get(k) != js.get(k)}))
    assert mismatches == [], mismatches[:3]


def test_undecided_answers_have_no_method(compared):
    q, rules, *_ = compared
    out = run_node({"data": page_data(q, rules), "texts": [],
                    "cases": [{}, {"caller": "prebuilt_connector"}, {"name": "x"}]})
    assert [r["decided"] for r in out["results"]] == [False, False, False]
    assert q.next_question({"caller": "prebuilt_connector"}).id == "connector"


def test_js_and_python_agree_on_free_text(compared):
    *_, texts, out = compared
    disagree = [(field, text, python_check(field, text), js)
                for (field, text), js in zip(texts, out["checked"]) if python_check(field, text) != js]
    assert disagree == []
    verdicts = [python_check(f, t) for f, t in texts]
    assert False in verdicts and any(isinstance(v, str) for v in verdicts)


def test_fact_keys_match_the_engine_space(compared):
    q, _, cases, *_ = compared
    names = frozenset(x.id for x in q.questions if x.id in F.BY_NAME)
    assert {fact_key(a) for a in cases} == set(F.enumerate_space(names))
