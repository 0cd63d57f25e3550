"""Time the admin changelists over a large, realistic, throw-away database.

    python manage.py bench_admin --trips 100000

builds N trips (with agencies, people, delegations, destinations, meetings and
follow-ups) with bulk inserts into a temporary SQLite file, never the developer's
database, then asks for the trip, meeting and follow-up changelists through the
test client as a superuser and as an editor, and prints the median and 95th
percentile per page.
"""

import datetime
import itertools
import random
import shutil
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import BaseCommand, CommandError, call_command
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from delegates.access import EDITORS
from delegates.models import Agency, Person
from meetings.models import (
    Delegate,
    Destination,
    FollowUp,
    Meeting,
    MeetingSeries,
    Organisation,
    Trip,
)
from meetings.models.base import add_months
from meetings.models.trips import REPORT_DUE_MONTHS

BATCH = 2000
SUPERUSER = "bench-admin"
EDITOR = "bench-editor"

MINISTRIES = {
    "財政部": ["關務署", "國稅局", "國有財產署", "賦稅署"],
    "經濟部": ["國際貿易署", "標準檢驗局", "智慧財產局", "產業發展署"],
    "衛生福利部": ["食品藥物管理署", "疾病管制署", "中央健康保險署", "國民健康署"],
}
BRANCHES = ["臺北", "高雄", "基隆", "臺中", "花蓮"]
COUNTRIES = [
    ("TH", "曼谷"),
    ("JP", "東京"),
    ("BE", "布魯塞爾"),
    ("US", "華盛頓"),
    ("CH", "日內瓦"),
    ("SG", "新加坡"),
    ("KR", "首爾"),
    ("AU", "雪梨"),
    ("FR", "巴黎"),
    ("VN", "河內"),
]
SERIES = [
    ("APEC", "Sub-Committee on Customs Procedures", "SCCP"),
    ("APEC", "Committee on Trade and Investment", "CTI"),
    ("WCO", "Policy Commission", "PC"),
    ("WCO", "Permanent Technical Committee", "PTC"),
    ("WTO", "Committee on Trade Facilitation", "CTF"),
    ("WHO", "World Health Assembly", "WHA"),
]
SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅"
GIVEN = "麗霞士宗佩君志明淑芬家豪雅婷建宏怡君俊傑美玲冠宇"
TOPICS = [
    "關務程序次級委員會",
    "海關與企業對話",
    "貿易便捷化委員會",
    "政策委員會",
    "常設技術委員會",
    "世界衛生大會",
    "智慧財產權保護研討會",
    "單一窗口國際論壇",
]


