"""The benchmark command runs end to end on a tiny corpus (no timing asserted)."""

import io
import json

import pytest
from django.core.management import call_command

from meetings.management.commands.bench_search import QUERIES
from meetings.models import Trip

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_search_prints_its_figures_as_json(tmp_path):
    out = io.StringIO()
    before = Trip.objects.count()
    call_command(
        "bench_search",
        "--trips",
        "12",
        "--json",
        "--database",
        str(tmp_path / "b.sqlite3"),
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert set(report) == {
        "trips",
        "search",
        "baseline",
        "ratio_p95",
        "slowest_class_ms",
        "classes",
        "index_mb",
        "text_mb",
        "build_s",
        "engine",
        "load_average",
    }
    assert report["trips"] == 12
    assert report["engine"] == "sqlite"
    # One figure per query class, the slowest of them reported on its own.
    assert len(report["classes"]) == len(QUERIES)
    assert report["slowest_class_ms"] == max(report["classes"].values())
    assert report["text_mb"] > 0
    assert set(report["search"]) == {"p50_ms", "p95_ms"} == set(report["baseline"])
    # The corpus went to its own file, never to the portal's database.
    assert Trip.objects.count() == before
    assert not (tmp_path / "b.sqlite3").exists()


def test_bench_search_refuses_the_portals_own_database(settings):
    from django.core.management.base import CommandError

    name = settings.DATABASES["default"]["NAME"]
    if not isinstance(name, str) or name.startswith("file:") or ":memory:" in name:
        pytest.skip("The test database is in memory.")
    with pytest.raises(CommandError):
        call_command("bench_search", "--trips", "1", "--database", name)
