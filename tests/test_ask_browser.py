"""The generated page in a real headless browser (Debian chromium + chromedriver, driven by selenium):
answered by clicking and by keyboard, read through the contract (`#recommendation[data-method]`),
compared with the Python engine, downloaded, and checked for escaping, focus, narrow layout and network."""

from __future__ import annotations

import json
import time

import pytest
from conftest import need_tool, run_cli

from authadvisor.api import from_answers
from authadvisor.render.manifest import manifest_yaml

pytestmark = pytest.mark.slow

#: (answers to click, in question order) -> checked against the Python engine; one per method at least
CASES = [
    {"caller": "pos_terminal", "credentials": "shared", "name": "acme-pos-042"},
    {"caller": "pos_central_server", "cluster": "eu", "name": "acme-hub"},
    {"caller": "prebuilt_connector", "connector": "shopify", "name": "acme-shop"},
    {"caller": "end_customer_app", "customer_login": ["otp", "social"], "name": "acme-app"},
    {"caller": "partner_app", "client_type": "public", "pkce": False, "name": "travelco"},
    {"caller": "ftp_pipeline", "file_processing": "connect_plus", "name": "nightly"},
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "questionnaire.html"
    assert run_cli(["ask", "--html", str(path)]).exit_code == 0
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = need_tool("chromium")
    chromedriver = need_tool("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("profile")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def by_css(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def data_method(driver) -> str:
    return by_css(driver, "#recommendation").get_attribute("data-method")


def click_answers(driver, answers: dict) -> None:
    for qid, value in answers.items():
        if isinstance(value, str) and by_css(driver, f"[name='{qid}']").get_attribute("type") == "text":
            box = by_css(driver, f"input[name='{qid}']")
            box.clear()
            box.send_keys(value)
            continue
        for v in value if isinstance(value, list) else [value]:
            token = {True: "true", False: "false"}.get(v, v) if isinstance(v, bool) else v
            label = by_css(driver, f"label[for='in-{qid}-{token}']")
            assert label.is_displayed(), (qid, token)
            label.click()


@pytest.mark.parametrize("answers", CASES, ids=lambda a: a["caller"])
def test_clicking_answers_gives_the_python_recommendation(browser, page, answers):
    browser.get(page.as_uri())
    assert data_method(browser) == ""
    click_answers(browser, answers)
    manifest, rec = from_answers(dict(answers))
    assert data_method(browser) == rec.method
    assert by_css(browser, "#recommendation").get_attribute("data-rule") == rec.rule
    shown = [li.text.rsplit("[", 1)[1].rstrip("]") for li in
             browser.find_elements("css selector", "#rec-warnings li")]
    assert shown == [w.id for w in rec.warnings]
    assert by_css(browser, "#manifest").text == manifest_yaml(manifest, rec.method, rec.rule).rstrip("\n")
    assert by_css(browser, "#download").is_enabled()
    assert by_css(browser, "#snippets").is_displayed()  # the chosen method's snippets, as text
    titles = [h.text for h in browser.find_elements("css selector", "#snippet-list h3")]
    from authadvisor.snippets import INLINE_TARGETS

    assert titles[0] == "auth.sh (curl)" and len(titles) == len(INLINE_TARGETS)
    marker = {"basic": "Authorization: Basic", "oauth2_client_credentials": "X-CAP-API-OAUTH-TOKEN",
              "mobile_api_auth": "cap_authorization", "oauth2_authorization_code": "PKCE"}[rec.method]
    assert marker in by_css(browser, "#snippet-list").text


def test_follow_up_questions_appear_and_the_method_waits_for_required_answers(browser, page):
    browser.get(page.as_uri())
    assert not by_css(browser, "#q-connector").is_displayed()
    by_css(browser, "label[for='in-caller-prebuilt_connector']").click()
    assert by_css(browser, "#q-connector").is_displayed()
    assert data_method(browser) == ""  # the connector is required: not decided yet
    by_css(browser, "label[for='in-connector-magento']").click()
    assert data_method(browser) == "oauth2_client_credentials"
    assert not by_css(browser, "#download").is_enabled()  # no name yet
    by_css(browser, "label[for='in-caller-pos_terminal']").click()
    assert not by_css(browser, "#q-connector").is_displayed()
    assert by_css(browser, "#q-credentials").is_displayed()
    assert data_method(browser) == "basic"


def test_keyboard_only(browser, page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(page.as_uri())
    actions = ActionChains(browser)
    actions.send_keys(Keys.TAB).perform()  # the skip link
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    actions.send_keys(Keys.TAB).perform()  # into the caller radio group
    focused = browser.switch_to.active_element
    assert focused.get_attribute("name") == "caller"
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", focused)
    assert style == ["solid", "3px"]  # visible focus
    actions.send_keys(Keys.SPACE).perform()
    assert data_method(browser) == "basic"  # pos_terminal
    actions.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN).perform()
    assert data_method(browser) == "oauth2_client_credentials"  # pos_central_server


def test_manifest_text_is_escaped_and_downloads(browser, page):
    browser.get(page.as_uri())
    hostile = '<img src=x onerror="document.title=1"> & "quotes" </pre>'
    click_answers(browser, {"caller": "api_gateway", "name": "acme-gw", "description": hostile})
    text = by_css(browser, "#manifest").text
    manifest, rec = from_answers({"caller": "api_gateway", "name": "acme-gw", "description": hostile})
    expected = manifest_yaml(manifest, rec.method, rec.rule)
    assert text == expected.rstrip("\n")
    assert browser.find_elements("css selector", "img") == []
    assert browser.title != "1"
    by_css(browser, "#download").click()
    target = browser.downloads / "acme-gw.yaml"
    deadline = time.monotonic() + 15
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.read_text(encoding="utf-8") == expected


def test_text_errors_block_the_download(browser, page):
    browser.get(page.as_uri())
    click_answers(browser, {"caller": "backend_service", "name": "Acme Service"})
    assert 'try "acme-service"' in by_css(browser, "#err-name").text
    assert by_css(browser, "#in-name").get_attribute("aria-invalid") == "true"
    assert not by_css(browser, "#download").is_enabled()
    click_answers(browser, {"name": "acme-service", "owner": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0"})
    assert "looks like a JSON Web Token" in by_css(browser, "#err-owner").text
    assert not by_css(browser, "#download").is_enabled()
    assert "eyJ" not in by_css(browser, "#manifest").text


def test_narrow_window_has_no_horizontal_scroll(browser, page):
    browser.set_window_size(360, 800)
    try:
        browser.get(page.as_uri())
        click_answers(browser, {"caller": "end_customer_app", "customer_login": ["password"], "name": "a"})
        assert data_method(browser) == "mobile_api_auth"
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
    finally:
        browser.set_window_size(1280, 1000)


def test_no_console_errors_and_no_network(browser, page):
    browser.get_log("performance")  # drop what earlier tests logged
    browser.get_log("browser")
    browser.get(page.as_uri())
    click_answers(browser, {"caller": "partner_app", "client_type": "confidential", "name": "p"})
    assert data_method(browser) == "oauth2_authorization_code"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    assert urls and all(u.startswith("file://") for u in urls), urls
