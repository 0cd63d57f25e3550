"""The statistics page: who may see it, bad input, downloads and its query count."""

import csv
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegates.models import Agency
from meetings.models import Destination, FollowUp, Trip
from meetings.statistics.downloads import formula_safe
from tests.factories import make_trip

URL = reverse("meetings:statistics")


@pytest.fixture
def as_viewer(client_for, viewer, stats_world):
    return client_for(viewer)


def test_anonymous_visitor_is_sent_to_login(client, stats_world):
    for params in ({}, {"format": "csv", "table": "years"}, {"format": "xlsx"}):
        response = client.get(URL, params)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_page_answers_get_only(as_viewer):
    assert as_viewer.post(URL).status_code == 405


def test_page_is_in_the_navigation(as_viewer):
    page = as_viewer.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in page


def test_charts_are_drawn_beside_their_tables(as_viewer):
    page = as_viewer.get(URL).content.decode()
    assert page.count('<svg class="chart"') == 12
    assert page.count('<table class="data stat-table">') == 12
    # The year chart stacks its categories: one rectangle per non-zero count.
    years = page.split('id="figure-years"')[1].split('id="figure-agencies"')[0]
    assert len(re.findall(r"<rect ", years)) == 4
    assert "<script" not in page.split('<main id="main"')[1]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year_from": "abc"}, "Enter a number."),
        ({"year_from": "2024", "year_to": "2020"}, "The first year is after the last year."),
        ({"agency": "99999"}, "Select a valid choice."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"year_to": "10000"}, "less than or equal to 9998"),
    ],
)
def test_bad_filters_are_explained_and_nothing_is_counted(as_viewer, params, message):
    response = as_viewer.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["sections"] == []
    download = as_viewer.get(URL, {**params, "format": "csv", "table": "years"})
    assert download.status_code == 400


def test_bad_filters_are_explained_in_chinese(client_for, viewer, stats_world, chinese_ui):
    page = client_for(viewer).get(URL, {"year_from": "113", "year_to": "112"})
    assert "起始年度晚於結束年度。" in page.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"format": "pdf"},
        {"format": "csv"},
        {"format": "csv", "table": "nope"},
        {"format": "xlsx", "table": "nope"},
    ],
)
def test_bad_download_requests_are_refused(as_viewer, params):
    response = as_viewer.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_holds_the_numbers_of_the_table(as_viewer):
    rows = read_csv(as_viewer.get(URL, {"format": "csv", "table": "timeliness-agencies"}))
    assert rows[0] == [
        "Agency",
        "Reports due",
        "On time",
        "Late",
        "Overdue now",
        "Share on time (%)",
        "Median days to report",
    ]
    assert sorted(rows[1:]) == [
        ["衛生福利部", "1", "1", "0", "0", "100.0", "10"],
        ["財政部", "3", "1", "1", "1", "33.3", "90.5"],
    ]


def test_csv_follows_the_filters(as_viewer, customs):
    rows = read_csv(
        as_viewer.get(URL, {"format": "csv", "table": "agencies", "agency": customs.pk})
    )
    assert rows[1:] == [["財政部關務署 (its own trips)", "2"], ["財政部關務署臺北關", "1"]]


def test_xlsx_holds_every_table_or_one(as_viewer):
    response = as_viewer.get(URL, {"format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "years",
        "agencies",
        "countries",
        "regions",
        "organisations",
        "series",
        "people",
        "timeliness-years",
        "timeliness-agencies",
        "costs-years",
        "costs-countries",
        "follow-ups-years",
        "follow-ups-agencies",
        "recommendations",
    ]
    sheet = book["people"]
    assert [c.value for c in sheet[2]] == [
        "Rank grade",
        "People",
        "Trips taken",
        "Trips per person",
    ]
    assert [c.value for c in sheet[sheet.max_row]] == ["All staff", 4, 5, 1.25]
    one = as_viewer.get(URL, {"format": "xlsx", "table": "regions"})
    assert openpyxl.load_workbook(io.BytesIO(one.content)).sheetnames == ["regions"]


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_defused(text):
    assert formula_safe(text) == "'" + text
    assert formula_safe(42) == 42
    assert formula_safe("海關") == "海關"


def test_names_that_look_like_formulas_download_as_text(as_viewer, ministry):
    Agency.objects.filter(pk=ministry.pk).update(name="=cmd|' /C calc'!A0")
    rows = read_csv(as_viewer.get(URL, {"format": "csv", "table": "agencies"}))
    assert ["'=cmd|' /C calc'!A0", "3"] in rows
    book = openpyxl.load_workbook(
        io.BytesIO(as_viewer.get(URL, {"format": "xlsx", "table": "agencies"}).content)
    )
    values = [c.value for row in book["agencies"].iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values


def queries_for(client, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params or {}).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_trips(as_viewer, customs, stats_world):
    filtered = {"agency": customs.pk, "year_from": "2020"}
    before = queries_for(as_viewer)
    before_filtered = queries_for(as_viewer, filtered)
    for n in range(12):
        trip = make_trip(customs, f"more {n}", category=Trip.Category.OTHER)
        Destination.objects.create(trip=trip, country=["KR", "PE", "NZ"][n % 3])
        FollowUp.objects.create(trip=trip, description="x", status="dropped", order=0)
    assert queries_for(as_viewer) == before
    assert queries_for(as_viewer, filtered) == before_filtered


def test_query_count_is_small(as_viewer, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        as_viewer.get(URL)
