"""`ask --html`: one self-contained, deterministic page that honours the automation contract."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from conftest import ROOT, run_cli

from authadvisor.api import load_rules, questionnaire
from authadvisor.render.page import page_data, questionnaire_page, script_json


class Page(HTMLParser):
    """Elements (tag, attrs) in order, and the text of every <script> and <style>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, dict, str]] = []
        self._open = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag in ("script", "style"):
            self._open = (tag, attrs, [])

    def handle_data(self, data):
        if self._open is not None:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            self.blocks.append((tag, self._open[1], "".join(self._open[2])))
            self._open = None

    def find(self, tag, **attrs):
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "q.html"
    result = run_cli(["ask", "--html", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {path}\n"
    return path.read_text(encoding="utf-8")


def test_every_question_follows_the_contract(html):
    page = Page(html)
    for q in questionnaire().questions:
        if q.kind == "text":
            assert len(page.find("input", type="text", name=q.id)) == 1
            continue
        kind = "checkbox" if q.kind == "many" else "radio"
        values = [a["value"] for a in page.find("input", type=kind, name=q.id)]
        expected = [c.token for c in q.choices] + ([""] if q.kind == "one" and not q.required else [])
        assert values == expected, q.id
        # each input has a label; each question is a fieldset with a legend
        for a in page.find("input", name=q.id):
            assert page.find("label", **{"for": a["id"]})
    fieldsets = page.find("fieldset")
    assert [f["data-question"] for f in fieldsets] == [q.id for q in questionnaire().questions]
    assert html.count("<legend>") == len(fieldsets)
    assert page.find("div", id="recommendation") == [
        {"id": "recommendation", "data-method": "", "data-rule": "", "data-verdict": ""}]


def test_defaults_are_preselected_and_conditional_questions_start_hidden(html):
    page = Page(html)
    assert "checked" in page.find("input", name="credentials", value="store_specific")[0]
    assert "checked" in page.find("input", name="pkce", value="true")[0]
    assert "checked" in page.find("input", name="cluster", value="")[0]
    assert not any("checked" in a for a in page.find("input", name="caller"))
    hidden = {f["data-question"] for f in page.find("fieldset") if "hidden" in f}
    assert hidden == {"connector", "credentials", "customer_login", "app_platform", "client_type", "pkce",
                      "file_processing"}


def test_the_page_is_deterministic(html, tmp_path):
    again = tmp_path / "again.html"
    assert run_cli(["ask", "--html", str(again)]).exit_code == 0
    assert again.read_text(encoding="utf-8") == html


def test_the_page_makes_no_network_references(html):
    page = Page(html)
    for tag, attrs in page.elements:
        forbidden = ("link", "img", "iframe", "object", "embed", "base", "audio", "video", "source")
        assert tag not in forbidden, tag
        assert "src" not in attrs and "srcset" not in attrs, tag
        if tag == "a":
            assert attrs["href"].startswith("#"), attrs  # source links are made at run time, https only
    for _, attrs, text in page.blocks:
        if attrs.get("type") == "application/json":
            continue  # data, never executed: source URLs and snippet code (which calls fetch) shown as text
        for pattern in (r"https?://", r"\bfetch\s*\(", "XMLHttpRequest", "WebSocket", "EventSource",
                        r"@import", r"url\(", r"\bimport\s*\(", "sendBeacon"):
            assert not re.search(pattern, text), pattern
    csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    assert csp.startswith("default-src 'none'; ")
    assert "connect-src 'none'" in csp and "img-src 'none'" in csp and "form-action 'none'" in csp


def test_the_csp_allows_exactly_the_inline_script_and_style(html):
    page = Page(html)
    csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    executable = [(tag, text) for tag, attrs, text in page.blocks if attrs.get("type") != "application/json"]
    assert [tag for tag, _ in executable] == ["style", "script", "script", "script", "script", "script"]
    for _, text in executable:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_embedded_data_is_the_rules_table(html):
    page = Page(html)
    data_blocks = [text for tag, attrs, text in page.blocks if attrs.get("id") == "authadvisor-data"]
    data = json.loads(data_blocks[0])
    rules = load_rules()
    from authadvisor.snippets.samples import snippets_by_method

    assert data == json.loads(json.dumps(page_data(questionnaire(), rules, snippets_by_method(rules))))
    assert [r["id"] for r in data["rules"]] == [r.id for r in rules.table.rules]
    assert sorted(data["snippets"]) == sorted(rules.methods)  # every method's snippets, for the chosen one
    titles = [s["title"] for s in data["snippets"]["oauth2_client_credentials"]]
    assert titles == ["auth.sh (curl)", "auth.py (python)", "auth.mjs (javascript)", "requests.http (http)",
                      ".env.example (env)", "openapi.yaml (openapi)", "Auth.java (java)", "Auth.cs (csharp)",
                      "auth.php (php)"]
    assert data["rules"][0]["when"] == {"fact": "caller", "in": ["pos_terminal", "pos_store_server"]}


def test_script_json_cannot_break_out_of_its_element():
    nasty = {"x": "</script><script>alert(1)</script> & <!-- \u2028\u2029 ]]>"}
    text = script_json(nasty)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == nasty


def test_hostile_rules_text_stays_text(tmp_path):
    """A rules table whose texts carry markup: escaped in the HTML, inert in the JSON."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    questions = (target / "questions.yaml").read_text(encoding="utf-8")
    questions = questions.replace("prompt: Which prebuilt connector?",
                                  'prompt: "Which <b>connector</b>? </script><script>alert(1)</script>"')
    (target / "questions.yaml").write_text(questions, encoding="utf-8")
    rules_text = (target / "rules.yaml").read_text(encoding="utf-8")
    hostile = "</script><img src=x onerror=alert(1)> &amp;"
    rules_text = rules_text.replace("    rationale: >-\n      API requests come",
                                    f"    rationale: >-\n      {hostile} API requests come", 1)
    (target / "rules.yaml").write_text(rules_text, encoding="utf-8")
    rules = load_rules(target)
    html = questionnaire_page(questionnaire(rules), rules)
    assert "<b>connector</b>" not in html and "&lt;b&gt;connector&lt;/b&gt;" in html
    assert html.count("</script>") == 6  # the data block and the five scripts, nothing more
    assert "<img" not in html
    page = Page(html)
    data = json.loads(next(t for _, a, t in page.blocks if a.get("id") == "authadvisor-data"))
    assert data["rules"][0]["rationale"].startswith("</script><img src=x onerror=alert(1)>")


def test_snippets_hook(tmp_path):
    rules = load_rules()
    snippets = {"basic": [{"title": "curl <test>", "text": "curl -u \"$TILL\" https://x </script>"}]}
    html = questionnaire_page(questionnaire(rules), rules, snippets=snippets)
    page = Page(html)
    data = json.loads(next(t for _, a, t in page.blocks if a.get("id") == "authadvisor-data"))
    assert data["snippets"] == snippets
    assert html.count("</script>") == 6
