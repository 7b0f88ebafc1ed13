"""Playwright driving Debian's Chromium (Playwright cannot download browsers here)."""
import os
import re
from pathlib import Path

import pytest

from tests.support.server import ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " and REQUIRE_BROWSER=1")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def open_context(browser):
    """A new browser profile (its own cookies and storage); any script error fails the test."""
    made, errors = [], []

    def open_context(kind: dict, locale: str = "nl-NL"):
        context = browser.new_context(**kind, locale=locale)
        made.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    yield open_context
    for context in made:
        context.close()
    assert errors == [], "script errors on the pages:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def check_page(axe):
    """axe-core finds no WCAG 2.1 AA violation, and a screenshot is kept to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def check(page, name: str):
        page.wait_for_load_state("networkidle")
        results = axe.run(page, options=AXE_OPTIONS)
        page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^a-z0-9-]', '-', name)}.png"), full_page=True)
        assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"

    return check


def assert_widths_proportional(page, selector, costs, budget_cents):
    """Every segment of the bar on the screen as wide as its cost, within a pixel."""
    segments = page.locator(selector).first.evaluate("""(figure) => {
      const svg = figure.querySelector("svg");
      const whole = svg.getBoundingClientRect().width;
      return [...svg.querySelectorAll(".budget-bar-segment")].map((g) =>
        ({ cents: Number(g.dataset.cents), width: g.querySelector("rect").getBoundingClientRect().width, whole }));
    }""")
    assert [segment["cents"] for segment in segments] == costs
    scale = max(budget_cents, sum(costs))
    for segment in segments:
        assert abs(segment["width"] - segment["cents"] / scale * segment["whole"]) <= 1, segment
