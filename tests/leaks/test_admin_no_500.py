"""The admin answers hostile input without a server error (issue 10, items 6 and 7)."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from meetings.search.query import MAX_QUERY_WORDS

pytestmark = pytest.mark.django_db

SEARCHABLE = sorted(
    (m for m, a in admin.site._registry.items() if a.search_fields),
    key=lambda m: m._meta.label_lower,
)
WITH_HISTORY = sorted(
    (m for m, a in admin.site._registry.items() if isinstance(a, SimpleHistoryAdmin)),
    key=lambda m: m._meta.label_lower,
)


@pytest.fixture
def root(superuser):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model", SEARCHABLE, ids=lambda m: m._meta.label_lower)
def test_changelist_search_with_a_thousand_words_is_capped(root, open_trip, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    words = " ".join(f"w{i}" for i in range(1000))
    response = root.get(url, {"q": words})
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(str(MAX_QUERY_WORDS) in m for m in shown), shown


def test_a_capped_search_still_finds_by_its_first_words(root, open_trip):
    url = reverse("admin:meetings_trip_changelist")
    words = "APEC SCCP " + " ".join("出席" for _ in range(300))
    response = root.get(url, {"q": words})
    assert [t.pk for t in response.context["cl"].result_list] == [open_trip.pk]


def test_a_short_search_says_nothing(root, open_trip):
    response = root.get(reverse("admin:meetings_trip_changelist"), {"q": "APEC"})
    assert list(response.context["messages"]) == []


@pytest.mark.parametrize("model", WITH_HISTORY, ids=lambda m: m._meta.label_lower)
@pytest.mark.parametrize("version", ["abc", "1.5", "-1", "0x10", "999999999"])
def test_history_version_urls_that_name_no_version_are_404(root, open_trip, model, version):
    from meetings.models import FollowUp, Lesson, Meeting, PerDiemRate

    objects = {
        "trip": open_trip,
        "meeting": lambda: Meeting.objects.create(trip=open_trip, title="m"),
        "followup": lambda: FollowUp.objects.create(trip=open_trip, description="d"),
        "lesson": lambda: Lesson.objects.create(trip=open_trip, title="l"),
        "perdiemrate": lambda: PerDiemRate.objects.create(
            country="JP", daily_amount=100, effective_from="2024-01-01"
        ),
    }
    obj = objects[model._meta.model_name]
    obj = obj() if callable(obj) else obj
    app, name = model._meta.app_label, model._meta.model_name
    url = f"/admin/{app}/{name}/{obj.pk}/history/{version}/"
    assert root.get(url).status_code == 404
    # A real version still opens.
    real = obj.history.first().history_id
    assert root.get(f"/admin/{app}/{name}/{obj.pk}/history/{real}/").status_code == 200


def test_intranet_search_uses_the_same_cap_and_message(client_for, viewer, open_trip):
    words = "APEC " + " ".join(f"w{i}" for i in range(1000))
    response = client_for(viewer).get(reverse("meetings:search"), {"q": words})
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(str(MAX_QUERY_WORDS) in m for m in shown), shown
