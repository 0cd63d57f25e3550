"""Person and agency pages: only visible trips are listed or counted."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegates.models import Agency, Person
from meetings.models import Delegate, Trip

from ..factories import make_trip


def test_person_page_lists_visible_trips_with_role_and_title_at_the_time(
    client_for, other_editor, viewer, customs
):
    person = Person.objects.create(name="劉麗霞", agency=customs, unit="通關業務組", title="科長")
    early = make_trip(customs, title="早年出國")
    Delegate.objects.create(trip=early, person=person, role="member")
    person.title = "副組長"
    person.save()
    secret = make_trip(customs, title="機密出國", access=Trip.Access.RESTRICTED)
    Delegate.objects.create(trip=secret, person=person, role="head")

    response = client_for(other_editor).get(person.get_absolute_url())
    html = response.content.decode()
    assert "劉麗霞" in html and "早年出國" in html and "科長" in html
    assert "機密出國" not in html
    assert response.context["delegations"].paginator.count == 1

    response = client_for(viewer).get(person.get_absolute_url())
    html = response.content.decode()
    assert "機密出國" in html
    assert response.context["delegations"].paginator.count == 2


def test_person_page_is_paginated_with_constant_queries(
    client_for, viewer, customs, django_assert_max_num_queries
):
    person = Person.objects.create(name="常出國", agency=customs)
    client = client_for(viewer)
    client.get(person.get_absolute_url())

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(person.get_absolute_url())
        return len(queries), response

    trip = make_trip(customs, title="第一趟")
    Delegate.objects.create(trip=trip, person=person)
    few, _ = count()
    for n in range(30):
        Delegate.objects.create(trip=make_trip(customs, title=f"第 {n} 趟"), person=person)
    many, response = count()
    assert few == many
    with django_assert_max_num_queries(few):
        client.get(person.get_absolute_url(), {"page": 2})
    assert len(response.context["delegations"].object_list) == 25
    assert "?page=2" in response.content.decode()


def test_agency_page_shows_path_children_people_and_visible_trips(
    client_for, other_editor, ministry, customs, taipei_customs
):
    Person.objects.create(name="楊士宗", agency=taipei_customs)
    make_trip(taipei_customs, title="臺北關公開出國")
    make_trip(taipei_customs, title="臺北關機密出國", access=Trip.Access.RESTRICTED)
    make_trip(customs, title="關務署公開出國")

    response = client_for(other_editor).get(customs.get_absolute_url())
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "財政部 › 關務署" in html
    assert taipei_customs.get_absolute_url() in html
    assert "臺北關公開出國" in html and "關務署公開出國" in html
    assert "臺北關機密出國" not in html
    assert response.context["trips"].paginator.count == 2

    response = client_for(other_editor).get(taipei_customs.get_absolute_url())
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "財政部 › 關務署 › 臺北關" in html and "楊士宗" in html
    assert response.context["trips"].paginator.count == 1


def test_agency_page_counts_restricted_trips_for_its_own_staff(client_for, viewer, customs):
    make_trip(customs, title="機密", access=Trip.Access.RESTRICTED)
    response = client_for(viewer).get(customs.get_absolute_url())
    assert response.context["trips"].paginator.count == 1


def test_agency_list_is_a_tree_with_visible_counts(
    client_for, other_editor, ministry, customs, taipei_customs, other_agency
):
    make_trip(customs, title="公開")
    make_trip(customs, title="機密", access=Trip.Access.RESTRICTED)
    response = client_for(other_editor).get(reverse("delegates:agency-list"))
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    # Only the open trip is counted for another agency's user: "1 trip".
    one_trip = r"<span[^>]*>[^<]*(?<!\d)1(?!\d)"
    assert re.search(rf"財政部</a>.*?<ul.*?財政部關務署</a> {one_trip}.*?臺北關", html)
    assert "衛生福利部" in html


def test_agency_list_query_count_does_not_grow(client_for, viewer, ministry):
    client = client_for(viewer)
    client.get(reverse("delegates:agency-list"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("delegates:agency-list"))
        return len(queries)

    few = count()
    parent = ministry
    for n in range(20):
        parent = Agency.objects.create(name=f"機關{n}", parent=parent if n % 2 else None)
    assert count() == few


def test_agency_page_query_count_does_not_grow(
    client_for, viewer, customs, django_assert_max_num_queries
):
    client = client_for(viewer)

    def add(n):
        trip = make_trip(customs, title=f"出國 {n}")
        trip.destinations.create(country="JP")
        Person.objects.create(name=f"人員 {n}", agency=customs)
        Agency.objects.create(name=f"分關 {n}", parent=customs)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(customs.get_absolute_url()).status_code == 200
        return len(queries)

    add(0)
    client.get(customs.get_absolute_url())
    few = count()
    for n in range(1, 40):
        add(n)
    assert count() == few
    with django_assert_max_num_queries(few):
        client.get(customs.get_absolute_url(), {"page": 2, "people_page": 2})


def test_pages_refuse_anonymous_and_post(client, viewer, customs):
    person = Person.objects.create(name="某人", agency=customs)
    urls = [person.get_absolute_url(), customs.get_absolute_url(), reverse("delegates:agency-list")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(viewer)
    for url in urls:
        assert client.post(url).status_code == 405


def test_unknown_person_and_agency_are_404(client_for, viewer):
    client = client_for(viewer)
    assert client.get(reverse("delegates:person-detail", args=[99999])).status_code == 404
    assert client.get(reverse("delegates:agency-detail", args=[99999])).status_code == 404
