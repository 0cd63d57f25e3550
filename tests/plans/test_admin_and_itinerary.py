"""The per-diem rate table in the admin (shipped empty), the plan in the admin, and
the itinerary on the trip page, in the calendar feed, the briefing pack and imports."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from meetings.models import CalendarToken, ItinerarySegment, PerDiemRate, Trip
from meetings.services import import_document, trip_to_document
from meetings.services.exporting import export_queryset

from .helpers import START, make_plan

pytestmark = pytest.mark.django_db
RATES_URL = reverse("admin:meetings_perdiemrate_changelist")


def test_the_rate_table_ships_empty_and_explains_what_to_import(client, administrator, chinese_ui):
    assert not PerDiemRate.objects.exists()
    client.force_login(administrator)
    text = client.get(RATES_URL).content.decode()
    assert "生活費日支數額表目前是空的" in text
    assert "effective_from" in text


def test_rates_are_imported_from_csv_after_a_preview(client, administrator):
    client.force_login(administrator)
    csv = (
        "country,city,daily_amount,currency,effective_from\n"
        "JP,東京,331,USD,2024-01-01\n"
        "jp,,250,,2024-01-01\n"
    )
    url = reverse("admin:meetings_perdiemrate_import")
    page = client.get(url)
    formats = [label for _v, label in page.context["form"].fields["format"].choices]
    preview = client.post(
        url,
        {
            "format": formats.index("csv") - 1,
            "resource": "0",
            "import_file": SimpleUploadedFile("rates.csv", csv.encode()),
        },
    )
    assert preview.status_code == 200
    assert not PerDiemRate.objects.exists()  # nothing before the confirmation
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    client.post(reverse("admin:meetings_perdiemrate_process_import"), data)
    rates = {
        (r.country.code, r.city): (r.daily_amount, r.currency) for r in PerDiemRate.objects.all()
    }
    assert rates == {
        ("JP", "東京"): (Decimal("331.00"), "USD"),
        ("JP", ""): (Decimal("250.00"), "USD"),
    }
    assert "東京" in client.get(RATES_URL).content.decode()


def test_a_bad_country_is_refused_and_nothing_imported(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:meetings_perdiemrate_import")
    formats = [label for _v, label in client.get(url).context["form"].fields["format"].choices]
    csv = "country,city,daily_amount,currency,effective_from\nJapan,東京,331,USD,2024-01-01\n"
    response = client.post(
        url,
        {
            "format": formats.index("csv") - 1,
            "resource": "0",
            "import_file": SimpleUploadedFile("rates.csv", csv.encode()),
        },
    )
    assert "two-letter ISO code" in response.content.decode()
    assert not PerDiemRate.objects.exists()


def test_editors_and_viewers_may_read_but_not_change_the_table(client, editor, viewer):
    for user in (editor, viewer):
        client.force_login(user)
        assert client.get(RATES_URL).status_code == 200
        assert client.get(reverse("admin:meetings_perdiemrate_add")).status_code == 403


def test_a_plan_is_created_in_the_admin_with_no_report(client, editor, customs):
    client.force_login(editor)
    page = client.get(reverse("admin:meetings_trip_add"))
    assert page.status_code == 200
    assert (
        "budget_line" in page.content.decode() and "itinerary-TOTAL_FORMS" in page.content.decode()
    )


def test_the_admin_change_form_cannot_move_a_plan_past_its_approval(client, editor, customs):
    """The state changes only through the lifecycle (its role checks and timeline): the
    change form shows it read-only and ignores a posted one."""
    trip = make_plan(editor, customs)
    client.force_login(editor)
    url = reverse("admin:meetings_trip_change", args=[trip.pk])
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields
    assert client.get(reverse("admin:meetings_trip_add")).context["adminform"].form.fields["status"]
    trip.refresh_from_db()
    assert trip.status == Trip.Status.DRAFT


def test_the_itinerary_on_the_trip_page_in_the_feed_and_the_briefing(client, editor, customs):
    trip = make_plan(editor, customs)
    ItinerarySegment.objects.create(
        trip=trip,
        date=START,
        origin="臺北",
        destination="東京",
        transport="BR 198",
        departure_time=datetime.time(8, 50),
        departure_zone="Asia/Taipei",
        arrival_time=datetime.time(13, 5),
        arrival_zone="Asia/Tokyo",
        hotel="東京飯店",
        activity="報到",
    )
    ItinerarySegment.objects.create(
        trip=trip, date=START + datetime.timedelta(days=1), activity="開會"
    )
    client.force_login(editor)
    page = client.get(trip.get_absolute_url()).content.decode()
    assert "BR 198" in page and "08:50 Asia/Taipei" in page and "東京飯店" in page
    assert (
        "BR 198" in client.get(reverse("meetings:trip-briefing", args=[trip.pk])).content.decode()
    )
    token = CalendarToken.objects.create(user=editor)
    feed = Calendar.from_ical(
        client.get(reverse("meetings:calendar-feed", args=[token.token])).content
    )
    events = {str(e["uid"]).split("@")[0]: e for e in feed.walk("VEVENT")}
    flight = events[f"itinerary-{trip.itinerary.first().pk}"]
    start, end = flight.decoded("dtstart"), flight.decoded("dtend")
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert end.utcoffset() == datetime.timedelta(hours=9)
    assert (end - start) == datetime.timedelta(hours=3, minutes=15)
    day = events[f"itinerary-{trip.itinerary.last().pk}"]
    assert day.decoded("dtstart") == START + datetime.timedelta(days=1)


def test_the_itinerary_round_trips_and_a_report_without_one_keeps_the_plans(editor, customs):
    trip = make_plan(editor, customs)
    trip.itinerary.create(date=START, origin="臺北", destination="東京", transport="BR 198")
    exported = trip_to_document(export_queryset(Trip.objects.filter(pk=trip.pk)).get())
    assert exported["itinerary"] == [
        {
            "date": START.isoformat(), "origin": "臺北", "destination": "東京",
            "transport": "BR 198", "departure_time": None, "departure_zone": None,
            "arrival_time": None, "arrival_zone": None, "hotel": None, "activity": None,
        }
    ]  # fmt: skip
    assert import_document(exported).action == "unchanged"
    without = {**exported, "itinerary": [], "summary": "新摘要"}
    assert import_document(without).action == "update"
    assert trip.itinerary.count() == 1
    assert import_document(without).action == "unchanged"
    replaced = {**exported, "itinerary": [{"date": START.isoformat(), "activity": "改行程"}]}
    import_document(replaced)
    assert list(trip.itinerary.values_list("activity", flat=True)) == ["改行程"]
