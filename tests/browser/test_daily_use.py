"""Daily use in Chromium, with screenshots (under /tmp/daily-use/): the trip page's
links and one-click corrections, the search highlight and filters, the follow-up
error summary, the admin's look and import screen, and tables whose cells never
shrink below two characters at desktop (1366 px) and phone (390 px) widths."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from meetings.importing import read_report
from meetings.models import Delegate, FollowUp, GlossaryTerm, Lesson
from meetings.services import import_document

from ..pages.builders import full_trip

SEED = settings.BASE_DIR / "data" / "reports" / "000_c82191a8b989691b.txt"
SHOTS = Path("/tmp/daily-use")
WIDTHS = {"desktop": (1366, 768), "phone": (390, 844)}

# Cells narrower than two characters (inner width < 2 em), ignoring hidden cells and
# the admin's selection checkboxes; and short headers that wrap onto a second line.
MEASURE = """() => {
  const narrow = [], wrapped = [];
  // Lines of text: the distinct tops of the text's boxes, each text node on its own
  // (a block child, such as a sort link in an admin header, is not a wrapped line).
  const lines = (cell) => {
    let most = 0;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (!walker.currentNode.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(walker.currentNode);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top / 4)));
      most = Math.max(most, tops.size);
    }
    return most;
  };
  document.querySelectorAll("main table, #content table").forEach((table) => {
    table.querySelectorAll("th, td").forEach((cell) => {
      const box = cell.getBoundingClientRect();
      const style = getComputedStyle(cell);
      if (!box.width || box.right <= 0 || style.display === "none") return;
      if (cell.closest(".visually-hidden, [hidden]") || cell.classList.contains("action-checkbox")
          || cell.classList.contains("action-checkbox-column")) return;
      const text = cell.textContent.replace(/\\s+/g, "");
      if (!text) return;
      const size = parseFloat(style.fontSize);
      const inner = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const count = lines(cell);
      // Narrower than two characters, or broken one character per line.
      if (inner < 2 * size - 0.5 || (text.length >= 2 && count >= 2 && text.length / count < 2)) {
        narrow.push(`${text.slice(0, 12)} (${Math.round(inner)}px, ${count} lines)`);
      }
      if (cell.closest("thead") && text.length <= 8 && count > 1) wrapped.push(text);
    });
  });
  return {narrow, wrapped};
}"""


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def seeded(administrator, editor, customs):
    trip = import_document(read_report(SEED.read_bytes(), SEED.name)).trip
    trip.delegates.update(role=Delegate.Role.MEMBER)
    FollowUp.objects.create(trip=trip, description="提交 SCCP 會議紀錄摘要", owner_text="SCCP")
    Lesson.objects.create(trip=trip, title="會前準備", body="宜及早蒐集各會員體立場")
    GlossaryTerm.objects.update_or_create(
        acronym="WCO",
        defaults={
            "name_zh": "世界關務組織",
            "name_en": "World Customs Organization",
            "verified": True,
        },
    )
    big = full_trip(customs, size=3, title="出席世界關務組織（WCO）年會報告")
    return trip, big


def test_trip_page_links_and_one_click_corrections(
    logged_in_page, editor, seeded, assert_accessible
):
    trip, _big = seeded
    page = logged_in_page(editor)
    page.goto(trip.get_absolute_url())
    follow_up = trip.follow_ups.get(description="提交 SCCP 會議紀錄摘要")
    link = page.get_by_role("link", name=re.compile("提交 SCCP 會議紀錄摘要"))
    expect(link).to_have_attribute("href", f"/follow-ups/{follow_up.pk}/")
    if trip.keywords.exists():
        expect(page.locator(".keyword-list a").first).to_have_attribute(
            "href", re.compile(r"^/search/\?q=")
        )
    page.locator("#delegation button", has_text="設為團長").first.click()
    expect(page.locator(".messages")).to_contain_text("列為團長")
    expect(page.locator(".badge--head")).to_have_count(1)
    expect(page.locator("dt", has_text="團長")).to_be_visible()
    lesson = Lesson.objects.get(trip=trip, title="會前準備")
    page.locator(f"#lesson-{lesson.pk} button", has_text="改列為建議").click()
    expect(page.locator(".messages")).to_contain_text("已改列為建議事項")
    expect(page.locator(f"#lesson-{lesson.pk} .badge")).to_be_visible()
    shot(page, "trip-page")
    assert_accessible(page)
    lesson.refresh_from_db()
    assert lesson.kind == "recommendation"


def test_search_highlights_the_whole_expanded_name(
    logged_in_page, viewer, seeded, assert_accessible
):
    page = logged_in_page(viewer)
    page.goto("/search/?q=WCO")
    marks = page.locator("mark").all_inner_texts()
    assert "世界關務組織" in marks and "組織" not in marks and "世界" not in marks
    page.locator("summary", has_text=re.compile("篩選")).click()
    expect(page.locator("#id_country option").first).to_have_text("所有國家")
    expect(page.locator("#id_category option").first).to_have_text("所有類別")
    shot(page, "search")
    assert_accessible(page)


def test_follow_up_error_summary_links_each_error(
    logged_in_page, editor, seeded, assert_accessible
):
    trip, _big = seeded
    follow_up = trip.follow_ups.get(description="提交 SCCP 會議紀錄摘要")
    page = logged_in_page(editor)
    page.goto(f"/follow-ups/{follow_up.pk}/")
    page.select_option("#id_status", "done")
    page.get_by_role("button", name="儲存變更").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.locator("a")
    assert links.count() >= 2
    links.first.click()
    target = links.first.get_attribute("href")
    expect(page.locator(target)).to_be_focused()
    shot(page, "follow-up-errors")
    assert_accessible(page)


def test_admin_looks_like_the_portal(logged_in_page, administrator, seeded, assert_accessible):
    page = logged_in_page(administrator)
    page.goto("/admin/meetings/trip/")
    header = page.locator("#header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 79, 138)"
    expect(page.locator("h1")).to_have_text("出國案列表：點選一筆來修改")
    expect(page.locator("td.field-start_date").first).to_contain_text("民國")
    shot(page, "admin-trips")
    assert_accessible(page)
    page.goto("/admin/meetings/trip/import/")
    expect(page.locator(".import-explained")).to_contain_text("可以匯入的檔案")
    page.set_input_files(
        "#id_import_file", {"name": "photo.png", "mimeType": "image/png", "buffer": b"\\x89PNG0000"}
    )
    page.get_by_role("button", name="顯示預覽").click()
    expect(page.locator(".errorlist")).to_contain_text("無法匯入這種檔案（.png）")
    shot(page, "admin-import-png")
    page.set_input_files("#id_import_file", str(SEED))
    page.get_by_role("button", name="顯示預覽").click()
    # The seed was changed since its import (the fixture's edits): confirm the update,
    # then the same file again changes nothing and offers no confirm button.
    expect(page.locator("input[name=confirm]")).to_have_count(1)
    page.locator("input[name=confirm]").click()
    page.wait_for_load_state()
    page.goto("/admin/meetings/trip/import/")
    page.set_input_files("#id_import_file", str(SEED))
    page.get_by_role("button", name="顯示預覽").click()
    expect(page.locator(".import-nothing")).to_contain_text("沒有需要匯入的內容")
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    shot(page, "admin-import-unchanged")
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_cell_is_narrower_than_two_characters(browser, live, administrator, seeded, width):
    trip, big = seeded
    context = browser.new_context(
        locale="zh-TW",
        base_url=live,
        viewport=dict(zip(("width", "height"), WIDTHS[width], strict=True)),
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", administrator.get_username())
    page.fill("input[name=password]", "correct horse battery staple")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    person = big.delegates.first().person
    problems = {}
    for name, path in {
        "person": person.get_absolute_url(),
        "trips": "/trips/",
        "trip": trip.get_absolute_url(),
        "admin-trips": "/admin/meetings/trip/",
        "admin-follow-ups": "/admin/meetings/followup/",
        "admin-lessons": "/admin/meetings/lesson/",
    }.items():
        page.goto(path)
        found = page.evaluate(MEASURE)
        shot(page, f"cells-{name}-{width}")
        if found["narrow"] or found["wrapped"]:
            problems[name] = found
    # The English header keeps to one row at desktop width.
    if width == "desktop":
        page.goto("/")
        page.select_option("#lang-select", "en")
        page.locator(".lang-form button").click()
        page.wait_for_load_state()
        heights = page.evaluate(
            "() => [document.querySelector('.site-nav ul').getBoundingClientRect().height,"
            " parseFloat(getComputedStyle(document.querySelector('.site-nav a')).lineHeight) ||"
            " 1.5 * parseFloat(getComputedStyle(document.querySelector('.site-nav a')).fontSize)]"
        )
        shot(page, "header-english-desktop")
        if heights[0] > 1.9 * heights[1]:
            problems["english-header"] = heights
    context.close()
    assert not problems, problems
