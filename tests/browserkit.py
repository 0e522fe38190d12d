"""Real Chromium for the page tests (Debian chromium + chromedriver, driven by selenium): a driver at a
given viewport, dark mode emulation, axe-core from .ci/node_modules, overflow and on-screen checks, and
screenshots kept as test artifacts (benchmarks/out/screens/, printed at the end of the run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, need_node_module, need_tool

SCREENS = ROOT / "benchmarks" / "out" / "screens"
DESKTOP = (1280, 900)
PHONE = (390, 844)
#: the axe-core rule tags the pages must pass with 0 violations
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def make_driver(tmp_path_factory):
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
                "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,1000",
                "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    return driver


def viewport(driver, size: tuple, dark: bool = False) -> None:
    """Emulate a viewport of exactly `size` CSS pixels (a phone: with touch-style mobile layout)."""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})


def reset_viewport(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def overflow(driver) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth")


def on_screen(driver, css: str) -> bool:
    """Is the element really visible: inside the viewport, and the topmost element at its centre?"""
    return driver.execute_script("""
        const el = document.querySelector(arguments[0]);
        if (!el) return false;
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (r.width === 0 || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
        const hit = document.elementFromPoint(x, y);
        return hit === el || el.contains(hit);""", css)


def axe_violations(driver) -> list:
    """axe-core's violations on the current page (rule id, impact, the first failing nodes)."""
    source = need_node_module("axe-core/axe.min.js").read_text(encoding="utf-8")
    driver.execute_script(source)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)})))))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', nodes: [String(e)]}])));", AXE_TAGS)
    return json.loads(result)


def screenshot(driver, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


@pytest.fixture(scope="session", autouse=True)
def _report_screens(request):
    yield
    if SCREENS.is_dir():
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"screenshots: {SCREENS}")
