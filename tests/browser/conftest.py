"""Browser tests: headless Debian Chromium driven by Playwright against live_server.

Everything in this folder is marked `browser` (deselect with `-m "not browser"`).
Fixtures:
- `browser`: one Chromium for the browser package.
- `page`: a fresh context per test (zh-TW locale, Taipei time zone).
- `logged_in_page(user)`: logs `user` in through the real login form; returns the page.
- `assert_accessible(page, exclude=())`: runs axe-core (WCAG 2.0/2.1 A and AA) and
  fails listing every violation (rule id, impact, target nodes).
"""

import os

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"  # tests/factories.make_user's password
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed when they are done.

    Playwright's sync API runs an event loop in this thread, so Django's ORM calls
    made by the tests themselves (fixtures, assertions), which are synchronous and
    safe, need DJANGO_ALLOW_ASYNC_UNSAFE. It is set only while the browser runs (the
    package scope): the rest of the suite, and the deploy check it runs in a
    subprocess, must not inherit it.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live(live_server, transactional_db):
    """The live server URL, with a transactional database the server thread can see."""
    return live_server.url


@pytest.fixture
def page(browser, live):
    context = browser.new_context(
        locale="zh-TW",
        timezone_id="Asia/Taipei",
        base_url=live,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def logged_in_page(page):
    def login(user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert "/accounts/login/" not in page.url, "login failed"
        return page

    return login


AXE_SOURCE_PATH = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def run_axe(page, exclude_rules=()):
    """The axe-core violations on the page, as a list of dicts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # add_script_tag(path=…) inlines the source, which the CSP (script-src 'self')
        # blocks; evaluating it from the test's side is not subject to the page's CSP.
        page.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    if exclude_rules:
        options["rules"] = {rule: {"enabled": False} for rule in exclude_rules}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return result["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:200]}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    def check(page, exclude_rules=()):
        violations = run_axe(page, exclude_rules)
        assert not violations, f"axe violations on {page.url}:\n" + format_violations(violations)

    return check
