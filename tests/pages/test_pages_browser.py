"""The record pages in headless Chromium: no WCAG 2.1 AA violation found by axe-core,
and the print button and collapsible report sections work without inline script."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from delegates.access import VIEWERS

from ..factories import make_user
from .builders import full_trip

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(live_server, transactional_db, customs, monkeypatch):
    if not Path(CHROMIUM).exists() or not AXE.exists():
        pytest.skip("Chromium and axe-core are needed (make browser-deps).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM
    # calls (building records) are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    make_user("reader", VIEWERS, agency=customs, person_name="王讀者")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        tab = browser.new_page(locale="zh-TW")
        tab.goto(f"{live_server.url}/accounts/login/")
        tab.fill("input[name=username]", "reader")
        tab.fill("input[name=password]", "correct horse battery staple")
        tab.click(".login-card button[type=submit]")
        tab.wait_for_url(f"{live_server.url}/")
        yield tab
        browser.close()


def axe_violations(page):
    # Evaluated through DevTools, so the page's CSP (no inline script) stays on.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def test_record_pages_have_no_accessibility_violations(page, live_server, customs):
    trip = full_trip(customs, size=2)
    meeting = trip.meetings.first()
    person = trip.delegates.first().person
    for path in [
        "/trips/",
        trip.get_absolute_url(),
        meeting.get_absolute_url(),
        person.get_absolute_url(),
        customs.get_absolute_url(),
        "/agencies/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path


def test_report_sections_open_all_and_before_printing(page, live_server, customs):
    trip = full_trip(customs, size=3)
    page.goto(live_server.url + trip.get_absolute_url())
    assert page.locator("details.report-section[open]").count() == 0
    page.click(".js-expand-all")
    assert page.locator("details.report-section[open]").count() == 3
    assert page.locator(".js-print").is_visible()
    assert "民國 111 年 8 月 22 日" in page.inner_text("#facts")
