"""A trip from plan to published report, in a real browser.

An editor creates a plan, adds its itinerary and budget and submits it; an approver
of the agency approves it; the editor records the journey and uploads the report; the
approver reviews it with one item overridden and returns it; the editor uploads the
revised report; the approver approves it and the trip is published. The editor then
downloads the register CSV and the Word report, and the Word report imported again
through the admin changes nothing.
"""

import csv
import datetime
import io

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from delegates.access import APPROVERS
from delegates.models import Person
from meetings.models import CostLine, Trip
from tests.factories import make_user

from .conftest import PASSWORD

REPORT = settings.BASE_DIR / "tests" / "importing" / "reports" / "r02_tickbox_table_itinerary.txt"
S = Trip.Status


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/accounts/login/" not in page.url


def click(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def upload_report(page, trip, path):
    page.goto(trip.get_absolute_url())
    page.set_input_files("#plan input[type=file]", str(path))
    click(page, "上傳報告送審")
    expect(page.locator("h1")).to_contain_text("出國報告審核")


def test_plan_approval_report_review_return_and_publish(
    page, editor, customs, assert_accessible, tmp_path
):
    approver = make_user("approver", APPROVERS, agency=customs, person_name="張核定")
    start = timezone.localdate() + datetime.timedelta(days=30)

    # The editor creates the plan from the dashboard.
    log_in(page, editor)
    with page.expect_navigation():
        page.get_by_role("link", name="新增出國計畫").first.click()
    page.fill("#id_plan_name", "赴泰國出席東協海關研討會計畫")
    page.select_option("#id_category", "meeting")
    page.fill("#id_purposes", "瞭解東協海關智慧邊境作法")
    page.fill("#id_destinations", "泰國曼谷")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + datetime.timedelta(days=3)).isoformat())
    page.select_option("#id_people", str(Person.objects.get(user=editor).pk))
    page.fill("#id_meeting_titles", "東協海關智慧邊境研討會")
    page.fill("#id_budget_year", str(start.year - 1911))
    page.fill("#id_budget_line", "國際交流活動")
    page.select_option("#id_funding", "own")
    assert_accessible(page)
    click(page, "建立計畫")
    trip = Trip.objects.get()
    assert trip.status == S.DRAFT
    expect(page.locator("#plan")).to_contain_text("計畫草擬中")

    # Itinerary and budget.
    with page.expect_navigation():
        page.get_by_role("link", name="編輯行程").click()
    page.fill("input[name='itinerary-0-date']", start.isoformat())
    page.fill("input[name='itinerary-0-origin']", "臺北")
    page.fill("input[name='itinerary-0-destination']", "曼谷")
    page.fill("input[name='itinerary-0-transport']", "TG 635")
    page.fill("input[name='itinerary-0-departure_time']", "08:00")
    page.fill("input[name='itinerary-0-departure_zone']", "Asia/Taipei")
    page.fill("input[name='itinerary-0-arrival_time']", "10:45")
    page.fill("input[name='itinerary-0-arrival_zone']", "Asia/Bangkok")
    assert_accessible(page)
    click(page, "儲存")
    expect(page.locator("#itinerary")).to_contain_text("TG 635")
    page.goto(f"/trips/{trip.pk}/budget/")
    page.select_option("select[name='cost_lines-0-item']", "airfare")
    page.fill("input[name='cost_lines-0-estimated_twd']", "18500")
    assert_accessible(page)
    click(page, "儲存")
    assert CostLine.objects.get().estimated_twd == 18500
    expect(page.locator("#budget")).to_contain_text("18500")

    click(page, "送核出國計畫")
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED

    # Another user, an approver of the agency, approves it from the dashboard.
    log_in(page, approver)
    panel = page.locator("#plans-awaiting-approval")
    expect(panel).to_contain_text("赴泰國出席東協海關研討會計畫")
    with page.expect_navigation():
        panel.get_by_role("link", name="赴泰國出席東協海關研討會計畫").click()
    assert_accessible(page)
    click(page, "核定計畫")
    trip.refresh_from_db()
    assert trip.status == S.APPROVED
    expect(page.locator("#timeline + table")).to_contain_text("approver")

    # The editor records the journey and uploads the report.
    log_in(page, editor)
    page.goto(trip.get_absolute_url())
    click(page, "登錄出發")
    click(page, "登錄返國（應繳報告）")
    upload_report(page, trip, REPORT)
    trip.refresh_from_db()
    assert trip.status == S.REPORT_SUBMITTED
    review = trip.reviews.get()

    # The approver overrides one item and returns the report.
    log_in(page, approver)
    page.goto(f"/trips/{trip.pk}/review/")
    assert_accessible(page)
    page.check("input[name='result-keywords'][value='0']")
    page.fill("#note-keywords", "關鍵詞未涵蓋研討會主題")
    page.check("input[name='result-attachments'][value='1']")
    page.fill("#review-comments", "請補充關鍵詞後再送審")
    click(page, "退回修正")
    trip.refresh_from_db()
    assert trip.status == S.REPORT_RETURNED
    assert review.items.get(key="keywords").overridden

    # The editor sees it returned and uploads the revised report.
    log_in(page, editor)
    expect(page.locator("#my-returned")).to_contain_text(trip.title)
    revised = tmp_path / REPORT.name
    revised.write_text(REPORT.read_text("utf-8").rstrip() + "補充說明。\n", encoding="utf-8")
    upload_report(page, trip, revised)
    expect(page.locator("main")).to_contain_text("先前審核紀錄")
    trip.refresh_from_db()
    assert trip.status == S.REPORT_SUBMITTED

    # The approver approves round 2.
    log_in(page, approver)
    page.goto(f"/trips/{trip.pk}/review/")
    second = trip.reviews.get(round=2)
    for item in second.items.all():
        page.check(f"input[name='result-{item.key}'][value='1']")
        if item.auto_result is False:
            page.fill(f"#note-{item.key}", "已人工確認")
    click(page, "核定報告")
    trip.refresh_from_db()
    assert trip.status == S.PUBLISHED
    assert list(trip.reviews.values_list("round", "decision")) == [
        (1, "returned"),
        (2, "approved"),
    ]

    # The editor downloads the register metadata and the Word report of the trip.
    log_in(page, editor)
    page.goto(trip.get_absolute_url())
    register = page.locator("#register")
    with page.expect_download() as csv_download:
        register.locator("a", has_text="CSV").click()
    csv_path = tmp_path / "register.csv"
    csv_download.value.save_as(csv_path)
    header, row = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    assert dict(zip(header, row, strict=True))["報告名稱"] == trip.title
    with page.expect_download() as docx_download:
        page.locator(".record-actions a", has_text="下載出國報告 (DOCX)").click()
    docx_path = tmp_path / "report.docx"
    docx_download.value.save_as(docx_path)

    # Imported again through the admin, the Word report is the trip as recorded.
    versions = trip.history.count()
    page.goto("/admin/meetings/trip/import/")
    format_select = page.locator("select[name=format]")
    docx_value = format_select.locator("option", has_text="DOCX").first.get_attribute("value")
    format_select.select_option(docx_value)
    page.set_input_files("input[name=import_file]", str(docx_path))
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] input[type=submit]").click()
    expect(page.locator("#content")).to_contain_text("未變更")
    assert Trip.objects.count() == 1
    assert trip.history.count() == versions
