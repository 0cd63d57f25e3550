"""What an editor sees when the portal protects them: a lockout, a refused stale save."""

from playwright.sync_api import expect

from meetings.models import FollowUp

# The browser asks for zh-TW, so the refusal is in Traditional Chinese.
STALE = "您開啟此紀錄後，已有其他人儲存過"


def test_lockout_page_after_five_failures_is_clear_and_accessible(page, editor, assert_accessible):
    for attempt in range(5):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", editor.username)
        page.fill("input[name=password]", f"wrong password {attempt}")
        with page.expect_navigation() as navigation:
            page.click("main button[type=submit]")
    assert navigation.value.status == 429
    expect(page.locator("[role=alert] h1")).to_be_visible()
    # The browser asks for zh-TW: the message is in Traditional Chinese.
    expect(page.locator("main")).to_contain_text("登入失敗次數過多")
    page.screenshot(path="/tmp/browser-locked-out.png", full_page=True)
    assert_accessible(page)


def test_second_editor_sees_the_refusal_and_keeps_their_text(
    browser, live, logged_in_page, editor, administrator, open_trip
):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    url = f"/admin/meetings/followup/{follow_up.pk}/change/"
    first = logged_in_page(administrator)
    first.goto(url)

    other_context = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei", base_url=live)
    try:
        second = other_context.new_page()
        second.goto("/accounts/login/")
        second.fill("input[name=username]", editor.username)
        second.fill("input[name=password]", "correct horse battery staple")
        with second.expect_navigation():
            second.click("main button[type=submit]")
        second.goto(url)

        first.fill("#id_outcome", "第一位：已提交")
        with first.expect_navigation():
            first.click("input[name=_save]")

        second.fill("#id_outcome", "第二位：尚未提交")
        with second.expect_navigation() as navigation:
            second.click("input[name=_save]")
        assert navigation.value.status == 409
        expect(second.locator(".errornote, ul.errorlist.nonfield")).not_to_have_count(0)
        expect(second.locator("ul.errorlist.nonfield")).to_contain_text(STALE)
        expect(second.locator("#id_outcome")).to_have_value("第二位：尚未提交")
        second.screenshot(path="/tmp/browser-stale-refused.png", full_page=True)
    finally:
        other_context.close()
    follow_up.refresh_from_db()
    assert follow_up.outcome == "第一位：已提交"
