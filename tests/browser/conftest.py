"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Playwright's own browser download does not work here, so the system Chromium is used. Every page
a test visits can be checked with axe-core for WCAG 2.1 A and AA rules.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("VEIER_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]




@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """Browser tests commit for real, and the flush after each one empties the reference data."""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a
    # thread unless told that this is deliberate. Only while browser tests run: a subprocess that
    # runs `check --deploy` must not inherit it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page and return its WCAG 2.1 A/AA violations."""
    # Served as a same-origin file (intercepted, never reaching Django): the site's Content-Security-Policy
    # forbids inline scripts, and the tests keep that policy on so that they would notice a violation.
    page.route("**/__axe-core.js", lambda route: route.fulfill(body=AXE.read_bytes(), content_type="text/javascript"))
    # A click on a link returns before the next page has loaded; axe must check that page, not a
    # document half replaced (where injecting the script fails on a missing <head>).
    page.wait_for_load_state("load")
    page.add_script_tag(url="/__axe-core.js")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible():
    checked: list[str] = []

    def check(page):
        violations = axe_violations(page)
        checked.append(page.url)
        assert violations == [], f"axe-core found WCAG violations on {page.url}: {violations}"

    check.checked = checked
    return check
