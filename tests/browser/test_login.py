"""Logging in and out in a real browser, in Traditional Chinese and English."""

from urllib.parse import urlparse

from playwright.sync_api import expect

from .conftest import PASSWORD


def screenshot(page, name):
    page.screenshot(path=f"/tmp/browser-{name}.png", full_page=True)


def test_login_page_is_in_traditional_chinese_and_accessible(page, assert_accessible):
    page.goto("/accounts/login/")
    assert page.get_attribute("html", "lang") == "zh-Hant"
    expect(page.locator("h1")).to_be_visible()
    screenshot(page, "login")
    assert_accessible(page)


def test_keyboard_only_login(page, editor):
    page.goto("/accounts/login/")
    # From the top of the page, Tab reaches the username field, then the password.
    page.locator("body").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "username":
            break
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type(editor.username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == "/"
    expect(page.locator("form.logout-form")).to_be_visible()


def test_wrong_password_shows_an_error(page, editor):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", "wrong password here")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    alert = page.locator(".form-errors[role=alert]")
    expect(alert).to_be_visible()
    # Django's own zh-Hant translation of the authentication error.
    expect(alert).to_contain_text("輸入正確的")
    screenshot(page, "login-error")


def test_home_page_after_login(logged_in_page, editor, assert_accessible):
    page = logged_in_page(editor)
    page.goto("/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("nav.site-nav a[aria-current=page]")).to_have_count(1)
    screenshot(page, "home")
    assert_accessible(page)


def test_language_switch_to_english_and_back(logged_in_page, editor, assert_accessible):
    page = logged_in_page(editor)
    page.goto("/")
    page.select_option("#lang-select", "en")
    with page.expect_navigation():
        page.click("form.lang-form button[type=submit]")
    assert page.get_attribute("html", "lang") == "en"
    expect(page.locator("form.logout-form button")).to_have_text("Log out")
    assert_accessible(page)
    page.select_option("#lang-select", "zh-hant")
    with page.expect_navigation():
        page.click("form.lang-form button[type=submit]")
    assert page.get_attribute("html", "lang") == "zh-Hant"


def test_log_out(logged_in_page, editor):
    page = logged_in_page(editor)
    page.goto("/")
    with page.expect_navigation():
        page.click("form.logout-form button[type=submit]")
    assert "/accounts/login/" in page.url
    page.goto("/")
    assert "/accounts/login/" in page.url
