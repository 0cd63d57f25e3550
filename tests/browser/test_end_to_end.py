"""The whole journey in a real browser: import a report, find it, act on it.

Log in as an editor, import the first record through the admin (upload → preview →
confirm), search 單一窗口, open the trip, mark a follow-up done, see it leave the
dashboard; import a second report whose follow-ups the Taipei customs office answers
for, mark its recommendation adopted, log out, and find the follow-up on the
dashboard of a member of staff of that office.
"""

from django.conf import settings
from playwright.sync_api import expect

from delegates.access import VIEWERS
from delegates.models import Person
from meetings.models import FollowUp, Lesson, Trip

from ..factories import make_user
from .conftest import PASSWORD

SEED = settings.BASE_DIR / "data" / "reports" / "000_c82191a8b989691b.txt"
SECOND = settings.BASE_DIR / "tests" / "importing" / "reports" / "r01_roc_nextline_labels.txt"


def upload_report(page, path):
    page.goto("/admin/meetings/trip/import/")
    format_select = page.locator("select[name=format]")
    txt_value = format_select.locator("option", has_text="TXT").first.get_attribute("value")
    format_select.select_option(txt_value)
    page.set_input_files("input[name=import_file]", str(path))
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] input[type=submit]").click()


def test_import_search_act_and_log_out(page, editor, taipei_customs, assert_accessible):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")

    # Import through the admin: upload, preview, confirm.
    upload_report(page, SEED)
    expect(page.locator("#content")).to_contain_text("出席 2022 年亞太經濟合作")
    expect(page.locator("#content")).to_contain_text("劉麗霞")
    assert Trip.objects.count() == 0, "the preview must not write anything"
    with page.expect_navigation():
        page.locator("form[action*='process_import'] [type=submit]").first.click()
    trip = Trip.objects.get()
    assert trip.meetings.count() == 2

    # One of the report's follow-ups is the editor's to do.
    follow_up = trip.follow_ups.order_by("order", "pk").first()
    follow_up.owner_person = Person.objects.get(user=editor)
    follow_up.save()

    # Search finds it by a two-character-pair Chinese phrase.
    page.goto("/search/?q=單一窗口")
    results = page.locator("main")
    expect(results).to_contain_text("出席 2022 年亞太經濟合作")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(f"main a[href='/trips/{trip.pk}/']").first.click()
    expect(page.locator("h1")).to_contain_text("出席 2022 年亞太經濟合作")

    # The follow-up is on the dashboard until it is done.
    page.goto("/")
    mine = page.locator("#my-follow-ups")
    expect(mine).to_contain_text(follow_up.description[:15])
    with page.expect_navigation():
        mine.locator(f"a[href='/follow-ups/{follow_up.pk}/']").click()
    page.select_option("select[name=status]", "done")
    page.fill("textarea[name=note]", "已於會後提交")
    page.fill("textarea[name=outcome]", "報告已提交 CTI")
    with page.expect_navigation():
        page.click("main form[action$='/status/'] button[type=submit]")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE
    assert follow_up.events.get().user == editor

    page.goto("/")
    expect(page.locator("#my-follow-ups")).not_to_contain_text(follow_up.description[:15])

    # A second report; its follow-ups are for the Taipei customs office to carry out.
    upload_report(page, SECOND)
    page.select_option("select[name=responsible_agency]", label=taipei_customs.name)
    with page.expect_navigation():
        page.locator("form[action*='process_import'] [type=submit]").first.click()
    second = Trip.objects.exclude(pk=trip.pk).get()
    second_follow_up = second.follow_ups.order_by("order", "pk").first()
    assert second_follow_up.owner_agency == taipei_customs
    assert second_follow_up.owner_text, "the counterpart stays as the report wrote it"

    # Its first recommendation is adopted on the recommendations page.
    recommendation = Lesson.objects.recommendations().filter(trip=second).order_by("order").first()
    page.goto("/recommendations/")
    row = page.locator(f"#recommendation-{recommendation.pk}")
    row.locator("select[name=adoption_status]").select_option("adopted")
    row.locator("input[name=note]").fill("已納入明年度計畫")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    recommendation.refresh_from_db()
    assert recommendation.adoption_status == Lesson.Adoption.ADOPTED

    with page.expect_navigation():
        page.click("form.logout-form button[type=submit]")
    page.goto("/")
    assert "/accounts/login/" in page.url

    # Staff of the responsible office find the follow-up on their dashboard.
    make_user("taipei", VIEWERS, agency=taipei_customs, person_name="臺北關同仁")
    page.fill("input[name=username]", "taipei")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto("/")
    mine = page.locator("#my-follow-ups")
    expect(mine).to_contain_text(second_follow_up.description[:15])
    expect(mine.locator(f"a[href='/follow-ups/{second_follow_up.pk}/']")).to_be_visible()
    assert_accessible(page)
