"""Benchmark the search page against a naive icontains search on a synthetic corpus.

It works on its own database and never on the configured one: a SQLite file (a
temporary one unless --database is given), or a PostgreSQL database named by a
postgres:// URL in --database, which is dropped and created again for a fresh corpus.
The default connection is pointed at it for the duration of the command and restored
afterwards.
"""

import json
import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

# Each: the query string, the filters (GET parameters) and what it exercises.
QUERIES = [
    ("海關", {}, "2-character, very common"),
    ("窗口", {}, "2-character, inside 單一窗口"),
    ("會議", {}, "2-character, very common"),
    ("量子", {}, "2-character, rare"),
    ("單一窗口", {}, "4-character"),
    ("綠色經濟", {}, "4-character"),
    ("量子通關", {}, "4-character, rare"),
    ("區塊鏈試辦", {}, "5-character, rare"),
    ("customs", {}, "English, very common"),
    ("facilitation", {}, "English"),
    ("blockchain", {}, "English, rare"),
    ("WCO", {}, "acronym with glossary expansion"),
    ("SCCP", {}, "acronym"),
    ("海關 APEC", {}, "multi-term, common"),
    ("綠色經濟 customs", {}, "multi-term, mixed"),
    ('"Single Window"', {}, "phrase"),
    ('"supply chain" 風險管理', {}, "phrase and term"),
    ("風險管理", {"year_from": "111", "year_to": "111"}, "ROC year filter"),
    ("海關", {"year_from": "2010", "year_to": "2012"}, "common term, year range"),
    ("單一窗口", {"country": "JP"}, "country filter"),
    ("customs", {"sort": "date"}, "sorted by date"),
    ("優質企業", {"open_follow_ups": "on"}, "open follow-ups filter"),
    ("量子通關", {"category": "meeting"}, "rare term, category"),
    ("", {"year_from": "2020", "country": "TH"}, "filters only"),
]
REPEATS = 5


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def is_postgres_url(database):
    return str(database).startswith(("postgres://", "postgresql://"))


def recreate_postgres(url):
    """Drop and create the PostgreSQL database of `url` (UTF-8, C.UTF-8 collation)."""
    config = dj_database_url.parse(url)
    name = config["NAME"]
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
            "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )


@contextmanager
def bench_database(path):
    """Point the default connection at the SQLite file `path` (or the PostgreSQL
    database of a postgres:// URL), then restore it."""
    original_settings = connections.databases["default"]
    original_connection = connections["default"]
    if is_postgres_url(path):
        bench = {
            **original_settings,
            "OPTIONS": {},
            **dj_database_url.parse(str(path)),
            # As portal/settings.py does for PostgreSQL.
            "DISABLE_SERVER_SIDE_CURSORS": True,
            "TEST": {},
        }
    else:
        bench = {
            **original_settings,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"},
            "TEST": {},
        }
    connections.databases["default"] = bench
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections.databases["default"] = original_settings
        connections["default"] = original_connection


