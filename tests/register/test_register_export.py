"""The register's metadata as CSV, XLSX and a ZIP of report files, for one trip or
the trip list as filtered; only trips the user may see."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import register
from meetings.importing import read_report
from meetings.models import Trip

from ..factories import make_trip
from ..pages.builders import full_trip

pytestmark = pytest.mark.django_db


def csv_rows(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Chinese text only with it
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(content):
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def trip_export(client, trip, fmt):
    return client.get(reverse("meetings:trip-register-export", args=[trip.pk, fmt]))


def list_export(client, fmt, query=""):
    return client.get(reverse("meetings:register-export", args=[fmt]) + query)


def test_one_trip_as_csv_has_the_register_fields_in_its_order(
    chinese_ui, client_for, viewer, customs
):
    trip = full_trip(
        customs,
        size=2,
        system_id="C11100001",
        related_project="APEC 參與計畫",
        subject_class="財政",
        policy_class="關務",
    )
    response = trip_export(client_for(viewer), trip, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = csv_rows(response.content)
    assert header[:5] == ["系統識別號", "相關專案", "計畫名稱", "報告名稱", "主辦機關"]
    record = dict(zip(header, row, strict=True))
    assert record["系統識別號"] == "C11100001"
    assert record["報告名稱"] == trip.title
    assert record["出國類別"] == "開會"
    assert record["出國期間起"] == "民國 111 年 8 月 22 日"
    assert record["出國地區"] == "泰國清邁、日本東京"
    assert record["主題分類"] == "財政" and record["施政分類"] == "關務"
    assert record["關鍵詞"] == "關鍵詞0、關鍵詞1"
    assert record["頁數"] == "26"
    assert record["上傳期限"] == "民國 111 年 11 月 26 日"
    assert record["上傳資訊網日期"] == ""


def test_one_trip_as_xlsx(client_for, viewer, customs):
    trip = full_trip(customs, size=1)
    response = trip_export(client_for(viewer), trip, "xlsx")
    assert response.status_code == 200
    rows = xlsx_rows(response.content)
    assert len(rows) == 2 and rows[1][3] == trip.title


def test_cells_that_start_like_a_formula_are_neutralised(client_for, viewer, customs):
    trip = make_trip(
        customs, title='=HYPERLINK("http://evil")', summary="+1+1", plan_name="@SUM(A1)"
    )
    for fmt, rows in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        row = rows(trip_export(client_for(viewer), trip, fmt).content)[1]
        assert '\'=HYPERLINK("http://evil")' in row
        assert "'+1+1" in row and "'@SUM(A1)" in row


def test_the_list_export_follows_the_trip_list_filters(client_for, viewer, customs):
    make_trip(customs, title="APEC 2022", start=datetime.date(2022, 8, 1))
    make_trip(customs, title="WCO 2023", start=datetime.date(2023, 6, 1))
    client = client_for(viewer)
    rows = csv_rows(list_export(client, "csv", "?year=112").content)
    assert [row[3] for row in rows[1:]] == ["WCO 2023"]
    rows = csv_rows(list_export(client, "csv").content)
    assert [row[3] for row in rows[1:]] == ["APEC 2022", "WCO 2023"]


def test_the_trip_list_links_to_the_exports_with_its_filters(client_for, viewer, open_trip):
    html = client_for(viewer).get(reverse("meetings:trip-list") + "?year=2022").content.decode()
    assert reverse("meetings:register-export", args=["csv"]) + "?year=2022" in html
    assert reverse("meetings:register-export", args=["zip"]) + "?year=2022" in html


def test_zip_holds_the_stored_report_or_a_generated_word_report(client_for, viewer, customs):
    stored = make_trip(customs, title="有原始檔", system_id="C11100002")
    stored.source_file.save("report.pdf", ContentFile(b"%PDF-1.4 original"), save=True)
    generated = full_trip(customs, size=1, title="無原始檔", start=datetime.date(2022, 9, 1))
    response = list_export(client_for(viewer), "zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == [
        "register.csv",
        "register.xlsx",
        "reports/001_C11100002.pdf",
        f"reports/002_trip-{generated.pk}.docx",
    ]
    assert archive.read("reports/001_C11100002.pdf") == b"%PDF-1.4 original"
    back = read_report(archive.read(f"reports/002_trip-{generated.pk}.docx"), "x.docx")
    assert back["title"] == "無原始檔"
    rows = csv_rows(archive.read("register.csv"))
    assert [row[-1] for row in rows[1:]] == [
        "reports/001_C11100002.pdf",
        f"reports/002_trip-{generated.pk}.docx",
    ]


def test_another_agencys_restricted_trip_is_neither_a_row_nor_a_download(
    client_for, other_editor, restricted_trip, open_trip
):
    client = client_for(other_editor)
    assert trip_export(client, restricted_trip, "csv").status_code == 404
    assert trip_export(client, restricted_trip, "zip").status_code == 404
    rows = csv_rows(list_export(client, "csv").content)
    assert [row[3] for row in rows[1:]] == [open_trip.title]
    archive = zipfile.ZipFile(io.BytesIO(list_export(client, "zip").content))
    assert restricted_trip.title not in archive.read("register.csv").decode("utf-8")


def test_refusals(client, client_for, viewer, open_trip):
    url = reverse("meetings:trip-register-export", args=[open_trip.pk, "csv"])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    logged_in = client_for(viewer)
    assert logged_in.post(url).status_code == 405
    assert trip_export(logged_in, open_trip, "pdf").status_code == 404
    assert list_export(logged_in, "html").status_code == 404
    bad = list_export(logged_in, "csv", "?year=abc")
    assert bad.status_code == 400
    assert "篩選" in bad.content.decode() or "filters" in bad.content.decode()


def test_too_many_trips_for_one_download_is_refused(client_for, viewer, customs, monkeypatch):
    make_trip(customs)
    make_trip(customs)
    monkeypatch.setattr("meetings.views.register.MAX_ZIP_TRIPS", 1)
    response = list_export(client_for(viewer), "zip")
    assert response.status_code == 400
    assert "1" in response.content.decode()
    assert list_export(client_for(viewer), "csv").status_code == 200


def test_the_list_export_reads_a_fixed_number_of_queries(client_for, viewer, customs):
    client = client_for(viewer)
    full_trip(customs, size=1, title="一")
    client.get(reverse("meetings:register-export", args=["csv"]))
    counts = []
    for fmt in ("csv", "zip"):
        with CaptureQueriesContext(connection) as few:
            assert list_export(client, fmt).status_code == 200
        for index in range(4):
            full_trip(customs, size=3, title=f"多{index}", start=datetime.date(2022, 9, index + 1))
        with CaptureQueriesContext(connection) as many:
            assert list_export(client, fmt).status_code == 200
        counts.append((len(few), len(many)))
        Trip.objects.exclude(title="一").delete()
    assert all(few == many for few, many in counts), counts


def test_register_rows_and_the_word_report_agree(customs):
    trip = full_trip(customs, size=2, system_id="C11100003")
    (loaded,) = register.register_trips(Trip.objects.filter(pk=trip.pk))
    row = register.register_rows([loaded])[0]
    back = read_report(register.trip_docx(loaded), "x.docx")
    assert row[0] == back["system_id"] == "C11100003"
    assert row[3] == back["title"]
    assert row[15] == "、".join(back["keywords"])
