"""The budget: cost lines, per-diem estimates from the rate table, actual costs."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegates.models import Person
from meetings.models import CostLine, PerDiemRate
from meetings.services.lifecycle import LifecycleError
from meetings.services.plans import estimate_per_diem, rate_for

from .helpers import START, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(editor, customs):
    people = [Person.objects.create(name=n, agency=customs) for n in ("甲團長", "乙團員")]
    return make_plan(editor, customs, people=people)


def rate(city, amount, since):
    return PerDiemRate.objects.create(
        country="JP", city=city, daily_amount=Decimal(amount), currency="USD", effective_from=since
    )


def test_the_rate_in_force_for_the_city_else_other_cities():
    old = rate("東京", "300", datetime.date(2020, 1, 1))
    new = rate("東京", "331", datetime.date(2024, 1, 1))
    other = rate("", "250", datetime.date(2020, 1, 1))
    assert rate_for("JP", "東京", datetime.date(2023, 6, 1)) == old
    assert rate_for("JP", "東京", datetime.date(2024, 6, 1)) == new
    assert rate_for("JP", "大阪", datetime.date(2024, 6, 1)) == other
    assert rate_for("JP", "東京", datetime.date(2019, 6, 1)) is None
    assert rate_for("FR", "", datetime.date(2024, 6, 1)) is None


def test_per_diem_is_days_times_rate_per_traveller_in_decimal_twd(plan, editor):
    rate("東京", "331", START - datetime.timedelta(days=400))
    estimate_per_diem(plan, user=editor, version=plan.version, exchange_rate=Decimal("32.5"))
    lines = list(CostLine.objects.order_by("traveller__order"))
    assert [line.traveller.person.name for line in lines] == ["甲團長", "乙團員"]
    for line in lines:
        assert line.days == 5
        assert line.foreign_amount == Decimal("1655.00")
        assert line.estimated_twd == line.computed_twd == Decimal("53788")  # 1655 × 32.5
        assert isinstance(line.estimated_twd, Decimal)


def test_an_overridden_estimate_needs_a_reason_and_survives_a_recompute(client, plan, editor):
    rate("東京", "331", START - datetime.timedelta(days=400))
    estimate_per_diem(plan, user=editor, version=plan.version, exchange_rate=Decimal("32.5"))
    line = CostLine.objects.order_by("id").first()
    line.estimated_twd = Decimal("40000")
    with pytest.raises(Exception, match="reason"):
        line.full_clean()
    line.override_reason = "主辦單位提供住宿"
    line.full_clean()
    line.save()
    plan.refresh_from_db()
    estimate_per_diem(plan, user=editor, version=plan.version, exchange_rate=Decimal("33"))
    line.refresh_from_db()
    assert line.estimated_twd == Decimal("40000")
    assert line.computed_twd == Decimal("54615")
    assert line.overridden


def test_an_empty_rate_table_is_explained(plan, editor, chinese_ui):
    with pytest.raises(LifecycleError, match="生活費日支數額|per-diem"):
        estimate_per_diem(plan, user=editor, version=plan.version, exchange_rate=Decimal("32"))
    assert not CostLine.objects.exists()


def test_the_budget_page_saves_lines_and_the_trip_page_shows_the_variance(
    client, plan, editor, chinese_ui
):
    client.force_login(editor)
    url = reverse("meetings:trip-budget", args=[plan.pk])
    head = plan.delegates.order_by("order").first()
    data = {
        "version": plan.version,
        "cost_lines-TOTAL_FORMS": "3",
        "cost_lines-INITIAL_FORMS": "0",
        "cost_lines-MIN_NUM_FORMS": "0",
        "cost_lines-MAX_NUM_FORMS": "1000",
        "cost_lines-0-traveller": head.pk,
        "cost_lines-0-item": "airfare",
        "cost_lines-0-estimated_twd": "45000",
        "cost_lines-0-actual_twd": "43210.50",
        "cost_lines-1-item": "registration",
        "cost_lines-1-estimated_twd": "3000",
        "cost_lines-1-foreign_amount": "100",
        "cost_lines-1-currency": "USD",
        "cost_lines-1-exchange_rate": "30",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert CostLine.objects.count() == 2
    page = client.get(plan.get_absolute_url())
    text = page.content.decode()
    assert "-1789.50" in text  # actual 43,210.50 against 45,000
    assert page.context["budget"]["estimated"] == Decimal("48000")
    # A stale page (the version before that save) changes nothing.
    data["cost_lines-0-estimated_twd"] = "1"
    assert client.post(url, data).status_code == 409
    assert not CostLine.objects.filter(estimated_twd=1).exists()


def test_a_foreign_amount_without_a_rate_is_refused(client, plan, editor):
    client.force_login(editor)
    data = {
        "version": plan.version,
        "cost_lines-TOTAL_FORMS": "1",
        "cost_lines-INITIAL_FORMS": "0",
        "cost_lines-MIN_NUM_FORMS": "0",
        "cost_lines-MAX_NUM_FORMS": "1000",
        "cost_lines-0-item": "other",
        "cost_lines-0-estimated_twd": "100",
        "cost_lines-0-foreign_amount": "5",
    }
    response = client.post(reverse("meetings:trip-budget", args=[plan.pk]), data)
    assert response.status_code == 400
    assert not CostLine.objects.exists()


def test_the_per_diem_button_on_the_budget_page(client, plan, editor, chinese_ui):
    rate("", "250", START - datetime.timedelta(days=10))
    client.force_login(editor)
    url = reverse("meetings:trip-budget", args=[plan.pk])
    response = client.post(url, {"version": plan.version, "exchange_rate": "30"}, follow=True)
    assert "每人新臺幣 37500 元" in response.content.decode()
    assert CostLine.objects.filter(item="living").count() == 2
    response = client.post(url, {"version": plan.version, "exchange_rate": "0"})
    assert response.status_code == 400


def test_others_may_not_edit_the_budget(client, plan, viewer, other_editor):
    url = reverse("meetings:trip-budget", args=[plan.pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(other_editor)
    assert client.get(url).status_code == 403
    plan.access = "restricted"
    plan.save()
    assert client.get(url).status_code == 404


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_budget_itinerary_and_trip_pages_have_constant_queries(client, plan, editor):
    client.force_login(editor)
    head = plan.delegates.first()
    urls = [
        reverse("meetings:trip-budget", args=[plan.pk]),
        reverse("meetings:trip-itinerary", args=[plan.pk]),
        plan.get_absolute_url(),
    ]

    def add(count):
        for i in range(count):
            CostLine.objects.create(trip=plan, traveller=head, item="other", estimated_twd=i)
            plan.itinerary.create(date=START, activity=f"第 {i} 站")

    add(1)
    few = [queries(client, url) for url in urls]
    add(12)
    assert [queries(client, url) for url in urls] == few
