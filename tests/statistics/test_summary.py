"""The counts kept in advance (meetings/statistics/summary.py) give exactly the figures
counted from the trips themselves: for random trips, every user and every filter,
and after each kind of edit, delete and bulk import."""

import datetime
import io
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from delegates.models import Person
from meetings.filters import StatisticsFilter
from meetings.importing import read_report
from meetings.models import (
    CostLine,
    Delegate,
    Destination,
    FollowUp,
    Lesson,
    Meeting,
    MeetingSeries,
    Organisation,
    StatisticsCount,
    Trip,
)
from meetings.services.importing import import_document
from meetings.signals import trips_changed
from meetings.statistics.figures import build_figures
from meetings.statistics.summary import count_everything
from meetings.statistics.summed import visible_counts
from tests.factories import make_trip
from tests.plans.helpers import make_plan

TODAY = timezone.localdate()
SEED = Path(__file__).resolve().parents[2] / "data" / "reports" / "000_c82191a8b989691b.txt"
COUNTRIES = ["JP", "BE", "FR", "US", "KR", "AU"]
CATEGORIES = [Trip.Category.MEETING, Trip.Category.TRAINING, Trip.Category.VISIT, ""]


def random_world(rng, agencies, n=40):
    apec = Organisation.objects.create(name="APEC", acronym="APEC")
    wco = Organisation.objects.create(name="WCO", acronym="WCO")
    series = [
        MeetingSeries.objects.create(name="SCCP", acronym="SCCP", organisation=apec),
        MeetingSeries.objects.create(name="ACBD", acronym="ACBD", organisation=apec),
        MeetingSeries.objects.create(name="PC", acronym="PC", organisation=wco),
        None,
    ]
    grades = [*(g for g, _ in Person.RankGrade.choices), ""]
    people = [
        Person.objects.create(name=f"人{i}", agency=agencies[0], rank_grade=rng.choice(grades))
        for i in range(6)
    ]
    for i in range(n):
        start = TODAY - datetime.timedelta(days=rng.randrange(-60, 365 * 5))
        if rng.random() < 0.05:
            start = None
        end = start + datetime.timedelta(days=rng.randint(0, 6)) if start else None
        trip = make_trip(
            rng.choice(agencies),
            f"隨機 {i}",
            access=rng.choice([Trip.Access.OPEN] * 3 + [Trip.Access.RESTRICTED]),
            start=start,
            end=end,
            category=rng.choice(CATEGORIES),
            status=rng.choice(Trip.Status.values),
            report_date=(
                end + datetime.timedelta(days=rng.randint(0, 200))
                if end and rng.random() < 0.6
                else None
            ),
        )
        for order, country in enumerate(rng.sample(COUNTRIES, rng.randint(0, 2))):
            Destination.objects.create(trip=trip, country=country, city="A", order=order)
            if rng.random() < 0.2:  # the same country twice, another city
                Destination.objects.create(trip=trip, country=country, city="B", order=order)
        travellers = []
        for order, person in enumerate(rng.sample(people, rng.randint(0, 3))):
            travellers.append(
                Delegate.objects.create(
                    trip=trip, person=person, order=order, rank_grade=rng.choice(grades)
                )
            )
        for order in range(rng.randint(0, 2)):
            Meeting.objects.create(
                trip=trip, series=rng.choice(series), title=f"M{order}", order=order
            )
        for order in range(rng.randint(0, 3)):
            status = rng.choice(FollowUp.Status.values)
            FollowUp.objects.create(
                trip=trip,
                description="x",
                order=order,
                status=status,
                completed_on=(
                    TODAY - datetime.timedelta(days=rng.randint(0, 400))
                    if status == FollowUp.Status.DONE
                    else None
                ),
                due_date=(
                    TODAY + datetime.timedelta(days=rng.randint(-100, 100))
                    if rng.random() < 0.7
                    else None
                ),
            )
        for order in range(rng.randint(0, 2)):
            Lesson.objects.create(
                trip=trip,
                kind=Lesson.Kind.RECOMMENDATION,
                adoption_status=rng.choice(Lesson.Adoption.values),
                body="r",
                order=order,
            )
        for _ in range(rng.randint(0, 3)):
            CostLine.objects.create(
                trip=trip,
                traveller=rng.choice([*travellers, None]),
                item=rng.choice(CostLine.Item.values),
                estimated_twd=Decimal(rng.randint(0, 90000)),
                actual_twd=Decimal(rng.randint(0, 90000)) if rng.random() < 0.6 else None,
            )
    return series


