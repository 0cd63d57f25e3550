"""bench_admin builds its own throw-away database and prints the changelist timings."""

import io

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Trip


def test_bench_admin_times_every_changelist(db, tmp_path, open_trip):
    out = io.StringIO()
    database = tmp_path / "bench.sqlite3"
    call_command("bench_admin", trips=30, repeat=1, database=str(database), stdout=out)
    report = out.getvalue()
    assert "Built 30 trips" in report
    assert "Admin changelists at 30 trips" in report
    rows = [line.split() for line in report.splitlines()]
    for persona in ("superuser", "editor"):
        for changelist in ("trip", "meeting", "follow-up"):
            for page in ("page", "later", "filtered", "search"):
                assert any(row[:3] == [persona, changelist, page] for row in rows), (
                    persona,
                    changelist,
                    page,
                )
    assert "Slowest p95:" in report
    assert database.exists()
    # The project's database is left alone: it still holds only its own trip.
    assert list(Trip.objects.values_list("title", flat=True)) == [open_trip.title]


def test_bench_admin_reuses_its_own_database(db, tmp_path):
    database = tmp_path / "bench.sqlite3"
    call_command("bench_admin", trips=5, repeat=1, database=str(database), stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench_admin", trips=5, repeat=1, database=str(database), stdout=out)
    assert "Built" not in out.getvalue()
    assert "Admin changelists at 5 trips" in out.getvalue()


def test_bench_admin_refuses_a_database_it_did_not_build(db, tmp_path):
    database = tmp_path / "precious.sqlite3"
    database.write_bytes(b"not a benchmark")
    with pytest.raises(CommandError, match="refusing"):
        call_command("bench_admin", trips=5, database=str(database), stdout=io.StringIO())
    assert database.read_bytes() == b"not a benchmark"


def test_bench_admin_rejects_a_bad_size(db):
    with pytest.raises(CommandError):
        call_command("bench_admin", trips=0, stdout=io.StringIO())