class Command(BaseCommand):
    help = "Time the admin changelists at N trips in a temporary SQLite database."

    def add_arguments(self, parser):
        parser.add_argument("--trips", type=int, default=100_000)
        parser.add_argument(
            "--database",
            help="SQLite file to build (default: a new temporary file, deleted afterwards). "
            "An existing file is reused only if bench_admin built it.",
        )
        parser.add_argument("--repeat", type=int, default=7, help="Timed requests per page.")
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, trips, database, repeat, seed, **options):
        if trips < 1 or repeat < 1:
            raise CommandError("--trips and --repeat must be at least 1.")
        temp_dir = None
        if database:
            path = Path(database).resolve()
            if path.exists() and not Path(f"{path}.bench").exists():
                raise CommandError(
                    f"{path} exists and was not built by bench_admin; refusing to touch it."
                )
        else:
            temp_dir = tempfile.mkdtemp(prefix="bench-admin-")
            path = Path(temp_dir) / "bench.sqlite3"
        self.check_not_the_project_database(path)

        original = connections["default"]
        bench = DatabaseWrapper(
            {
                **original.settings_dict,
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                },
                "CONN_MAX_AGE": 0,
            },
            alias="default",
        )
        connections["default"] = bench
        ContentType.objects.clear_cache()
        try:
            call_command("migrate", verbosity=0, interactive=False)
            Path(f"{path}.bench").touch()
            existing = Trip.objects.count()
            if existing < trips:
                started = time.perf_counter()
                Builder(random.Random(seed)).build(trips - existing)
                self.stdout.write(
                    f"Built {trips - existing} trips in {time.perf_counter() - started:.1f} s "
                    f"({path})."
                )
            self.stdout.write(self.report(repeat))
        finally:
            bench.close()
            connections["default"] = original
            ContentType.objects.clear_cache()
            if temp_dir:
                shutil.rmtree(temp_dir, ignore_errors=True)

    def check_not_the_project_database(self, path):
        configured = str(connections["default"].settings_dict.get("NAME") or "")
        if configured and Path(configured).resolve() == path:
            raise CommandError("Refusing to benchmark against the project's own database.")

    def report(self, repeat):
        year = Trip.objects.order_by("-start_date").values_list("start_date", flat=True).first()
        trip_page, meeting_page, follow_up_page = (
            later_page(model, 100) for model in (Trip, Meeting, FollowUp)
        )
        pages = [
            ("trip", "page 1", "meetings_trip", {}),
            ("trip", "later", "meetings_trip", {"p": trip_page}),
            ("trip", "filtered", "meetings_trip", {"status": "published", "year": year.year}),
            ("trip", "search", "meetings_trip", {"q": "APEC"}),
            ("meeting", "page 1", "meetings_meeting", {}),
            ("meeting", "later", "meetings_meeting", {"p": meeting_page}),
            ("meeting", "filtered", "meetings_meeting", {"format": "hybrid"}),
            ("meeting", "search", "meetings_meeting", {"q": "SCCP"}),
            ("follow-up", "page 1", "meetings_followup", {}),
            ("follow-up", "later", "meetings_followup", {"p": follow_up_page}),
            ("follow-up", "filtered", "meetings_followup", {"status": "open", "overdue": "yes"}),
            ("follow-up", "search", "meetings_followup", {"q": "報告"}),
        ]
        lines = [
            f"Admin changelists at {Trip.objects.count():,} trips, "
            f"{Meeting.objects.count():,} meetings, {FollowUp.objects.count():,} follow-ups "
            f"({repeat} timed requests per page after one warm-up)",
            f"{'user':<10} {'changelist':<10} {'page':<9} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'cpu p50':>8}  query",
        ]
        worst = 0.0
        clients = []
        for persona, user in bench_users():
            client = Client()
            client.force_login(user)
            clients.append((persona, client))
        # DEBUG off, as in production: no query log kept. Static files are not
        # served here, so WhiteNoise's note about a missing STATIC_ROOT is noise.
        with (
            override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]),
            warnings.catch_warnings(),
        ):
            warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
            for (persona, client), (model, label, name, params) in itertools.product(
                clients, pages
            ):
                url = reverse(f"admin:{name}_changelist")
                timings, cpu = [], []
                for attempt in range(repeat + 1):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url, params)
                    elapsed = (time.perf_counter() - started) * 1000
                    elapsed_cpu = (time.process_time() - started_cpu) * 1000
                    if response.status_code != 200:
                        raise CommandError(f"{url} {params} answered {response.status_code}")
                    if attempt:
                        timings.append(elapsed)
                        cpu.append(elapsed_cpu)
                p50 = statistics.median(timings)
                p95 = percentile(timings, 95)
                worst = max(worst, p95)
                query = "&".join(f"{k}={v}" for k, v in params.items())
                lines.append(
                    f"{persona:<10} {model:<10} {label:<9} {p50:>8.1f} {p95:>8.1f} "
                    f"{statistics.median(cpu):>8.1f}  {query}"
                )
        lines.append(f"Slowest p95: {worst:.1f} ms")
        lines.append(
            "(wall-clock p50/p95; 'cpu p50' is this process's CPU time, SQLite included, "
            "which other load on the machine does not inflate)"
        )
        return "\n".join(lines)


def bench_users():
    """A superuser, and an editor of one administration, who sees the open trips and
    the restricted ones of the agencies below it (the visibility filter at work)."""
    User = get_user_model()
    superuser = User.objects.filter(username=SUPERUSER).first()
    if superuser is None:
        superuser = User.objects.create_superuser(SUPERUSER, "", None)
    editor = User.objects.filter(username=EDITOR).first()
    if editor is None:
        editor = User.objects.create_user(EDITOR, is_staff=True)
        editor.groups.add(Group.objects.get(name=EDITORS))
        agency = Agency.objects.filter(parent__isnull=False, children__isnull=False).first()
        Person.objects.create(name="效能測試編輯", agency=agency, user=editor)
    return [("superuser", superuser), ("editor", editor)]


