"""The generated page in a real headless browser (Debian chromium + chromedriver, driven by selenium):
answered by clicking and by keyboard, read through the contract (`#recommendation[data-method]`,
`[data-verdict]`), compared with the Python engine and verdict, downloaded, restored from its link, and
checked for escaping, focus, layout at 1280x900 and 390x844, dark mode, print, axe-core and network."""

from __future__ import annotations

import base64
import json
import time

import pytest
from browserkit import (
    DESKTOP,
    PHONE,
    axe_violations,
    on_screen,
    overflow,
    screenshot,
    viewport,
)
from conftest import run_cli

from authadvisor.api import from_answers, load_rules, questionnaire
from authadvisor.ask.verdict import verdict
from authadvisor.render.manifest import manifest_yaml

pytestmark = pytest.mark.slow

#: (answers to click, in question order) -> checked against the Python engine; one per method at least,
#: and each trap the verdict blocks
CASES = [
    {"caller": "pos_terminal", "credentials": "shared", "name": "acme-pos-042"},
    {"caller": "pos_central_server", "cluster": "eu", "name": "acme-hub"},
    {"caller": "prebuilt_connector", "connector": "shopify", "name": "acme-shop"},
    {"caller": "end_customer_app", "customer_login": ["otp", "social"], "name": "acme-app"},
    {"caller": "end_customer_app", "customer_login": ["otp"], "name": "acme-app"},
    {"caller": "partner_app", "client_type": "public", "pkce": False, "name": "travelco"},
    {"caller": "partner_app", "client_type": "confidential", "pkce": True, "name": "travelco"},
    {"caller": "ftp_pipeline", "file_processing": "connect_plus", "name": "nightly"},
]
READY_CASE = {"caller": "backend_service", "cluster": "eu", "name": "acme-svc"}
BLOCKED_CASE = {"caller": "pos_terminal", "credentials": "shared", "name": "acme-pos"}


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "questionnaire.html"
    assert run_cli(["ask", "--html", str(path)]).exit_code == 0
    return path


