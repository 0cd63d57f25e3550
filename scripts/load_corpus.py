"""Fill an empty database with a synthetic corpus for load tests, fast (bulk inserts).

    DJANGO_SETTINGS_MODULE=portal.settings python scripts/load_corpus.py --trips 10000 \\
        --users 8 --password '…'

Makes agencies, people, `--trips` trips (each with two delegates, one meeting, one
follow-up and a lesson), and `--users` editor accounts named load01, load02, … of
the customs administration, then builds the search index (bulk inserts send no
signals). Bulk inserts write no history rows, as an import would.
With --existing, only the accounts are added to a database that already holds a
corpus (such as the one `bench_search --keep` leaves), and the follow-ups the load
test edits get a counter.
Prints the ids of the first follow-ups as JSON on the last line.
"""

import argparse
import datetime
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

WORDS = [
    "APEC", "WCO", "WTO", "SCCP", "關務", "通關", "貿易便捷化", "海關", "風險管理", "AEO",
    "電子商務", "原產地", "邊境管制", "查緝", "關稅估價", "數位轉型", "單一窗口", "智慧財產權",
]  # fmt: skip
PLACES = [("TH", "清邁"), ("JP", "東京"), ("BE", "布魯塞爾"), ("CH", "日內瓦"), ("US", "華盛頓")]


def build(trips, users, password, batch=2000, seed=7):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from delegates.access import EDITORS
    from delegates.models import Agency, Person
    from meetings.models import Delegate, Destination, FollowUp, Lesson, Meeting, Trip

    rng = random.Random(seed)
    with transaction.atomic():
        ministry = Agency.objects.create(name="財政部", short_name="財政部")
        customs = Agency.objects.create(name="財政部關務署", parent=ministry, short_name="關務署")
        agencies = [customs] + [
            Agency.objects.create(name=f"財政部關務署第{i}關", parent=customs) for i in range(1, 4)
        ]
        people = Person.objects.bulk_create(
            Person(name=f"測試人員{i:03d}", agency=rng.choice(agencies), unit="業務組")
            for i in range(300)
        )
        group = Group.objects.get(name=EDITORS)
        hashed = make_password(password)
        User = get_user_model()
        accounts = User.objects.bulk_create(
            User(username=f"load{i:02d}", password=hashed, is_staff=True)
            for i in range(1, users + 1)
        )
        group.user_set.add(*accounts)
        Person.objects.bulk_create(
            Person(name=f"負載{u.username}", agency=customs, user=u) for u in accounts
        )

        start = datetime.date(2012, 1, 1)
        made = 0
        while made < trips:
            count = min(batch, trips - made)
            rows = []
            for i in range(made, made + count):
                day = start + datetime.timedelta(days=rng.randrange(0, 5000))
                words = rng.sample(WORDS, 3)
                rows.append(
                    Trip(
                        title=f"出席 {words[0]} {words[1]} 會議報告 第{i}號",
                        plan_name=f"{day.year - 1911}年度 {words[2]} 計畫",
                        category=Trip.Category.MEETING,
                        agency=rng.choice(agencies),
                        start_date=day,
                        end_date=day + datetime.timedelta(days=4),
                        report_due_date=day + datetime.timedelta(days=96),
                        summary=" ".join(rng.choice(WORDS) for _ in range(40)),
                        status=Trip.Status.PUBLISHED,
                        access=Trip.Access.OPEN,
                    )
                )
            created = Trip.objects.bulk_create(rows)
            Destination.objects.bulk_create(
                Destination(trip=t, order=0, country=p[0], city=p[1])
                for t, p in ((t, rng.choice(PLACES)) for t in created)
            )
            Delegate.objects.bulk_create(
                Delegate(trip=t, person=p, order=n, role="head" if n == 0 else "member")
                for t in created
                for n, p in enumerate(rng.sample(people, 2))
            )
            meetings = Meeting.objects.bulk_create(
                Meeting(trip=t, order=0, title=f"{t.title[:60]} 大會", start_date=t.start_date)
                for t in created
            )
            FollowUp.objects.bulk_create(
                FollowUp(
                    trip=m.trip,
                    meeting=m,
                    description=f"後續辦理 {rng.choice(WORDS)} 事項",
                    owner_agency=m.trip.agency,
                    due_date=m.start_date + datetime.timedelta(days=60),
                    outcome="counter=0",
                )
                for m in meetings
            )
            Lesson.objects.bulk_create(
                Lesson(
                    trip=t,
                    order=0,
                    kind="recommendation",
                    adoption_status="proposed",
                    title=f"建議 {rng.choice(WORDS)}",
                )
                for t in created
            )
            made += count
    from meetings.search.index import rebuild

    rebuild()
    first = list(FollowUp.objects.order_by("id").values_list("id", flat=True)[:50])
    trip_ids = list(Trip.objects.order_by("id").values_list("id", flat=True)[:2000])
    return {"follow_ups": first, "trips": trip_ids}


def add_accounts(users, password):
    """Editor accounts in an existing corpus; the follow-ups they may edit get a counter."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from delegates.access import EDITORS
    from delegates.models import Agency, Person
    from meetings.models import FollowUp, Trip

    with transaction.atomic():
        customs = Agency.objects.get(name="財政部關務署")
        hashed = make_password(password)
        User = get_user_model()
        accounts = User.objects.bulk_create(
            User(username=f"load{i:02d}", password=hashed, is_staff=True)
            for i in range(1, users + 1)
        )
        Group.objects.get(name=EDITORS).user_set.add(*accounts)
        Person.objects.bulk_create(
            Person(name=f"負載{u.username}", agency=customs, user=u) for u in accounts
        )
        editable = FollowUp.objects.editable_by(accounts[0]).order_by("-id")
        first = list(editable.values_list("id", flat=True)[:50])
        # Through the ORM one by one, so that the search index follows.
        for follow_up in FollowUp.objects.filter(pk__in=first):
            follow_up.outcome = "counter=0"
            follow_up.save()
    visible = Trip.objects.visible_to(accounts[0]).order_by("-id")
    trip_ids = list(visible.values_list("id", flat=True)[:2000])
    return {"follow_ups": first, "trips": trip_ids}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trips", type=int, default=10000)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--password", required=True)
    parser.add_argument(
        "--existing", action="store_true", help="only add the accounts to the corpus there"
    )
    args = parser.parse_args()
    django.setup()
    if args.existing:
        print(json.dumps(add_accounts(args.users, args.password)))
    else:
        print(json.dumps(build(args.trips, args.users, args.password)))


if __name__ == "__main__":
    main()
