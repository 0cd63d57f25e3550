"""Personas and shared records for the whole suite.

The customs administration (關務署) sits under the finance ministry (財政部), with the
Taipei customs office (臺北關) below it; the health ministry is another agency.
"""

import pytest

from delegates.access import ADMINISTRATORS, EDITORS, VIEWERS
from meetings.models import Trip

from .factories import make_agency, make_trip, make_user


@pytest.fixture
def ministry(db):
    return make_agency("財政部", short_name="財政部")


@pytest.fixture
def customs(ministry):
    return make_agency("財政部關務署", parent=ministry, short_name="關務署")


@pytest.fixture
def taipei_customs(customs):
    return make_agency("財政部關務署臺北關", parent=customs, short_name="臺北關")


@pytest.fixture
def other_agency(db):
    return make_agency("衛生福利部", short_name="衛福部")


@pytest.fixture
def viewer(customs):
    return make_user("viewer", VIEWERS, agency=customs, person_name="王檢視", is_staff=True)


@pytest.fixture
def editor(customs):
    return make_user("editor", EDITORS, agency=customs, person_name="李編輯", is_staff=True)


@pytest.fixture
def other_editor(other_agency):
    return make_user(
        "other_editor", EDITORS, agency=other_agency, person_name="陳他署", is_staff=True
    )


@pytest.fixture
def administrator(customs):
    return make_user(
        "administrator", ADMINISTRATORS, agency=customs, person_name="林管理", is_staff=True
    )


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "", "another long password 1")


@pytest.fixture
def open_trip(customs):
    return make_trip(customs, title="出席 APEC SCCP 會議報告")


@pytest.fixture
def restricted_trip(customs):
    return make_trip(customs, title="機密雙邊會談報告", access=Trip.Access.RESTRICTED)


@pytest.fixture
def other_trip(other_agency):
    return make_trip(other_agency, title="衛福部出席 WHO 會議報告")


@pytest.fixture
def client_for(client):
    """Log a persona in: `client_for(editor)`."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def chinese_ui(settings):
    """Pages in the portal's own default language (the suite runs in English)."""
    settings.LANGUAGE_CODE = "zh-hant"


@pytest.fixture(autouse=True)
def _test_language(settings):
    """Each test starts in the suite's language: one test activating Chinese (a request
    through LocaleMiddleware, translation.activate) must not leak into the next."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
