"""The plan's lifecycle: who may make each move, in which state, and the timeline."""

import pytest
from django.urls import reverse

from delegates.models import Person
from meetings.models import Trip, TripTransition
from meetings.services.lifecycle import LifecycleError, transition

from .helpers import PLAN_FORM, make_plan, move

pytestmark = pytest.mark.django_db
S = Trip.Status


def test_an_editor_creates_a_plan_in_the_intranet(client_for, editor, customs, chinese_ui):
    colleague = Person.objects.create(name="黃同仁", agency=customs)
    client = client_for(editor)
    page = client.get(reverse("meetings:plan-create"))
    assert page.status_code == 200
    assert "新增出國計畫" in page.content.decode()
    data = {**PLAN_FORM, "agency": customs.pk, "people": [colleague.pk]}
    response = client.post(reverse("meetings:plan-create"), data)
    trip = Trip.objects.get()
    assert response.status_code == 302 and response.url == trip.get_absolute_url()
    assert (trip.status, trip.created_by, trip.plan_name) == (
        S.DRAFT,
        editor,
        PLAN_FORM["plan_name"],
    )
    assert (trip.budget_year, trip.budget_line, trip.funding) == (115, "國際交流活動", "own")
    assert [(str(d.country.code), d.city) for d in trip.destinations.all()] == [("JP", "東京")]
    assert [d.person for d in trip.delegates.all()] == [colleague]
    assert list(trip.meetings.values_list("title", flat=True)) == ["WCO 亞太區風險管理研討會"]
    assert [p["body"] for p in trip.purposes] == ["瞭解各國海關風險管理", "交流智慧邊境經驗"]
    step = trip.transitions.get()
    assert (step.to_status, step.user) == (S.DRAFT, editor)


def test_bad_plan_input_is_refused_with_a_message_and_creates_nothing(
    client_for, editor, customs, chinese_ui
):
    data = {**PLAN_FORM, "agency": customs.pk, "destinations": "亞特蘭提斯"}
    data["end_date"] = "2020-01-01"
    response = client_for(editor).post(reverse("meetings:plan-create"), data)
    assert response.status_code == 400
    assert not Trip.objects.exists()
    errors = response.context["form"].errors
    assert set(errors) == {"destinations", "end_date"}
    assert "亞特蘭提斯" in errors["destinations"][0]


def test_a_viewer_may_not_create_a_plan_and_is_told_why(client_for, viewer, customs, chinese_ui):
    client = client_for(viewer)
    response = client.get(reverse("meetings:plan-create"))
    assert response.status_code == 403
    assert "只有編輯者" in response.content.decode()
    assert (
        client.post(
            reverse("meetings:plan-create"), {**PLAN_FORM, "agency": customs.pk}
        ).status_code
        == 403
    )
    assert not Trip.objects.exists()


def test_an_editor_may_not_send_a_plan_from_another_agency(client_for, editor, other_agency):
    data = {**PLAN_FORM, "agency": other_agency.pk}
    assert client_for(editor).post(reverse("meetings:plan-create"), data).status_code == 400
    assert not Trip.objects.exists()


def test_submit_approve_depart_return_home(client, editor, approver, customs):
    trip = make_plan(editor, customs)
    client.force_login(editor)
    assert move(client, trip, "submit").status_code == 302
    client.force_login(approver)
    assert move(client, trip, "approve").status_code == 302
    client.force_login(editor)
    move(client, trip, "depart")
    move(client, trip, "back")
    trip.refresh_from_db()
    assert trip.status == S.REPORT_DUE
    steps = list(trip.transitions.values_list("from_status", "to_status", "user__username"))
    assert steps == [
        ("", S.DRAFT, "editor"),
        (S.DRAFT, S.SUBMITTED, "editor"),
        (S.SUBMITTED, S.APPROVED, "approver"),
        (S.APPROVED, S.TRAVELLING, "editor"),
        (S.TRAVELLING, S.REPORT_DUE, "editor"),
    ]
    # Audited with the user, too.
    assert trip.history.first().history_user == editor


def test_a_returned_plan_needs_comments_goes_back_to_the_author_and_can_be_resubmitted(
    client, editor, approver, customs, chinese_ui
):
    trip = make_plan(editor, customs)
    transition(trip, "submit", user=editor, version=trip.version)
    client.force_login(approver)
    response = move(client, trip, "return")
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED  # no comments, nothing changed
    move(client, trip, "return", comment="請補充預算明細")
    trip.refresh_from_db()
    assert trip.status == S.RETURNED
    assert trip.transitions.last().comment == "請補充預算明細"
    client.force_login(editor)
    home = client.get("/").content.decode()
    assert "我被退回的計畫" in home and trip.plan_name in home
    page = client.get(trip.get_absolute_url()).content.decode()
    assert "請補充預算明細" in page
    move(client, trip, "submit")
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED


def test_only_the_author_submits(client, editor, customs, chinese_ui):
    from tests.factories import make_user

    colleague = make_user("colleague", "Editors", agency=customs, person_name="同事")
    trip = make_plan(editor, customs)
    client.force_login(colleague)
    response = move(client, trip, "submit")
    assert response.status_code == 403
    assert "只有計畫撰擬人" in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == S.DRAFT


def test_an_approver_may_not_approve_their_own_plan_nor_an_editor_approve(client, editor, customs):
    from delegates.access import APPROVERS
    from tests.factories import make_user

    own = make_user("author_approver", APPROVERS, agency=customs, person_name="自核")
    own.groups.add(*own.groups.model.objects.filter(name="Editors"))
    trip = make_plan(own, customs)
    transition(trip, "submit", user=own, version=trip.version)
    client.force_login(own)
    assert move(client, trip, "approve").status_code == 403
    client.force_login(editor)
    assert move(client, trip, "approve").status_code == 403
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED


def test_an_approver_of_another_agency_gets_403_or_404(client, editor, other_approver, customs):
    trip = make_plan(editor, customs)
    transition(trip, "submit", user=editor, version=trip.version)
    client.force_login(other_approver)
    assert move(client, trip, "approve").status_code == 403
    Trip.objects.filter(pk=trip.pk).update(access=Trip.Access.RESTRICTED)
    assert move(client, trip, "approve").status_code == 404
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED


def test_a_move_the_state_does_not_allow_is_refused_with_a_message(
    client, editor, approver, customs, chinese_ui
):
    trip = make_plan(editor, customs)
    client.force_login(approver)
    response = move(client, trip, "approve")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "無法執行" in page
    trip.refresh_from_db()
    assert trip.status == S.DRAFT
    with pytest.raises(LifecycleError):
        transition(trip, "depart", user=editor, version=trip.version)
    with pytest.raises(LifecycleError):
        transition(trip, "fly-away", user=editor, version=trip.version)


def test_a_stale_page_changes_nothing(client, editor, approver, customs, chinese_ui):
    trip = make_plan(editor, customs)
    loaded = trip.version
    transition(trip, "submit", user=editor, version=trip.version)
    client.force_login(approver)
    response = move(client, trip, "approve", version=loaded)
    page = client.get(response.url).content.decode()
    assert "其他人" in page
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED
    assert TripTransition.objects.filter(to_status=S.APPROVED).count() == 0


def test_anonymous_and_get_are_refused(client, editor, customs):
    trip = make_plan(editor, customs)
    url = reverse("meetings:trip-transition", args=[trip.pk])
    assert client.post(url, {"action": "submit", "version": trip.version}).status_code == 302
    client.force_login(editor)
    assert client.get(url).status_code == 405


def test_the_plan_is_edited_while_draft_and_refused_once_submitted(
    client, editor, customs, chinese_ui
):
    trip = make_plan(editor, customs)
    client.force_login(editor)
    url = reverse("meetings:plan-edit", args=[trip.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {**PLAN_FORM, "agency": customs.pk, "plan_name": "修正後計畫", "version": trip.version}
    assert client.post(url, data).status_code == 302
    trip.refresh_from_db()
    assert trip.plan_name == "修正後計畫"
    stale = {**data, "plan_name": "過時的修改"}  # the version loaded before the save
    response = client.post(url, stale)
    assert response.status_code == 409
    trip.refresh_from_db()
    assert trip.plan_name == "修正後計畫"
    transition(trip, "submit", user=editor, version=trip.version)
    assert client.get(url).status_code == 302
    data["version"] = Trip.objects.get(pk=trip.pk).version
    client.post(url, {**data, "plan_name": "送出後修改"})
    trip.refresh_from_db()
    assert trip.plan_name == "修正後計畫"


def test_the_approver_sees_plans_awaiting_approval_on_the_dashboard(
    client, editor, approver, customs, chinese_ui
):
    trip = make_plan(editor, customs)
    client.force_login(approver)
    assert client.get("/").context["plans_awaiting_approval"] == []
    transition(trip, "submit", user=editor, version=trip.version)
    response = client.get("/")
    assert response.context["plans_awaiting_approval"] == [trip]
    home = response.content.decode()
    assert "待我核定的計畫" in home and f"/trips/{trip.pk}/#plan" in home
    # Not to the author, who is no approver, nor to an approver of another agency.
    client.force_login(editor)
    assert client.get("/").context["plans_awaiting_approval"] == []