def later_page(model, wanted):
    """Page `wanted` of the model's changelist, or its last page on a small table."""
    per_page = admin.site._registry[model].list_per_page
    return max(1, min(wanted, model.objects.count() // per_page))


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class Builder:
    """Realistic records written with bulk inserts, a batch at a time."""

    def __init__(self, rng):
        self.rng = rng
        self.serial = itertools.count(Trip.objects.count() + 1)

    def build(self, n_trips):
        with transaction.atomic():
            agencies = self.agencies()
            people = self.people(agencies, max(20, n_trips // 20))
            series = self.series()
        people_by_agency = {}
        for person in people:
            people_by_agency.setdefault(person.agency_id, []).append(person)
        done = 0
        while done < n_trips:
            size = min(BATCH, n_trips - done)
            with transaction.atomic():
                self.trips(size, agencies, people, people_by_agency, series)
            done += size

    def agencies(self):
        made = []
        for ministry, administrations in MINISTRIES.items():
            top, _ = Agency.objects.get_or_create(name=ministry, defaults={"short_name": ministry})
            made.append(top)
            for administration in administrations:
                middle, _ = Agency.objects.get_or_create(
                    name=f"{ministry}{administration}",
                    defaults={"parent": top, "short_name": administration},
                )
                made.append(middle)
                for branch in BRANCHES:
                    leaf, _ = Agency.objects.get_or_create(
                        name=f"{ministry}{administration}{branch}分署",
                        defaults={"parent": middle, "short_name": f"{branch}分署"},
                    )
                    made.append(leaf)
        return made

    def people(self, agencies, count):
        start = Person.objects.count()
        Person.objects.bulk_create(
            [
                Person(
                    name=f"{self.rng.choice(SURNAMES)}{self.rng.choice(GIVEN)}"
                    f"{self.rng.choice(GIVEN)}{start + i}",
                    agency=self.rng.choice(agencies),
                    unit=self.rng.choice(["通關業務組", "關務資訊組", "國際事務科", "企劃組"]),
                    title=self.rng.choice(["副組長", "科長", "股長", "辦事員", "專員"]),
                    rank_grade=self.rng.choice(["senior", "junior", "elementary"]),
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        return list(Person.objects.only("id", "agency_id"))

    def series(self):
        made = []
        for acronym, name, short in SERIES:
            organisation, _ = Organisation.objects.get_or_create(
                name=acronym, defaults={"acronym": acronym}
            )
            made.append(
                MeetingSeries.objects.get_or_create(
                    name=name, defaults={"acronym": short, "organisation": organisation}
                )[0]
            )
        return made

    def trips(self, size, agencies, people, people_by_agency, series):
        rng = self.rng
        today = datetime.date.today()
        statuses = [s for s, _ in Trip.Status.choices]
        categories = [c for c, _ in Trip.Category.choices]
        batch = []
        for _ in range(size):
            start = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9800))
            end = start + datetime.timedelta(days=rng.randrange(2, 9))
            series_pick = rng.choice(series)
            organisation = series_pick.organisation.acronym
            topic = rng.choice(TOPICS)
            report_date = end + datetime.timedelta(days=rng.randrange(20, 120))
            submitted = report_date < today and rng.random() < 0.85
            batch.append(
                Trip(
                    title=f"出席 {start.year} 年 {organisation} {topic}第 {rng.randrange(1, 5)} "
                    f"次會議報告",
                    plan_name=f"{start.year - 1911} 年度出席 {organisation} 會議",
                    system_id=f"C{start.year - 1911}{next(self.serial):08d}"
                    if rng.random() < 0.5
                    else None,
                    category=rng.choice(categories) if rng.random() < 0.3 else "meeting",
                    agency=rng.choice(agencies),
                    contact_name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                    start_date=start,
                    end_date=end,
                    report_date=report_date if submitted else None,
                    report_due_date=add_months(end, REPORT_DUE_MONTHS),
                    pages=rng.randrange(5, 80),
                    has_attachments=rng.random() < 0.6,
                    summary=f"為了解國際最新趨勢，派員出席 {organisation} {topic}，"
                    "與各國分享實務經驗並交流意見。",
                    purposes=["積極參與國際活動", "掌握國際脈動趨勢"],
                    access="restricted" if rng.random() < 0.1 else "open",
                    status=rng.choice(statuses[-2:]) if submitted else rng.choice(statuses[:4]),
                )
            )
        # SQLite returns the new primary keys, so the children can point at them.
        made = Trip.objects.bulk_create(batch, batch_size=500)
        destinations, delegates, meetings, follow_ups = [], [], [], []
        for trip in made:
            for order, (country, city) in enumerate(rng.sample(COUNTRIES, rng.choice([1, 1, 2]))):
                destinations.append(Destination(trip=trip, country=country, city=city, order=order))
            pool = people_by_agency.get(trip.agency_id) or people
            for order, person in enumerate(rng.sample(pool, min(len(pool), rng.randrange(1, 4)))):
                delegates.append(
                    Delegate(
                        trip=trip,
                        person=person,
                        agency_id=person.agency_id,
                        order=order,
                        role="head" if order == 0 else "member",
                    )
                )
            if rng.random() < 0.4:
                for order in range(rng.randrange(1, 3)):
                    pick = rng.choice(series)
                    meetings.append(
                        Meeting(
                            trip=trip,
                            order=order,
                            series=pick,
                            title=f"{pick.name} 第 {order + 1} 次會議",
                            acronym=f"{pick.acronym}{order + 1}",
                            start_date=trip.start_date,
                            end_date=trip.end_date,
                            location=destinations[-1].city,
                            chairs=["Mr. Chaiyut Kumkun"],
                            format=rng.choice(["in_person", "hybrid", "virtual"]),
                        )
                    )
            if rng.random() < 0.3:
                for _ in range(rng.randrange(1, 3)):
                    status = rng.choice(["open", "open", "in_progress", "done", "dropped"])
                    due = trip.end_date + datetime.timedelta(days=rng.randrange(30, 400))
                    follow_ups.append(
                        FollowUp(
                            trip=trip,
                            description=f"依會議決議提交報告並追蹤辦理情形（{trip.pk}）",
                            owner_agency_id=trip.agency_id if rng.random() < 0.5 else None,
                            owner_text="" if rng.random() < 0.5 else "APEC 秘書處",
                            due_date=due,
                            status=status,
                            completed_on=due if status == "done" else None,
                        )
                    )
        Destination.objects.bulk_create(destinations, batch_size=BATCH)
        Delegate.objects.bulk_create(delegates, batch_size=BATCH)
        Meeting.objects.bulk_create(meetings, batch_size=500)
        FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
