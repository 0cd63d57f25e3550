"""An agency made by importing a restricted report stays invisible to other agencies.

The import creates an agency for the sending agency, each traveller's agency and each
follow-up's responsible agency. One used only by a restricted trip of 關務署 must not
show to the health ministry on the agency pages, in any drop-down or in the admin; an
agency of the tree, of a person with a log-in, or used by a visible trip stays visible.
"""

import json

import pytest
from django.urls import reverse

from delegates.models import Agency, Person
from meetings.models import Delegate, FollowUp, Trip

from ..factories import make_trip

pytestmark = pytest.mark.django_db

MARK = "ZQX機密分署"


@pytest.fixture
def secret_agency(customs):
    agency = Agency.objects.create(name=MARK)
    trip = make_trip(customs, title="機密報告", access=Trip.Access.RESTRICTED)
    person = Person.objects.create(name="江機密", agency=agency)
    Delegate.objects.create(trip=trip, person=person, agency=agency)
    FollowUp.objects.create(trip=trip, description="機密待辦", owner_agency=agency)
    return agency


PAGES = [
    ("delegates:agency-list", {}),
    ("meetings:trip-list", {}),
    ("meetings:followup-list", {}),
    ("meetings:recommendation-list", {}),
    ("meetings:search", {}),
    ("meetings:statistics", {}),
]


@pytest.mark.parametrize("name,params", PAGES)
def test_pages_and_drop_downs_hide_the_agency(
    client_for, other_editor, viewer, secret_agency, name, params
):
    response = client_for(other_editor).get(reverse(name), params)
    assert response.status_code == 200
    assert MARK not in response.content.decode()
    if name == "delegates:agency-list":
        assert MARK in client_for(viewer).get(reverse(name)).content.decode()


def test_agency_page_is_404_for_another_agency(client_for, other_editor, viewer, secret_agency):
    url = reverse("delegates:agency-detail", args=[secret_agency.pk])
    assert client_for(other_editor).get(url).status_code == 404
    assert client_for(viewer).get(url).status_code == 200


def test_hidden_agency_cannot_be_chosen_as_a_filter(client_for, other_editor, secret_agency):
    response = client_for(other_editor).get(
        reverse("meetings:trip-list"), {"agency": secret_agency.pk}
    )
    assert response.context["filter"].form.errors


def test_admin_list_change_and_autocomplete_hide_the_agency(
    client_for, other_editor, editor, secret_agency
):
    changelist = reverse("admin:delegates_agency_changelist")
    change = reverse("admin:delegates_agency_change", args=[secret_agency.pk])
    autocomplete = (
        "/admin/autocomplete/?app_label=delegates&model_name=person&field_name=agency&term=ZQX"
    )
    outsider = client_for(other_editor)
    assert MARK not in outsider.get(changelist).content.decode()
    assert outsider.get(change).status_code == 302  # as for a missing record
    assert json.loads(outsider.get(autocomplete).content)["results"] == []
    insider = client_for(editor)
    assert MARK in insider.get(changelist).content.decode()
    assert len(json.loads(insider.get(autocomplete).content)["results"]) == 1


def test_an_agency_used_by_a_visible_trip_or_staff_is_visible(
    other_editor, editor, customs, secret_agency
):
    visible = Agency.objects.visible_to(other_editor)
    assert secret_agency not in visible
    assert customs in visible  # its only trip is restricted, but it has staff
    make_trip(secret_agency, title="公開報告")
    assert secret_agency in Agency.objects.visible_to(other_editor)


def test_an_agency_of_a_person_with_a_log_in_is_visible(other_editor, secret_agency, editor):
    Person.objects.filter(user=editor).update(agency=secret_agency)
    assert secret_agency in Agency.objects.visible_to(other_editor)