def tables(user, params, summed):
    request = RequestFactory().get("/statistics/", params)
    request.user = user
    filterset = StatisticsFilter(
        params or None, queryset=Trip.objects.visible_to(user), request=request
    )
    assert not filterset.is_bound or filterset.is_valid(), filterset.errors
    filters = filterset.form.cleaned_data if filterset.is_bound else {}
    agency = filters.get("agency")
    sections = build_figures(
        filterset.qs,
        TODAY,
        selected_agency=agency.pk if agency else None,
        counts=visible_counts(user, filters) if summed else None,
    )
    return [
        (t.key, t.columns, [(r.label, r.values) for r in t.rows])
        for s in sections
        for t in s.tables
    ]


def assert_counts_match(users, params_list=({},)):
    for user in users:
        for params in params_list:
            live = tables(user, params, summed=False)
            assert tables(user, params, summed=True) == live, (user, params)


@pytest.fixture
def everyone(viewer, other_editor, superuser):
    return [viewer, other_editor, superuser]


@pytest.fixture
def agencies(ministry, customs, taipei_customs, other_agency):
    return [ministry, customs, taipei_customs, other_agency, None]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_counts_give_the_counted_figures_for_every_user_and_filter(
    seed, everyone, agencies, customs, ministry
):
    series = random_world(random.Random(seed), agencies)
    years = sorted({t.start_date.year for t in Trip.objects.exclude(start_date=None)})
    filters = [
        {},
        {"year_from": str(years[1]), "year_to": str(years[-2])},
        {"year_from": str(years[-1] - 1911)},
        {"agency": ministry.pk},
        {"agency": customs.pk},
        {"category": "training"},
        {"country": "JP"},
        {"series": series[0].pk},
        {"year_from": str(years[0]), "agency": customs.pk, "country": "BE"},
        {"agency": ministry.pk, "series": series[2].pk, "category": "meeting"},
    ]
    assert any(StatisticsCount.objects.filter(figure=f).exists() for f in ("costs", "people"))
    assert_counts_match(everyone, filters)
    # Counting everything again from scratch gives the same counts.
    before = sorted(StatisticsCount.objects.values_list("figure", "key", "n"))
    count_everything()
    assert sorted(StatisticsCount.objects.values_list("figure", "key", "n")) == before


def test_a_restricted_trip_counts_in_the_kept_figures_only_for_its_agency(
    viewer, other_editor, customs
):
    make_trip(customs, "限閱", access=Trip.Access.RESTRICTED, start=datetime.date(2023, 5, 1))
    make_trip(customs, "公開", start=datetime.date(2023, 6, 1))

    def trips(user):
        return dict(tables(user, {}, summed=True)[0][2])

    assert list(trips(viewer).values()) == [[2, 2]]
    assert list(trips(other_editor).values()) == [[1, 1]]


@pytest.fixture
def world(agencies):
    random_world(random.Random(7), agencies, n=12)
    return Trip.objects.order_by("pk").first()


