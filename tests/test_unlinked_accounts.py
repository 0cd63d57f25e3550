"""An account without a person: bootstrap links the first administrator, the
dashboard says why it is empty and where to fix it, and the user's admin page sets
person and agency in one place."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from delegates.access import VIEWERS
from delegates.models import Person
from meetings.models import Trip

from .factories import make_trip, make_user

pytestmark = pytest.mark.django_db


def bootstrap():
    out = io.StringIO()
    call_command("bootstrap", stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def admin_env(monkeypatch):
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "a long enough password 1")
    monkeypatch.delenv("PORTAL_ADMIN_PERSON", raising=False)
    monkeypatch.delenv("PORTAL_ADMIN_AGENCY", raising=False)
    return monkeypatch


def test_bootstrap_links_the_first_administrator_to_the_seed_agency(admin_env, chinese_ui):
    out = bootstrap()
    admin = get_user_model().objects.get(is_superuser=True)
    assert admin.person.name == "系統管理者"
    assert admin.person.agency == Trip.objects.get().agency
    assert "linked to" in out
    bootstrap()  # again: nothing changes
    assert Person.objects.filter(user=admin).count() == 1


def test_bootstrap_takes_person_and_agency_from_the_environment(admin_env, customs):
    admin_env.setenv("PORTAL_ADMIN_PERSON", "林管理")
    admin_env.setenv("PORTAL_ADMIN_AGENCY", "關務署")
    existing = Person.objects.create(name="林管理", agency=customs)
    make_trip(customs)  # not an empty database: no seed import
    bootstrap()
    existing.refresh_from_db()
    assert existing.user.is_superuser


def test_bootstrap_refuses_an_unknown_agency(admin_env, customs):
    admin_env.setenv("PORTAL_ADMIN_AGENCY", "不存在的機關")
    make_trip(customs)
    with pytest.raises(CommandError, match="PORTAL_ADMIN_AGENCY"):
        bootstrap()
    assert not Person.objects.filter(user__isnull=False).exists()


def test_dashboard_tells_an_unlinked_administrator_where_to_fix_it(
    chinese_ui, client_for, superuser
):
    html = client_for(superuser).get(reverse("home")).content.decode()
    assert "您的帳號尚未連結到機關人員" in html
    fix = reverse("admin:auth_user_change", args=[superuser.pk]) + "#person-group"
    assert f'href="{fix}"' in html


def test_dashboard_tells_an_unlinked_viewer_to_ask(chinese_ui, client_for, db):
    user = make_user("lonely", VIEWERS)
    html = client_for(user).get(reverse("home")).content.decode()
    assert "您的帳號尚未連結到機關人員" in html
    assert "請系統管理者將您的帳號連結到人員資料" in html
    assert reverse("admin:auth_user_change", args=[user.pk]) not in html


def test_dashboard_of_a_linked_user_has_no_notice(chinese_ui, client_for, viewer):
    assert "尚未連結" not in client_for(viewer).get(reverse("home")).content.decode()


def test_user_page_sets_person_and_agency_in_one_place(client_for, superuser, customs):
    user = make_user("newcomer", VIEWERS)
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client_for(superuser).get(url)
    assert page.status_code == 200 and 'id="person-group"' in page.content.decode()
    data = {
        "username": "newcomer",
        "is_active": "on",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "09:00:00",
        "groups": [g.pk for g in user.groups.all()],
        "person-TOTAL_FORMS": "1",
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "0",
        "person-MAX_NUM_FORMS": "1",
        "person-0-name": "新同仁",
        "person-0-agency": str(customs.pk),
    }
    response = client_for(superuser).post(url, data)
    assert response.status_code == 302
    person = Person.objects.get(user=user)
    assert (person.name, person.agency) == ("新同仁", customs)
    listing = client_for(superuser).get(reverse("admin:auth_user_changelist")).content.decode()
    assert "新同仁" in listing and customs.name in listing
