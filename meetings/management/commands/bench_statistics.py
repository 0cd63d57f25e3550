"""Time the statistics page on a synthetic corpus of N trips.

    python manage.py bench_statistics --trips 100000

builds the corpus of `meetings.benchmarks.corpus` in its own SQLite file (a
temporary one unless --database is given; never the configured database), then asks
for the statistics page through the test client as a viewer of 關務署 (so the
restricted trips of other agencies are left out, as in real use), unfiltered and with
each filter, and prints the median and 95th percentile: counted (the cache emptied
before each request: the figures added up from the kept counts of
`meetings/statistics/summary.py`) and kept (the figures served from the cache, see
`meetings/statistics/cache.py`); then what keeping the counts costs: the time to count
a saved trip's group again and to count every trip again.
"""

import json
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from .bench_search import bench_database, percentile

REPEATS = 5
# Trips saved to time keeping the counts.
UPDATES = 20


def page_queries():
    """(label, GET parameters) of the pages timed."""
    from delegates.models import Agency
    from meetings.models import MeetingSeries

    customs = Agency.objects.get(name="財政部關務署")
    series = MeetingSeries.objects.order_by("pk").first()
    return [
        ("everything", {}),
        ("years 2010-2015", {"year_from": "2010", "year_to": "2015"}),
        ("ROC year 111", {"year_from": "111", "year_to": "111"}),
        ("agency with branches", {"agency": customs.pk}),
        ("country", {"country": "JP"}),
        ("category", {"category": "training"}),
        ("series", {"series": series.pk}),
        ("all filters", {"year_from": "2015", "agency": customs.pk, "country": "BE"}),
    ]


class Command(BaseCommand):
    help = "Time the statistics page on N synthetic trips (p50/p95)."

    def add_arguments(self, parser):
        parser.add_argument("--trips", type=int, default=1000)
        parser.add_argument(
            "--database",
            help="SQLite file for the corpus (default: a temporary file, deleted afterwards).",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the --database file.")
        parser.add_argument(
            "--reuse", action="store_true", help="Use (and keep) the corpus in --database."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, trips, database, keep, reuse, **options):
        if trips < 1:
            raise CommandError("--trips must be at least 1.")
        configured = str(settings.DATABASES["default"].get("NAME", ""))
        if database:
            path = Path(database).resolve()
            if configured and Path(configured).resolve() == path:
                raise CommandError("--database must not be the portal's own database.")
        else:
            handle_, name = tempfile.mkstemp(prefix="bench_statistics_", suffix=".sqlite3")
            os.close(handle_)
            path = Path(name)
        if not reuse and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.quiet = options["json"]
        try:
            with (
                bench_database(path),
                override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]),
            ):
                report = self.run(trips, reuse)
        finally:
            if not database or not (keep or reuse):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(
                f"statistics page at {report['trips']} trips, counted: p50 {report['p50_ms']} ms, "
                f"p95 {report['p95_ms']} ms ({report['queries']} queries); figures kept: "
                f"p50 {report['kept_p50_ms']} ms, p95 {report['kept_p95_ms']} ms "
                f"(load average {report['load_average']})"
            )
            self.stdout.write(
                f"keeping the counts: after a trip is saved p50 {report['update_p50_ms']} ms, "
                f"p95 {report['update_p95_ms']} ms; every trip counted again "
                f"{report['rebuild_ms'] / 1000:.1f} s"
            )

    def say(self, text):
        if not self.quiet:
            self.stdout.write(text)

    def progress(self, done, total):
        if not self.quiet:
            self.stdout.write(f"\rcorpus: {done}/{total}", ending="")
            if done == total:
                self.stdout.write("")
            self.stdout.flush()

    def time_updates(self):
        """Milliseconds to count a trip's group again after an edit (what a save adds
        to keep the counts), for trips spread over the corpus; each edit is undone."""
        from django.db import transaction

        from meetings.models import Trip
        from meetings.statistics.summary import count_trips_again

        ids = list(Trip.objects.order_by("pk").values_list("pk", flat=True))
        times = []
        for pk in ids[:: max(1, len(ids) // UPDATES)][:UPDATES]:
            with transaction.atomic():
                Trip.objects.filter(pk=pk).update(report_date=None)
                started = time.perf_counter()
                count_trips_again([pk])
                times.append((time.perf_counter() - started) * 1000)
                transaction.set_rollback(True)
        return times

    def run(self, n, reuse):
        from django.test.utils import CaptureQueriesContext

        from meetings.benchmarks.corpus import build_corpus
        from meetings.models import Trip
        from meetings.statistics.summary import count_everything

        from .bench_search import Command as SearchBench

        call_command("migrate", verbosity=0, interactive=False)
        if not (reuse and Trip.objects.count() >= n):
            started = time.monotonic()
            build_corpus(n, progress=self.progress)
            self.say(f"corpus: {time.monotonic() - started:.1f} s")
        # The corpus is written in bulk (no signals): count the figures from scratch,
        # timed, as `rebuild_statistics` does.
        started = time.monotonic()
        count_everything()
        rebuild_ms = (time.monotonic() - started) * 1000
        self.say(f"counts rebuilt: {rebuild_ms / 1000:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        update_ms = self.time_updates()
        client = SearchBench.logged_in_client(self)
        url = reverse("meetings:statistics")
        client.get(url, secure=True)  # warm the connection and the templates
        counted, kept, queries = [], [], 0
        for label, params in page_queries():
            times = []
            for _ in range(REPEATS):
                cache.clear()
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url, params, secure=True)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} {params} answered {response.status_code}")
            queries = max(queries, len(captured))
            counted += times
            again = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                client.get(url, params, secure=True)
                again.append((time.perf_counter() - started) * 1000)
            kept += again
            self.say(
                f"{label:24} counted: median {sorted(times)[REPEATS // 2]:7.1f} ms"
                f"   kept: median {sorted(again)[REPEATS // 2]:6.1f} ms"
            )
        return {
            "trips": Trip.objects.count(),
            "p50_ms": round(percentile(counted, 0.5), 1),
            "p95_ms": round(percentile(counted, 0.95), 1),
            "kept_p50_ms": round(percentile(kept, 0.5), 1),
            "kept_p95_ms": round(percentile(kept, 0.95), 1),
            "queries": queries,
            "rebuild_ms": round(rebuild_ms, 1),
            "update_p50_ms": round(percentile(update_ms, 0.5), 1),
            "update_p95_ms": round(percentile(update_ms, 0.95), 1),
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        }
