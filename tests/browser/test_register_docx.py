"""The register export and the Word report in a real browser: download the register
CSV and the DOCX from the trip page, then re-import the DOCX through the admin's
import, which finds nothing to change."""

import csv
import io

from django.conf import settings
from playwright.sync_api import expect

from meetings.importing import read_report
from meetings.models import Trip
from meetings.services import import_document

SEED = settings.BASE_DIR / "data" / "reports" / "000_c82191a8b989691b.txt"


def test_download_register_csv_and_docx_then_reimport_the_docx_unchanged(
    logged_in_page, editor, assert_accessible, tmp_path
):
    trip = import_document(read_report(SEED.read_bytes(), SEED.name), user=editor).trip
    Trip.objects.filter(pk=trip.pk).update(system_id="C11100123", subject_class="財政")
    versions = trip.history.count()
    page = logged_in_page(editor)

    page.goto(f"/trips/{trip.pk}/")
    register = page.locator("#register")
    expect(register).to_contain_text("公務出國報告資訊網")
    expect(register).to_contain_text("未上傳")
    assert_accessible(page)

    with page.expect_download() as csv_download:
        register.locator("a", has_text="CSV").click()
    csv_path = tmp_path / "register.csv"
    csv_download.value.save_as(csv_path)
    text = csv_path.read_text("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    record = dict(zip(header, row, strict=True))
    assert record["系統識別號"] == "C11100123"
    assert record["報告名稱"] == trip.title
    assert record["主題分類"] == "財政"

    with page.expect_download() as docx_download:
        page.locator(".record-actions a", has_text="下載出國報告 (DOCX)").click()
    docx_path = tmp_path / "report.docx"
    docx_download.value.save_as(docx_path)
    assert docx_path.read_bytes().startswith(b"PK")

    # Re-import the Word file through the admin: the preview says unchanged.
    page.goto("/admin/meetings/trip/import/")
    format_select = page.locator("select[name=format]")
    docx_value = format_select.locator("option", has_text="DOCX").first.get_attribute("value")
    format_select.select_option(docx_value)
    page.set_input_files("input[name=import_file]", str(docx_path))
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] input[type=submit]").click()
    expect(page.locator("#content")).to_contain_text("未變更")
    expect(page.locator("#content")).to_contain_text(trip.title[:20])
    confirm = page.locator("form[action*='process_import'] [type=submit]")
    if confirm.count():
        with page.expect_navigation():
            confirm.first.click()
    assert Trip.objects.count() == 1
    trip.refresh_from_db()
    assert trip.system_id == "C11100123"
    assert trip.history.count() == versions  # the re-import wrote nothing
