"""bench_statistics builds its own corpus and prints the page's timings."""

import io

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Trip


def test_bench_statistics_times_the_page_on_its_own_database(db, tmp_path, open_trip):
    out = io.StringIO()
    call_command("bench_statistics", trips=20, database=str(tmp_path / "b.sqlite3"), stdout=out)
    report = out.getvalue()
    assert "statistics page at 20 trips, counted: p50" in report
    for label in ("everything", "agency with branches", "all filters"):
        assert label in report
    assert "keeping the counts: after a trip is saved p50" in report
    assert "every trip counted again" in report
    assert list(Trip.objects.values_list("title", flat=True)) == [open_trip.title]


def test_bench_statistics_rejects_a_bad_size(db):
    with pytest.raises(CommandError):
        call_command("bench_statistics", trips=0, stdout=io.StringIO())