def by_css(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def attr(driver, name: str) -> str:
    return by_css(driver, "#recommendation").get_attribute(name)


def text_of(driver, css: str) -> str:
    """textContent (also inside a folded section, where selenium's .text is empty)."""
    return driver.execute_script("return document.querySelector(arguments[0]).textContent", css)


def click_answers(driver, answers: dict) -> None:
    for qid, value in answers.items():
        if isinstance(value, str) and by_css(driver, f"[name='{qid}']").get_attribute("type") == "text":
            box = by_css(driver, f"input[name='{qid}']")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.clear()
            box.send_keys(value)
            continue
        for v in value if isinstance(value, list) else [value]:
            token = {True: "true", False: "false"}.get(v, v) if isinstance(v, bool) else v
            label = by_css(driver, f"label[for='in-{qid}-{token}']")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
            assert label.is_displayed(), (qid, token)
            label.click()


def expected(answers: dict):
    rules = load_rules()
    manifest, rec = from_answers(dict(answers), rules)
    return manifest, rec, verdict(answers, questionnaire(rules), rules)


@pytest.mark.parametrize("answers", CASES, ids=lambda a: f"{a['caller']}-{len(a)}")
def test_clicking_answers_gives_the_python_recommendation_and_verdict(fresh, page, answers):
    fresh.get(page.as_uri())
    assert attr(fresh, "data-method") == "" and attr(fresh, "data-verdict") == ""
    click_answers(fresh, answers)
    manifest, rec, judged = expected(answers)
    assert attr(fresh, "data-method") == rec.method
    assert attr(fresh, "data-rule") == rec.rule
    assert attr(fresh, "data-verdict") == judged.state
    ids = fresh.execute_script(
        "return [...document.querySelectorAll('#rec-warnings li code.id')].map(c => c.textContent)")
    assert ids == [f"[{w.id}]" for w in rec.warnings]
    assert text_of(fresh, "#manifest") == manifest_yaml(manifest, rec.method, rec.rule)
    assert by_css(fresh, "#download").is_enabled() == judged.ready
    blockers = fresh.execute_script(
        "return [...document.querySelectorAll('#blocker-list li > code.id')].map(c => c.textContent)")
    assert blockers == [f"[{i.check}]" for i in judged.blockers]
    tabs = [t.get_attribute("textContent") for t in fresh.find_elements("css selector", "#snippet-list [role=tab]")]
    from authadvisor.snippets import INLINE_TARGETS

    assert tabs == list(INLINE_TARGETS)
    marker = {"basic": "Authorization: Basic", "oauth2_client_credentials": "X-CAP-API-OAUTH-TOKEN",
              "mobile_api_auth": "cap_authorization", "oauth2_authorization_code": "PKCE"}[rec.method]
    assert marker in text_of(fresh, "#snippet-list")
    assert fresh.find_element("css selector", f"figure.flow[data-flow='{rec.method}']").is_displayed()
    lines = fresh.execute_script("return [...document.querySelectorAll('#rec-whynot li')].map(l => l.textContent)")
    assert len(lines) == 3 and all(rec.method_title not in line for line in lines)


def test_a_blocked_answer_names_the_check_and_one_click_fixes_it(fresh, page):
    fresh.get(page.as_uri())
    click_answers(fresh, BLOCKED_CASE)
    assert attr(fresh, "data-verdict") == "blocked"
    assert not by_css(fresh, "#download").is_enabled()
    assert "[shared-till-credentials]" in by_css(fresh, "#blockers").text
    assert "with store_specific" in by_css(fresh, "#blockers").text
    by_css(fresh, "#blocker-list button.apply").click()
    assert attr(fresh, "data-verdict") == "ready"
    assert by_css(fresh, "#in-credentials-store_specific").is_selected()
    assert by_css(fresh, "#download").is_enabled()
    assert fresh.switch_to.active_element.get_attribute("id") == "verdict"  # focus is not lost


def test_follow_up_questions_appear_and_the_method_waits_for_required_answers(fresh, page):
    fresh.get(page.as_uri())
    assert not by_css(fresh, "#q-connector").is_displayed()
    by_css(fresh, "label[for='in-caller-prebuilt_connector']").click()
    assert by_css(fresh, "#q-connector").is_displayed()
    assert attr(fresh, "data-method") == ""  # the connector is required: not decided yet
    click_answers(fresh, {"connector": "magento"})
    assert attr(fresh, "data-method") == "oauth2_client_credentials"
    assert not by_css(fresh, "#download").is_enabled()  # no name yet
    click_answers(fresh, {"caller": "pos_terminal"})
    assert not by_css(fresh, "#q-connector").is_displayed()
    assert by_css(fresh, "#q-credentials").is_displayed()
    assert attr(fresh, "data-method") == "basic"


def test_keyboard_only_completion_downloads_the_manifest(fresh, page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    fresh.get(page.as_uri())
    keys = ActionChains(fresh)
    keys.send_keys(Keys.TAB).perform()  # the skip link
    assert fresh.switch_to.active_element.get_attribute("class") == "skip"
    keys.send_keys(Keys.TAB).perform()  # into the caller radio group
    focused = fresh.switch_to.active_element
    assert focused.get_attribute("name") == "caller"
    style = fresh.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", focused)
    assert style == ["solid", "3px"]  # visible focus
    keys.send_keys(Keys.SPACE).perform()
    assert attr(fresh, "data-method") == "basic"  # pos_terminal
    keys.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN).perform()
    assert attr(fresh, "data-method") == "oauth2_client_credentials"  # api_gateway
    for _ in range(20):  # on to the name box
        keys.send_keys(Keys.TAB).perform()
        if fresh.switch_to.active_element.get_attribute("name") == "name":
            break
    keys.send_keys("acme-gw").perform()
    for _ in range(20):  # on to the Download button
        keys.send_keys(Keys.TAB).perform()
        if fresh.switch_to.active_element.get_attribute("id") == "download":
            break
    assert fresh.switch_to.active_element.get_attribute("id") == "download"
    assert on_screen(fresh, "#download")
    keys.send_keys(Keys.ENTER).perform()
    target = fresh.downloads / "acme-gw.yaml"
    deadline = time.monotonic() + 15
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    manifest, rec, _ = expected({"caller": "api_gateway", "name": "acme-gw"})
    assert target.read_text(encoding="utf-8") == manifest_yaml(manifest, rec.method, rec.rule)


def test_snippet_tabs_keep_one_choice_and_the_name_is_filled_in(fresh, page):
    from selenium.webdriver.common.keys import Keys

    fresh.get(page.as_uri())
    click_answers(fresh, {"caller": "backend_service"})
    fresh.execute_script("document.getElementById('snippets').open = true")
    by_css(fresh, "#snippet-tab-python").click()
    by_css(fresh, "#snippet-tab-python").send_keys(Keys.ARROW_RIGHT)  # arrows move along the tabs
    assert fresh.switch_to.active_element.get_attribute("id") == "snippet-tab-javascript"
    assert by_css(fresh, "#snippet-panel-javascript").is_displayed()
    assert not by_css(fresh, "#snippet-panel-python").is_displayed()
    click_answers(fresh, {"caller": "end_customer_app", "customer_login": ["otp"], "name": "acme-app"})
    assert by_css(fresh, "#snippet-tab-javascript").get_attribute("aria-selected") == "true"  # still chosen
    text = text_of(fresh, "#snippet-panel-javascript pre")
    assert "acme-app" in text and "your-integration" not in text
    fresh.get(page.as_uri())  # remembered across visits
    click_answers(fresh, {"caller": "api_gateway"})
    assert by_css(fresh, "#snippet-tab-javascript").get_attribute("aria-selected") == "true"
    placeholder = by_css(fresh, "#in-description").get_attribute("placeholder")
    assert "gateway" in placeholder  # the example follows the caller


@pytest.mark.parametrize("answers", [READY_CASE, BLOCKED_CASE, CASES[3], CASES[5]], ids=lambda a: a["caller"])
def test_the_link_restores_the_answers_and_the_result(fresh, page, answers):
    fresh.get(page.as_uri())
    click_answers(fresh, answers)
    method, state = attr(fresh, "data-method"), attr(fresh, "data-verdict")
    by_css(fresh, "#copy-link").click()
    deadline = time.monotonic() + 5
    while "Copied" not in by_css(fresh, "#action-status").text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Copied." in by_css(fresh, "#action-status").text
    link = fresh.current_url
    assert "#caller=" in link and f"name={answers['name']}" in link
    fresh.execute_script("document.querySelector('a.skip').click()")  # moving to the result keeps the link
    assert fresh.current_url == link and fresh.switch_to.active_element.get_attribute("id") == "result"
    fresh.get("about:blank")
    fresh.get(link)
    assert (attr(fresh, "data-method"), attr(fresh, "data-verdict")) == (method, state)
    assert by_css(fresh, f"#in-caller-{answers['caller']}").is_selected()
    assert by_css(fresh, "#in-name").get_attribute("value") == answers["name"]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_layout_result_on_screen_and_axe(fresh, page, size, dark):
    viewport(fresh, size, dark)
    where = f"{'desktop' if size == DESKTOP else 'phone'}-{'dark' if dark else 'light'}"
    fresh.get(page.as_uri())
    assert overflow(fresh) <= 0
    assert axe_violations(fresh) == []
    screenshot(fresh, f"questionnaire-{where}-start")
    verdict_box, button = ("#verdict", "#download") if size == DESKTOP else ("#mini-badge", "#download-mini")
    for case in (READY_CASE, BLOCKED_CASE, CASES[3]):
        fresh.get(page.as_uri())
        for qid, value in case.items():  # after each answer, the summary is on screen
            click_answers(fresh, {qid: value})
            assert on_screen(fresh, button), (case, qid)
            if attr(fresh, "data-verdict"):
                assert on_screen(fresh, verdict_box), (case, qid)
            assert overflow(fresh) <= 0, (case, qid)
        _, _, judged = expected(case)
        assert attr(fresh, "data-verdict") == judged.state
        screenshot(fresh, f"questionnaire-{where}-{case['caller']}")
        fresh.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert overflow(fresh) <= 0
        assert axe_violations(fresh) == [], case
    fresh.execute_script("scrollTo(0, 0)")
    screenshot(fresh, f"questionnaire-{where}-open")


def test_the_result_leads_at_1280x900_without_scrolling(fresh, page):
    viewport(fresh, DESKTOP)
    fresh.get(page.as_uri() + "#caller=pos_terminal&credentials=store_specific&name=acme-pos")
    assert attr(fresh, "data-verdict") == "ready"
    assert fresh.execute_script("return scrollY") == 0
    for css in ("#verdict", "#method-line", "#rec-why", "#download", "#copy-link"):
        assert on_screen(fresh, css), css


def test_dark_mode_colours_the_page_and_the_diagram(fresh, page):
    viewport(fresh, DESKTOP, dark=True)
    fresh.get(page.as_uri() + "#caller=api_gateway&name=gw")
    colours = fresh.execute_script("""
        const lum = c => {
          const [r, g, b] = c.match(/\\d+/g).map(Number);
          return (r * 299 + g * 587 + b * 114) / 1000;
        };
        const svg = document.querySelector("figure.flow:not([hidden]) svg");
        return [lum(getComputedStyle(document.body).backgroundColor), lum(getComputedStyle(document.body).color),
                lum(getComputedStyle(svg).color)];""")
    background, text, diagram = colours
    assert background < 40 and text > 200 and diagram > 200


def test_print_is_one_or_two_pages_without_the_form(fresh, page):
    viewport(fresh, DESKTOP)
    fresh.get(page.as_uri() + "#caller=pos_terminal&credentials=store_specific&cluster=eu&name=acme-pos")
    fresh.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not by_css(fresh, "#questionnaire").is_displayed()
    assert by_css(fresh, "#answers-print").is_displayed() and "pos_terminal" in by_css(fresh, "#answers-print").text
    assert by_css(fresh, "#manifest").is_displayed()
    screenshot(fresh, "questionnaire-print")
    fresh.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(fresh.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})["data"])
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, pages