EDITS = {
    "trip moved to another year": lambda t: _save(
        t, start_date=datetime.date(2011, 2, 3), end_date=datetime.date(2011, 2, 6)
    ),
    "trip made restricted": lambda t: _save(t, access=Trip.Access.RESTRICTED),
    "trip moved to another agency": lambda t: _save(t, agency=None),
    "trip reported": lambda t: _save(t, report_date=TODAY, status=Trip.Status.REPORT_SUBMITTED),
    "trip deleted": lambda t: t.delete(),
    "destination added": lambda t: Destination.objects.create(trip=t, country="NZ", city="W"),
    "destination deleted": lambda t: (
        Destination.objects.filter(trip__isnull=False).first().delete()
    ),
    "delegate added": lambda t: Delegate.objects.create(
        trip=t, person=Person.objects.exclude(delegations__trip=t).first(), order=7
    ),
    "delegate deleted": lambda t: Delegate.objects.first().delete(),
    "lesson deleted": lambda t: Lesson.objects.first().delete(),
    "cost line deleted": lambda t: CostLine.objects.first().delete(),
    "meeting deleted": lambda t: Meeting.objects.first().delete(),
    "follow-up done": lambda t: _save(
        FollowUp.objects.first(), status=FollowUp.Status.DONE, completed_on=TODAY
    ),
    "follow-up deleted": lambda t: FollowUp.objects.first().delete(),
    "recommendation adopted": lambda t: Lesson.objects.create(
        trip=t, kind="recommendation", adoption_status="adopted", body="n", order=9
    ),
    "cost line changed": lambda t: CostLine.objects.create(
        trip=t, item=CostLine.Item.values[0], estimated_twd=Decimal(1234), actual_twd=Decimal(5)
    ),
    "series moved to another organisation": lambda t: _save(
        MeetingSeries.objects.get(acronym="SCCP"),
        organisation=Organisation.objects.get(acronym="WCO"),
    ),
    "series deleted": lambda t: MeetingSeries.objects.get(acronym="PC").delete(),
}


def _save(record, **fields):
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_edit_keeps_the_counts_in_step(edit, world, everyone, customs):
    EDITS[edit](world)
    assert_counts_match(everyone, [{}, {"agency": customs.pk}, {"country": "JP"}])


def test_bulk_writes_are_counted_when_trips_changed_is_sent(world, everyone, customs):
    trip = Trip.objects.order_by("pk").last()
    Trip.objects.filter(pk=trip.pk).update(start_date=datetime.date(2009, 1, 1))
    Destination.objects.bulk_create([Destination(trip=trip, country="PE", city="L")])
    trips_changed.send(sender=Trip, trip_ids=[trip.pk])
    assert_counts_match(everyone, [{}, {"country": "PE"}])


def test_rebuild_statistics_counts_everything_again(world, everyone):
    StatisticsCount.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_statistics", stdout=out)
    assert "Counted" in out.getvalue()
    assert_counts_match(everyone)


def test_a_report_import_is_counted_in_its_own_transaction(world, everyone, customs):
    doc = read_report(SEED.read_bytes(), SEED.name)
    import_document(doc)
    assert_counts_match(everyone, [{}, {"country": "JP"}])
    # A dry run changes nothing, counts included.
    before = StatisticsCount.objects.count()
    import_document(read_report(SEED.read_bytes(), SEED.name), dry_run=True)
    assert StatisticsCount.objects.count() == before


def test_a_plan_is_counted_with_its_destinations(world, everyone, editor, customs):
    make_plan(editor, customs, destinations=[("JP", "東京"), ("KR", "首爾")])
    assert_counts_match(everyone, [{}, {"country": "KR"}, {"agency": customs.pk}])


def test_country_choices_come_only_from_visible_trips(client_for, viewer, other_editor, customs):
    secret = make_trip(customs, "限閱", access=Trip.Access.RESTRICTED)
    Destination.objects.create(trip=secret, country="KP")
    shown = make_trip(customs, "公開")
    Destination.objects.create(trip=shown, country="JP")

    def choices(user):
        response = client_for(user).get("/statistics/")
        return {code for code, _ in response.context["filter"].form.fields["country"].choices}

    assert {"JP", "KP"} <= choices(viewer)
    assert "JP" in choices(other_editor)
    assert "KP" not in choices(other_editor)
