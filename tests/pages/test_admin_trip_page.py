"""The trip's change page in the admin: a fixed number of queries however big the
trip, and the time printed (never asserted)."""

import time

import pytest
from django.urls import reverse

from .builders import full_trip

pytestmark = pytest.mark.django_db


def change_url(trip):
    return reverse("admin:meetings_trip_change", args=[trip.pk])


def test_trip_change_page_queries_do_not_grow_with_the_trip(
    client_for, superuser, customs, django_assert_max_num_queries
):
    client = client_for(superuser)
    small = full_trip(customs, size=1, title="小")
    big = full_trip(customs, size=12, title="大")
    client.get(change_url(small))
    with django_assert_max_num_queries(30) as counted:
        assert client.get(change_url(small)).status_code == 200
    with django_assert_max_num_queries(len(counted.captured_queries)):
        started = time.perf_counter()
        response = client.get(change_url(big))
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    print(f"admin trip change page, 12 of everything: {elapsed * 1000:.0f} ms")