def test_manifest_text_is_escaped_and_downloads(fresh, page):
    fresh.get(page.as_uri())
    hostile = '<img src=x onerror="document.title=1"> & "quotes" </pre>'
    answers = {"caller": "api_gateway", "name": "acme-gw2", "description": hostile}
    click_answers(fresh, answers)
    manifest, rec, _ = expected(answers)
    text = manifest_yaml(manifest, rec.method, rec.rule)
    assert text_of(fresh, "#manifest") == text
    assert fresh.find_elements("css selector", "img") == []
    assert fresh.title != "1"
    by_css(fresh, "#download").click()
    target = fresh.downloads / "acme-gw2.yaml"
    deadline = time.monotonic() + 15
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.read_text(encoding="utf-8") == text


def test_text_errors_block_the_download(fresh, page):
    fresh.get(page.as_uri())
    click_answers(fresh, {"caller": "backend_service", "name": "Acme Service"})
    assert 'try "acme-service"' in by_css(fresh, "#err-name").text
    assert by_css(fresh, "#in-name").get_attribute("aria-invalid") == "true"
    assert not by_css(fresh, "#download").is_enabled()
    click_answers(fresh, {"name": "acme-service", "owner": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0"})
    assert "looks like a JSON Web Token" in by_css(fresh, "#err-owner").text
    assert not by_css(fresh, "#download").is_enabled()
    assert "eyJ" not in text_of(fresh, "#manifest")


def test_the_first_legend_stays_inside_its_box(fresh, page):
    viewport(fresh, PHONE)
    fresh.get(page.as_uri())
    inside = fresh.execute_script("""
        return [...document.querySelectorAll('fieldset')].filter(f => !f.hidden).every(f => {
          const l = f.querySelector('legend').getBoundingClientRect(), b = f.getBoundingClientRect();
          return l.top >= b.top + 1 && l.right <= b.right; });""")
    assert inside


def test_no_console_errors_and_no_network(fresh, page):
    fresh.get_log("performance")  # drop what earlier tests logged
    fresh.get_log("browser")
    fresh.get(page.as_uri())
    click_answers(fresh, {"caller": "partner_app", "client_type": "confidential", "name": "p"})
    assert attr(fresh, "data-method") == "oauth2_authorization_code"
    by_css(fresh, "#copy-link").click()
    errors = [e for e in fresh.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    urls = []
    for entry in fresh.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    assert urls and all(u.startswith("file://") for u in urls), urls


@pytest.mark.parametrize("fragment", [
    "#caller=%3Cimg%20src%3Dx%20onerror%3Ddocument.title%3D1%3E&name=x",
    "#caller=pos_terminal&name=%3Cimg%20src%3Dx%20onerror%3Ddocument.title%3D1%3E&description=%3C%2Fpre%3E%3Cb%3E",
    "#caller=pos_terminal&credentials=shared,store_specific&__proto__=x&name=%E0%A4%A",
    "#caller=end_customer_app&customer_login=social,nope,otp&name=ok-app",
])
def test_a_hostile_link_stays_text_and_never_runs(fresh, page, fragment):
    fresh.get(page.as_uri() + fragment)
    assert fresh.find_elements("css selector", "img, b") == []
    assert fresh.title != "1"
    assert [e for e in fresh.get_log("browser") if e["level"] == "SEVERE"] == []
    assert attr(fresh, "data-verdict") in ("", "ready", "blocked")
    assert by_css(fresh, "#download").is_enabled() is False or attr(fresh, "data-verdict") == "ready"


def test_code_is_labelled_and_the_method_name_is_not_link_styled(fresh, page):
    fresh.get(page.as_uri() + "#caller=api_gateway&name=gw")
    assert fresh.execute_script(
        "return [...document.querySelectorAll('pre[aria-label]')].every(p => p.getAttribute('role') === 'region')")
    assert fresh.execute_script("return document.querySelector('#manifest').closest('figure')"
                                ".querySelector('figcaption').textContent").startswith("manifest YAML")
    name, body = fresh.execute_script(
        "return [getComputedStyle(document.getElementById('rec-method-title')).color,"
        " getComputedStyle(document.body).color]")
    assert name == body