class Command(BaseCommand):
    help = "Time the search page on N synthetic trips against a naive icontains search."

    def add_arguments(self, parser):
        parser.add_argument("--trips", type=int, default=1000)
        parser.add_argument(
            "--database",
            help="SQLite file for the corpus (default: a temporary file, deleted afterwards), "
            "or a postgres:// URL of a database to drop and create for it.",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the --database file.")
        parser.add_argument(
            "--reuse", action="store_true", help="Use (and keep) the corpus in --database."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, trips, database, keep, reuse, **options):
        if trips < 1:
            raise CommandError("--trips must be at least 1.")
        configured = settings.DATABASES["default"]
        if database and is_postgres_url(database):
            bench = dj_database_url.parse(database)
            if (bench["NAME"], bench["HOST"]) == (configured.get("NAME"), configured.get("HOST")):
                raise CommandError("--database must not be the portal's own database.")
            if not reuse:
                recreate_postgres(database)
            path = database
        else:
            if database:
                path = Path(database).resolve()
                name = str(configured.get("NAME", ""))
                if name and Path(name).resolve() == path:
                    raise CommandError("--database must not be the portal's own database.")
            else:
                handle_, name = tempfile.mkstemp(prefix="bench_search_", suffix=".sqlite3")
                os.close(handle_)
                path = Path(name)
            if not reuse and path.exists():
                self.remove(path)
        self.quiet = options["json"]
        try:
            with (
                bench_database(path),
                override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]),
            ):
                report = self.run(trips, reuse)
        finally:
            if isinstance(path, Path) and (not database or not (keep or reuse)):
                self.remove(path)
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.say(
                f"search p50 {report['search']['p50_ms']} ms, p95 {report['search']['p95_ms']} ms; "
                f"icontains p50 {report['baseline']['p50_ms']} ms, "
                f"p95 {report['baseline']['p95_ms']} ms; ratio at p95 {report['ratio_p95']}×; "
                f"slowest class {report['slowest_class_ms']} ms; "
                f"index {report['index_mb']} MB for {report['text_mb']} MB of text, "
                f"built in {report['build_s']} s; load average {report['load_average']}"
            )

    @staticmethod
    def remove(path):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def say(self, text):
        if not self.quiet:
            self.stdout.write(text)

    def progress(self, label):
        def show(done, total):
            if not self.quiet:
                self.stdout.write(f"\r{label}: {done}/{total}", ending="")
                if done == total:
                    self.stdout.write("")
                self.stdout.flush()

        return show

    def run(self, n, reuse):
        from meetings.benchmarks.corpus import build_corpus
        from meetings.models import Trip
        from meetings.search.engine import engine
        from meetings.search.index import rebuild

        call_command("migrate", verbosity=0, interactive=False)
        build_s = None
        if not (reuse and Trip.objects.count() >= n):
            started = time.monotonic()
            build_corpus(n, progress=self.progress("corpus"))
            self.say(f"corpus: {time.monotonic() - started:.1f} s")
            started = time.monotonic()
            rebuild(chunk=1000, progress=self.progress("index"))
            build_s = round(time.monotonic() - started, 1)
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")
        index_mb = round(engine().size_bytes() / 1024 / 1024, 2)
        text_mb = round(engine().text_bytes() / 1024 / 1024, 2)
        client = self.logged_in_client()
        search_ms, baseline_ms, classes = [], [], {}
        for q, filters, label in QUERIES:
            params = {"q": q, **filters} if q else dict(filters)
            url = reverse("meetings:search") + "?" + urlencode(params)
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            times = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                client.get(url, secure=True)
                times.append((time.perf_counter() - started) * 1000)
            search_ms += times
            classes[f"{label}: {q or '-'}"] = round(statistics.median(times), 1)
            started = time.perf_counter()
            found = self.naive(q, filters)
            naive = (time.perf_counter() - started) * 1000
            baseline_ms.append(naive)
            self.say(
                f"{label:38} {q or '-':24} search {statistics.median(times):7.1f} ms"
                f"   icontains {naive:8.1f} ms ({found} trips)"
            )
        search = {
            "p50_ms": round(percentile(search_ms, 0.5), 1),
            "p95_ms": round(percentile(search_ms, 0.95), 1),
        }
        baseline = {
            "p50_ms": round(percentile(baseline_ms, 0.5), 1),
            "p95_ms": round(percentile(baseline_ms, 0.95), 1),
        }
        return {
            "trips": Trip.objects.count(),
            "search": search,
            "baseline": baseline,
            "ratio_p95": round(baseline["p95_ms"] / max(search["p95_ms"], 0.001), 1),
            "slowest_class_ms": max(classes.values()),
            "classes": classes,
            "index_mb": index_mb,
            "text_mb": text_mb,
            "build_s": build_s,
            "engine": connections["default"].vendor,
            # The machine may be shared: the 1-minute load average when the run ended.
            "load_average": round(os.getloadavg()[0], 2),
        }

    def logged_in_client(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from delegates.access import VIEWERS
        from delegates.models import Agency, Person

        user, created = get_user_model().objects.get_or_create(username="bench-viewer")
        if created:
            user.groups.add(Group.objects.get(name=VIEWERS))
            Person.objects.create(
                name="基準測試", agency=Agency.objects.get(name="財政部關務署"), user=user
            )
        client = Client()
        client.force_login(user)
        return client

    def naive(self, q, filters):
        """The same search done the obvious way: icontains over every field."""
        from django.contrib.auth import get_user_model

        from meetings.models import (
            AgendaItem,
            Attachment,
            Decision,
            Delegate,
            FollowUp,
            Lesson,
            Meeting,
            MinuteBlock,
            ReportSection,
            Trip,
        )
        from meetings.search.filters import TripSearchFilter

        user = get_user_model().objects.get(username="bench-viewer")
        trips = TripSearchFilter(filters, queryset=Trip.objects.visible_to(user)).qs
        related = [
            (ReportSection, "trip", ["heading", "body"]),
            (Meeting, "trip", ["title", "title_en", "acronym"]),
            (AgendaItem, "meeting__trip", ["title"]),
            (MinuteBlock, "meeting__trip", ["title", "body"]),
            (Decision, "meeting__trip", ["text"]),
            (FollowUp, "trip", ["description"]),
            (Lesson, "trip", ["title", "body"]),
            (Attachment, "trip", ["title"]),
            (Delegate, "trip", ["person__name"]),
            (Trip.keywords.through, "trip", ["keyword__name"]),
        ]
        for term in q.replace('"', " ").split():
            condition = Q(title__icontains=term) | Q(summary__icontains=term)
            for model, link, fields in related:
                text = Q()
                for name in fields:
                    text |= Q(**{f"{name}__icontains": term})
                condition |= Exists(model.objects.filter(text, **{link: OuterRef("pk")}))
            trips = trips.filter(condition)
        list(trips.for_list().order_by("-start_date", "-id")[:20])
        return trips.count()
