"""Who may see and change what in the admin, per role and agency."""

import pytest
from django.urls import reverse

from meetings.models import FollowUp, Lesson, Meeting, Trip

from .admin_forms import TRIP_INLINES, form_data

ADMIN_MODELS = [
    "meetings_trip",
    "meetings_meeting",
    "meetings_followup",
    "meetings_lesson",
    "meetings_meetingseries",
    "meetings_organisation",
    "meetings_keyword",
    "delegates_agency",
    "delegates_person",
]


@pytest.fixture
def records(open_trip, restricted_trip, other_trip):
    meeting = Meeting.objects.create(trip=open_trip, title="SCCP2", acronym="SCCP2")
    FollowUp.objects.create(trip=open_trip, meeting=meeting, description="提交報告")
    Lesson.objects.create(trip=open_trip, title="掌握 SCCP 策略計畫要點")
    return {"trip": open_trip, "meeting": meeting}


def test_anonymous_is_sent_to_login_from_every_page(client, records):
    urls = ["/", "/admin/", reverse("admin:meetings_trip_changelist")]
    urls += [reverse(f"admin:{m}_changelist") for m in ADMIN_MODELS]
    urls.append(reverse("admin:meetings_trip_change", args=[records["trip"].pk]))
    for url in urls:
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert response.redirect_chain[-1][0].startswith(reverse("login")), url
        assert response.templates[0].name == "registration/login.html"


def test_login_page_is_open_and_in_chinese(client, settings):
    settings.LANGUAGE_CODE = "zh-hant"  # the production default; the suite runs in English
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="zh-Hant"' in response.content.decode()
    assert "登入" in response.content.decode()


@pytest.mark.parametrize("persona", ["viewer", "editor", "administrator", "superuser"])
@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_changelist_renders_for_every_role(request, client, records, persona, model):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.mark.parametrize("persona", ["editor", "administrator"])
@pytest.mark.parametrize(
    "model", ["meetings_trip", "meetings_meeting", "meetings_followup", "meetings_lesson"]
)
def test_add_pages_render_for_editors(request, client, records, persona, model):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(f"admin:{model}_add")).status_code == 200


@pytest.mark.parametrize("persona", ["viewer", "editor", "administrator"])
def test_change_pages_render(request, client, records, persona):
    client.force_login(request.getfixturevalue(persona))
    for name, obj in [("meetings_trip", records["trip"]), ("meetings_meeting", records["meeting"])]:
        assert client.get(reverse(f"admin:{name}_change", args=[obj.pk])).status_code == 200


def test_viewer_cannot_add_or_change(client, viewer, records):
    client.force_login(viewer)
    assert client.get(reverse("admin:meetings_trip_add")).status_code == 403
    url = reverse("admin:meetings_trip_change", args=[records["trip"].pk])
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page
    response = client.post(url, {"title": "changed by a viewer"})
    assert response.status_code == 403
    records["trip"].refresh_from_db()
    assert records["trip"].title != "changed by a viewer"


def test_editor_cannot_change_another_agencys_trip(client, editor, other_trip):
    client.force_login(editor)
    url = reverse("admin:meetings_trip_change", args=[other_trip.pk])
    page = client.get(url)
    assert page.status_code == 200  # an open trip is readable
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"title": "hijacked"}).status_code == 403
    other_trip.refresh_from_db()
    assert other_trip.title == "衛福部出席 WHO 會議報告"


def test_editor_can_change_own_agencys_trip_form(client, editor, open_trip):
    client.force_login(editor)
    page = client.get(reverse("admin:meetings_trip_change", args=[open_trip.pk]))
    assert 'name="_save"' in page.content.decode()


def test_restricted_trip_of_another_agency_is_invisible(client, other_editor, restricted_trip):
    client.force_login(other_editor)
    changelist = client.get(reverse("admin:meetings_trip_changelist")).content.decode()
    assert restricted_trip.title not in changelist
    url = reverse("admin:meetings_trip_change", args=[restricted_trip.pk])
    response = client.get(url)
    assert response.status_code == 302  # the admin answers "does not exist"
    assert Trip.objects.visible_to(other_editor).filter(pk=restricted_trip.pk).exists() is False


def test_restricted_trip_is_visible_to_its_agency(client, viewer, restricted_trip):
    client.force_login(viewer)
    changelist = client.get(reverse("admin:meetings_trip_changelist")).content.decode()
    assert restricted_trip.title in changelist


def test_editor_cannot_file_a_trip_for_another_agency(client, editor, other_agency):
    client.force_login(editor)
    data = form_data(
        {"title": "冒名出國報告", "agency": other_agency.pk, "access": "open", "status": "draft"},
        {},
        TRIP_INLINES,
    )
    response = client.post(reverse("admin:meetings_trip_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["agency"]
    assert not Trip.objects.filter(title="冒名出國報告").exists()


def test_groups_exist_with_permissions(db):
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_trip", "change_trip", "change_followup", "add_lesson"} <= codenames
    assert "delete_trip" not in codenames
    viewers = Group.objects.get(name="Viewers")
    assert not viewers.permissions.exclude(codename__startswith="view_").exists()
