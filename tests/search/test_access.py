"""Restricted trips stay hidden from other agencies, even from counts and snippets."""

import pytest

from meetings.models import Trip

from ..factories import make_trip
from .helpers import found, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(customs):
    return make_trip(
        customs,
        title="機密雙邊會談報告",
        summary="雙邊單一窗口資料交換之機密協商內容",
        access=Trip.Access.RESTRICTED,
    )


def test_other_agencies_never_see_restricted_trips(client_for, other_editor, secret):
    response = search(client_for(other_editor), "機密協商")
    assert found(response) == []
    assert response.context["count"] == 0
    html = response.content.decode()
    assert "機密雙邊會談報告" not in html
    assert "<mark>" not in html


def test_restricted_trips_are_not_counted_for_others(client_for, other_editor, secret, report):
    response = search(client_for(other_editor), "單一窗口")
    assert found(response) == [report]
    assert response.context["count"] == 1


def test_filters_alone_do_not_list_restricted_trips(client_for, other_editor, secret):
    response = search(client_for(other_editor), year_from="2000")
    assert found(response) == []


def test_the_sending_agency_sees_its_restricted_trips(client_for, viewer, secret):
    response = search(client_for(viewer), "機密協商")
    assert found(response) == [secret]
    assert "<mark>機密協商</mark>" in response.content.decode()


def test_sub_agency_staff_do_not_see_the_parents_restricted_trips(
    client_for, taipei_customs, secret
):
    from delegates.access import VIEWERS

    from ..factories import make_user

    branch_user = make_user("branch", VIEWERS, agency=taipei_customs)
    assert found(search(client_for(branch_user), "機密協商")) == []


def test_administrators_see_everything(client_for, administrator, other_agency):
    hidden = make_trip(other_agency, title="衛福部機密協商", access=Trip.Access.RESTRICTED)
    assert found(search(client_for(administrator), "機密協商")) == [hidden]
