"""The HTML docs pages in real Chromium at 1280x900 and 390x844, light and dark: no horizontal page
overflow on any page, axe-core 0 violations on every page, snippet tabs with one remembered choice and
copy buttons, the sequence diagram, and print without near-blank pages."""

from __future__ import annotations

import base64

import pytest
from browserkit import DESKTOP, PHONE, axe_violations, overflow, screenshot, viewport
from conftest import EXAMPLES, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result = run_cli(["docs", str(EXAMPLES), "--out", str(out), "--format", "html", "--with-questionnaire"])
    assert result.exit_code == 0, result.stderr
    return out


def pages(site) -> list:
    return sorted(p for p in site.iterdir() if p.suffix == ".html" and p.name != "questionnaire.html")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_page_fits_and_passes_axe(fresh, site, size, dark):
    viewport(fresh, size, dark)
    where = f"{'desktop' if size == DESKTOP else 'phone'}-{'dark' if dark else 'light'}"
    problems = {}
    for path in pages(site):
        fresh.get(path.as_uri())
        if overflow(fresh) > 0:
            problems[path.name] = f"{overflow(fresh)} px wider than the screen"
        found = axe_violations(fresh)
        if found:
            problems[path.name] = found
        if path.stem in ("acme-pos-store-042", "matrix", "index"):
            screenshot(fresh, f"docs-{where}-{path.stem}")
    assert problems == {}


def test_snippets_become_tabs_with_one_remembered_choice_and_copy_buttons(fresh, site):
    from selenium.webdriver.common.by import By

    fresh.get((site / "acme-pos-store-042.html").as_uri())
    tabs = fresh.find_elements(By.CSS_SELECTOR, ".snippets [role=tab]")
    from authadvisor.snippets import INLINE_TARGETS

    assert [t.text for t in tabs] == list(INLINE_TARGETS)
    assert fresh.find_elements(By.CSS_SELECTOR, "details.snippet") == []  # replaced by the tabs
    fresh.find_element(By.CSS_SELECTOR, "#snippets-tab-python").click()
    panel = fresh.find_element(By.CSS_SELECTOR, "#snippets-panel-python")
    assert panel.is_displayed() and "def " in panel.text
    panel.find_element(By.CSS_SELECTOR, "button.copy").click()
    assert fresh.find_element(By.CSS_SELECTOR, "#snippets-panel-curl").is_displayed() is False
    fresh.get((site / "acme-api-gateway.html").as_uri())  # another page: the same language is shown
    assert fresh.find_element(By.CSS_SELECTOR, "#snippets-tab-python").get_attribute("aria-selected") == "true"
    assert fresh.find_element(By.CSS_SELECTOR, "figure.flow svg[role=img]").is_displayed()
    assert fresh.find_elements(By.CSS_SELECTOR, "pre.first-call") and fresh.find_elements(
        By.CSS_SELECTOR, ".codebar button.copy")


def test_the_index_links_to_the_questionnaire_written_alongside(fresh, site):
    from selenium.webdriver.common.by import By

    fresh.get((site / "index.html").as_uri())
    fresh.find_element(By.LINK_TEXT, "the questionnaire").click()
    assert fresh.find_element(By.CSS_SELECTOR, "#recommendation").get_attribute("data-verdict") == ""


@pytest.mark.parametrize("name", ["acme-pos-store-042", "acme-member-app", "matrix"])
def test_print_has_no_near_blank_pages(fresh, site, name):
    fresh.get((site / f"{name}.html").as_uri())
    fresh.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    fresh.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 700, "height": 1000,
                                                                "deviceScaleFactor": 1, "mobile": False})
    # what leaves a page nearly blank: a block that refuses to break and is taller than most of a page
    tallest = fresh.execute_script("""
        return Math.max(0, ...[...document.querySelectorAll('body *')]
          .filter(e => getComputedStyle(e).breakInside === 'avoid')
          .map(e => e.getBoundingClientRect().height));""")
    assert tallest < 500, tallest
    fresh.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(fresh.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})["data"])
    count = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    # the POS guide was 21 pages when every long code block refused to break; the matrix and the member app
    # now carry every rule's sourced notes (14 full pages), which is content, not blank space
    assert 1 <= count <= 16, count
