"""The statistics page's numbers, checked against trips worked out by hand (conftest)."""

import pytest
from django.urls import reverse

URL = reverse("meetings:statistics")


def tables_of(response):
    assert response.status_code == 200
    return {t.key: t for s in response.context["sections"] for t in s.tables}


def rows(table):
    return {row.label: row.values for row in table.rows}


@pytest.fixture
def as_viewer(client_for, viewer, stats_world):
    return client_for(viewer)


@pytest.fixture
def as_outsider(client_for, other_editor, stats_world):
    return client_for(other_editor)


def test_trips_per_year_are_stacked_by_category(as_viewer):
    table = tables_of(as_viewer.get(URL))["years"]
    assert table.columns == ["Visit (訪問)", "Meeting (開會)", "Training (研習)", "Total"]
    assert rows(table) == {"ROC 111 (2022)": [1, 1, 0, 2], "ROC 112 (2023)": [0, 1, 1, 2]}
    assert table.chart == [0, 1, 2]


def test_restricted_trip_counts_for_its_agency_only_for_those_who_may_see_it(
    as_viewer, client_for, other_editor
):
    insider = tables_of(as_viewer.get(URL))
    assert rows(insider["agencies"]) == {"財政部": [3], "衛生福利部": [1]}
    outsider = tables_of(client_for(other_editor).get(URL))
    # Another agency's staff see the open trips only: nothing tells them R exists.
    assert rows(outsider["agencies"]) == {"財政部": [2], "衛生福利部": [1]}
    assert rows(outsider["years"])["ROC 112 (2023)"] == [0, 0, 1, 1]
    assert rows(outsider["countries"])["Japan"] == [1]
    assert rows(outsider["timeliness-years"])["ROC 112 (2023)"] == [1, 0, 1, 0, 0.0, 151]
    assert rows(outsider["follow-ups-years"])["ROC 112 (2023)"] == [1, 0, 0, 0, 1, None]
    assert rows(outsider["recommendations"]) == {"Adopted": [1]}
    assert rows(outsider["people"])["All staff"] == [3, 4, 1.33]
    assert "Elementary rank (委任)" not in rows(outsider["people"])


def test_agency_tree_adds_up_children_with_drill_down_links(as_viewer, ministry, customs):
    top = tables_of(as_viewer.get(URL))["agencies"]
    link = {row.label: row.url for row in top.rows}["財政部"]
    assert link == f"?agency={ministry.pk}"
    drilled = tables_of(as_viewer.get(URL + link))["agencies"]
    assert rows(drilled) == {"財政部關務署": [3]}
    deeper = tables_of(as_viewer.get(URL, {"agency": customs.pk, "year_from": "2022"}))
    assert rows(deeper["agencies"]) == {
        "財政部關務署 (its own trips)": [2],
        "財政部關務署臺北關": [1],
    }
    # Drill-down links keep the other filters.
    taipei = [row for row in deeper["agencies"].rows if row.url][0]
    assert "year_from=2022" in taipei.url and "agency=" in taipei.url


def test_countries_and_regions_count_each_trip_once(as_viewer):
    tables = tables_of(as_viewer.get(URL))
    assert rows(tables["countries"]) == {
        "Belgium": [1],
        "France": [1],
        "Japan": [2],
        "United States of America": [1],
    }
    # B went to Belgium and France: one trip to Europe.
    assert rows(tables["regions"]) == {"Asia": [2], "Europe": [1], "Americas": [1]}


def test_organisations_and_series_over_the_years(as_viewer):
    tables = tables_of(as_viewer.get(URL))
    assert tables["organisations"].columns == ["APEC", "WCO", "No organisation"] or tables[
        "organisations"
    ].columns == ["APEC", "WCO"]
    assert rows(tables["organisations"]) == {"ROC 111 (2022)": [1, 0], "ROC 112 (2023)": [0, 1]}
    assert tables["series"].columns == ["ROC 111 (2022)", "ROC 112 (2023)", "Total"]
    assert rows(tables["series"]) == {"APEC SCCP": [1, 0, 1], "WCO PC": [0, 1, 1]}


def test_people_by_rank_grade(as_viewer):
    table = tables_of(as_viewer.get(URL))["people"]
    assert rows(table) == {
        "Senior rank (簡任)": [1, 2, 2.0],
        "Junior rank (薦任)": [1, 1, 1.0],
        "Elementary rank (委任)": [1, 1, 1.0],
        "Rank grade not recorded": [1, 1, 1.0],
        "All staff": [4, 5, 1.25],
    }


def test_timeliness_per_year_and_agency(as_viewer, customs):
    tables = tables_of(as_viewer.get(URL))
    # Reports due, on time, late, overdue now, share on time, median days to report.
    assert rows(tables["timeliness-years"]) == {
        "ROC 111 (2022)": [2, 2, 0, 0, 100.0, 20.0],
        "ROC 112 (2023)": [2, 0, 1, 1, 0.0, 151],
    }
    assert rows(tables["timeliness-agencies"]) == {
        "財政部": [3, 1, 1, 1, 33.3, 90.5],
        "衛生福利部": [1, 1, 0, 0, 100.0, 10],
    }


