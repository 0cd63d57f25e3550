"""Correct a report in the import preview, in a real browser (issue 9 item 3).

Upload a report whose meeting dates the parser only inferred (flagged), see them
highlighted, correct one and the meeting's venue, confirm, and find the corrected
values on the trip page.
"""

from django.conf import settings
from playwright.sync_api import expect

from meetings.models import Meeting, Trip

from .test_end_to_end import upload_report

SEED = settings.BASE_DIR / "data" / "reports" / "000_c82191a8b989691b.txt"


def test_correct_a_flagged_field_in_the_preview(logged_in_page, editor, assert_accessible):
    page = logged_in_page(editor)
    upload_report(page, SEED)
    flagged = page.locator(".import-field--flagged")
    expect(flagged).to_have_count(4)
    start = page.locator("input[name='fix-1-meetings.0.start_date']")
    expect(start).to_have_attribute("aria-describedby", "fix-1-meetings.0.start_date-flag")
    assert_accessible(page)
    start.fill("2022-08-24")
    page.locator("input[name='fix-1-meetings.0.end_date']").fill("2022-08-24")
    page.locator("input[name='fix-1-meetings.0.location']").fill("泰國清邁國際會議中心")
    assert Trip.objects.count() == 0, "the preview must not write anything"
    with page.expect_navigation():
        page.locator("form[action*='process_import'] [type=submit]").first.click()

    trip = Trip.objects.get()
    meeting = Meeting.objects.get(trip=trip, order=0)
    assert meeting.start_date.isoformat() == "2022-08-24"
    assert meeting.location == "泰國清邁國際會議中心"
    page.goto(f"/trips/{trip.pk}/")
    body = page.locator("main")
    expect(body).to_contain_text("泰國清邁國際會議中心")
    # The second meeting's dates were left as read: the trip asks for a review.
    expect(page.locator(".needs-review")).to_contain_text("會議 2 開始日期")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(".needs-review button[type=submit]").click()
    expect(page.locator(".needs-review")).to_have_count(0)
    trip.refresh_from_db()
    assert not trip.needs_review
