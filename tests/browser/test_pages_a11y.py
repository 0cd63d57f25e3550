"""Every intranet page of the portal, opened in Chromium as an editor of 關務署: axe-core
finds no WCAG 2.1 AA violation (no rule excluded), the page shows what it is about, and
the keyboard reaches the content and the main navigation with a visible focus ring.
The admin import screen (upload, preview, confirm) runs without a CSP violation."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from delegates.models import Person
from meetings.importing import read_report
from meetings.models import CalendarToken, FollowUp, Lesson, MeetingSeries, Trip
from meetings.services import import_document

SEED = settings.BASE_DIR / "data" / "reports" / "000_c82191a8b989691b.txt"
LATE_TASK = "彙整各會員體對 AEO 相互承認之回應"
RECOMMENDATION = "建議推動與東協國家之 AEO 相互承認協議"


@pytest.fixture
def portal(editor, customs):
    """The seed report imported, with a late follow-up the editor owns, a recommendation
    awaiting a decision and a planned trip."""
    trip = import_document(read_report(SEED.read_bytes(), SEED.name)).trip
    today = timezone.localdate()
    me = Person.objects.get(user=editor)
    follow_up = FollowUp.objects.create(
        trip=trip,
        description=LATE_TASK,
        owner_person=me,
        owner_agency=customs,
        due_date=today - datetime.timedelta(days=3),
    )
    Lesson.objects.create(
        trip=trip, kind="recommendation", title=RECOMMENDATION, adoption_status="proposed"
    )
    Trip.objects.create(
        title="2027 年 APEC 海關程序次級委員會第一次會議",
        agency=customs,
        status=Trip.Status.DRAFT,
        start_date=today + datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=24),
    )
    CalendarToken.objects.create(user=editor)
    meeting = trip.meetings.order_by("order").first()
    series = MeetingSeries.objects.filter(meetings__trip=trip).first()
    return {
        "trip": trip,
        "meeting": meeting,
        "series": series,
        "person": me,
        "agency": customs,
        "follow_up": follow_up,
    }


# (path, what a user expects to see: a text, or a selector), formatted with the records.
PAGES = [
    ("/", LATE_TASK),
    ("/trips/?q=APEC&sort=-start_date", "{trip.title}"),
    ("/trips/{trip.pk}/", "{trip.title}"),
    ("/meetings/{meeting.pk}/", "{meeting.title}"),
    ("/people/{person.pk}/", "{person.name}"),
    ("/agencies/", "{agency.name}"),
    ("/agencies/{agency.pk}/", "{agency.name}"),
    ("/follow-ups/", LATE_TASK),
    ("/follow-ups/{follow_up.pk}/", LATE_TASK),
    ("/recommendations/", RECOMMENDATION),
    ("/series/", "{series.name}"),
    ("/series/{series.pk}/", "{series.name}"),
    ("/trips/{trip.pk}/briefing/", "{trip.title}"),
    ("/calendar/", "main input[value$='.ics']"),
    ("/admin/meetings/trip/import/", SEED.suffix),
]


@pytest.mark.parametrize("path, text", PAGES)
def test_page_is_accessible_and_shows_its_subject(
    logged_in_page, editor, portal, assert_accessible, path, text
):
    page = logged_in_page(editor)
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    response = page.goto(path.format(**portal))
    assert response.status == 200
    expect(page.locator("h1").first).to_be_visible()
    if text.startswith("main "):  # a selector: the text sits in a form field
        expect(page.locator(text)).to_be_visible()
    else:
        expect(page.locator("main, #content").first).to_contain_text(text.format(**portal))
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    # Nothing wider than a phone: tables and long titles wrap instead of overflowing.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert_accessible(page)
    assert not blocked, blocked


def test_skip_link_and_main_navigation_by_keyboard(logged_in_page, editor, portal):
    page = logged_in_page(editor)
    page.goto("/trips/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    expect(page.locator("main#main")).to_be_focused()

    page.goto("/")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                 const s = getComputedStyle(e);
                 return {nav: !!e.closest('nav.site-nav'), href: e.getAttribute('href'),
                         outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
        )
        if focused["nav"]:
            reached.append(focused)
    hrefs = [item["href"] for item in reached]
    assert "/" in hrefs and "/trips/" in hrefs and "/follow-ups/" in hrefs, hrefs
    for item in reached:
        assert item["outline"] != "none" and item["width"] >= 2, item


def test_import_screen_previews_and_confirms_under_the_csp(
    logged_in_page, editor, customs, assert_accessible
):
    page = logged_in_page(editor)
    problems = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text) if m.type == "error" or "Content Security" in m.text else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto("/admin/meetings/trip/import/")
    assert_accessible(page)
    page.select_option("select[name=format]", label="txt")
    page.set_input_files("input[name=import_file]", str(SEED))
    with page.expect_navigation():
        page.click("#content form [type=submit]")
    confirm = page.locator("input[name=confirm], button[name=confirm]")
    expect(confirm).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        confirm.click()
    expect(page.locator(".messagelist, .messages")).to_be_visible()
    # The stored file may carry a suffix when an earlier run left one of the same name.
    trip = Trip.objects.get()
    assert "SCCP" in trip.title and SEED.stem in trip.source_file.name
    assert not problems, problems