def test_follow_ups_and_recommendations(as_viewer):
    tables = tables_of(as_viewer.get(URL))
    # Opened, completed, dropped, pending not overdue, overdue, median days to complete.
    assert rows(tables["follow-ups-years"]) == {
        "ROC 111 (2022)": [1, 1, 0, 0, 0, 61],
        "ROC 112 (2023)": [2, 0, 0, 1, 1, None],
    }
    assert rows(tables["follow-ups-agencies"]) == {
        "財政部": [3, 1, 0, 1, 1, 61],
        "衛生福利部": [0, 0, 0, 0, 0, None],
    }
    assert rows(tables["recommendations"]) == {"Proposed": [1], "Adopted": [1]}


def test_filters_narrow_every_figure(as_viewer, stats_world):
    tables = tables_of(
        as_viewer.get(URL, {"year_from": "112", "year_to": "2023", "category": "training"})
    )
    assert rows(tables["years"]) == {"ROC 112 (2023)": [1, 1]}
    assert rows(tables["countries"]) == {"Belgium": [1], "France": [1]}
    assert rows(tables["people"])["All staff"] == [1, 1, 1.0]
    by_country = tables_of(as_viewer.get(URL, {"country": "JP"}))
    assert rows(by_country["agencies"]) == {"財政部": [2]}
    by_series = tables_of(as_viewer.get(URL, {"series": stats_world.pc.pk}))
    assert rows(by_series["years"]) == {"ROC 112 (2023)": [1, 1]}


def test_year_labels_are_roc_with_ad_in_chinese(client_for, viewer, stats_world, chinese_ui):
    response = client_for(viewer).get(URL)
    assert "民國 111 年（2022）" in response.content.decode()


def test_several_records_of_one_trip_are_each_counted_once(as_viewer, stats_world):
    """Joins from the trip side must not multiply: a trip with two follow-ups, two
    recommendations, two meetings and two destinations."""
    from meetings.models import Destination, FollowUp, Lesson, Meeting

    a = stats_world.a
    FollowUp.objects.create(trip=a, description="dropped", status="dropped", order=1)
    Lesson.objects.create(trip=a, kind="recommendation", body="r3", order=1)
    Meeting.objects.create(trip=a, series=stats_world.sccp, title="SCCP 2", order=1)
    Destination.objects.create(trip=a, country="KR", order=1)
    tables = tables_of(as_viewer.get(URL))
    assert rows(tables["follow-ups-years"])["ROC 111 (2022)"] == [2, 1, 1, 0, 0, 61]
    assert rows(tables["recommendations"]) == {"Proposed": [2], "Adopted": [1]}
    assert rows(tables["series"])["APEC SCCP"] == [1, 0, 1]
    assert rows(tables["regions"])["Asia"] == [2]
    assert rows(tables["years"])["ROC 111 (2022)"] == [1, 1, 0, 2]
    assert rows(tables["people"])["All staff"] == [4, 5, 1.25]


def test_costs_per_year_traveller_and_country_estimate_and_actual(
    as_viewer, client_for, other_editor, stats_world
):
    from meetings.models import CostLine, Delegate

    def line(trip, estimate, actual=None, traveller=None, item="airfare"):
        CostLine.objects.create(
            trip=trip, traveller=traveller, item=item, estimated_twd=estimate, actual_twd=actual
        )

    a, b, r = stats_world.a, stats_world.b, stats_world.r
    first, second = Delegate.objects.filter(trip=a).order_by("order")
    line(a, 30000, 28000.40, first)
    line(a, 10000, 12000, first, item="living")
    line(a, 20000, 20000, second)
    line(b, 45000.50, None, Delegate.objects.get(trip=b))
    line(r, 99000, 99000, Delegate.objects.get(trip=r))
    tables = tables_of(as_viewer.get(URL))
    # Estimate, actual (settled lines), travellers, estimate and actual per traveller.
    assert rows(tables["costs-years"]) == {
        "ROC 111 (2022)": [60000, 60000, 2, 30000, 30000],
        "ROC 112 (2023)": [144001, 99000, 2, 72000, 49500],
    }
    assert rows(tables["costs-countries"])["Japan"] == [159000, 159000, 3, 53000, 53000]
    assert rows(tables["costs-countries"])["Belgium"] == [45001, None, 1, 45001, None]
    outsider = tables_of(client_for(other_editor).get(URL))
    assert rows(outsider["costs-years"])["ROC 112 (2023)"] == [45001, None, 1, 45001, None]
    assert rows(outsider["costs-countries"])["Japan"] == [60000, 60000, 2, 30000, 30000]
