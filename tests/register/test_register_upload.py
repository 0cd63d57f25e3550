"""Recording the upload to the national register: on the trip page, in the admin,
and the service behind both; the dashboard's list of reports not yet uploaded."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Trip
from meetings.services.register import RegisterError, record_register_upload

from ..factories import make_trip

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def returned(customs):
    """Back home 30 days ago: the register deadline is two months away."""
    return make_trip(customs, title="已返國報告", start=days(-35), end=days(-30))


def upload(client, trip, **data):
    data.setdefault("uploaded_on", TODAY.isoformat())
    data.setdefault("version", str(trip.version))
    return client.post(reverse("meetings:trip-register-upload", args=[trip.pk]), data)


def test_editor_records_the_upload_on_the_trip_page(chinese_ui, client_for, editor, returned):
    client = client_for(editor)
    page = client.get(returned.get_absolute_url()).content.decode()
    assert "尚未上傳" in page or "未上傳" in page
    assert reverse("meetings:trip-register-upload", args=[returned.pk]) in page
    response = upload(client, returned, system_id="C11400001")
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.register_uploaded_on == TODAY
    assert returned.system_id == "C11400001"
    newest = returned.history.first()
    assert newest.history_user == editor
    assert newest.register_uploaded_on == TODAY
    page = client.get(returned.get_absolute_url()).content.decode()
    assert "已登記上傳至公務出國報告資訊網" in page
    assert f"民國 {TODAY.year - 1911} 年" in page


def test_viewer_sees_no_form_and_is_refused(client_for, viewer, returned):
    client = client_for(viewer)
    page = client.get(returned.get_absolute_url()).content.decode()
    assert reverse("meetings:trip-register-upload", args=[returned.pk]) not in page
    assert upload(client, returned).status_code == 403
    returned.refresh_from_db()
    assert returned.register_uploaded_on is None


def test_another_agency_is_refused(client_for, other_editor, returned, customs):
    client = client_for(other_editor)
    assert upload(client, returned).status_code == 403
    hidden = make_trip(
        customs, start=days(-35), end=days(-30), access=Trip.Access.RESTRICTED, title="限閱"
    )
    assert upload(client, hidden).status_code == 404
    assert Trip.objects.filter(register_uploaded_on__isnull=False).count() == 0


def test_anonymous_and_get_are_refused(client, client_for, editor, returned):
    response = upload(client, returned)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    url = reverse("meetings:trip-register-upload", args=[returned.pk])
    assert client_for(editor).get(url).status_code == 405


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"uploaded_on": "yesterday"}, "請以 YYYY-MM-DD 格式輸入日期。"),
        ({"uploaded_on": ""}, "請輸入報告上傳的日期。"),
        ({"uploaded_on": days(1).isoformat()}, "上傳日期不能晚於今天。"),
        ({"uploaded_on": days(-31).isoformat()}, "報告不能在返國之前上傳。"),
        ({"version": "0"}, "此出國案已被他人修改，請檢視後再試一次。"),
    ],
)
def test_bad_input_changes_nothing_and_says_why(
    chinese_ui, client_for, editor, returned, data, message
):
    client = client_for(editor)
    response = upload(client, returned, **data)
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.register_uploaded_on is None
    assert message in client.get(response["Location"]).content.decode()


def test_a_system_id_of_another_trip_is_refused(editor, returned, customs):
    make_trip(customs, system_id="C11400009")
    with pytest.raises(RegisterError, match="already has this system id"):
        record_register_upload(returned, user=editor, uploaded_on=TODAY, system_id="C11400009")
    returned.refresh_from_db()
    assert returned.register_uploaded_on is None and returned.system_id is None


def test_a_trip_not_back_yet_cannot_be_uploaded(editor, customs):
    travelling = make_trip(customs, start=days(-2), end=days(3))
    with pytest.raises(RegisterError, match="before the return"):
        record_register_upload(travelling, user=editor, uploaded_on=TODAY)


# The admin ------------------------------------------------------------------------


def test_admin_filters_by_upload_and_records_uploads(client_for, editor, returned, customs):
    done = make_trip(customs, title="已上傳案", start=days(-60), end=days(-55))
    record_register_upload(done, user=editor, uploaded_on=days(-1))
    client = client_for(editor)
    changelist = reverse("admin:meetings_trip_changelist")
    pending = client.get(changelist + "?register=pending").content.decode()
    assert returned.title in pending and done.title not in pending
    uploaded = client.get(changelist + "?register=uploaded").content.decode()
    assert done.title in uploaded and returned.title not in uploaded
    response = client.post(
        changelist,
        {"action": "record_register_upload_today", ACTION_CHECKBOX_NAME: [returned.pk]},
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.register_uploaded_on == TODAY
    assert returned.history.first().history_user == editor


def test_admin_action_reports_trips_it_may_not_record(client_for, editor, customs):
    travelling = make_trip(customs, title="出國中", start=days(-1), end=days(2))
    client = client_for(editor)
    response = client.post(
        reverse("admin:meetings_trip_changelist"),
        {"action": "record_register_upload_today", ACTION_CHECKBOX_NAME: [travelling.pk]},
        follow=True,
    )
    assert "before the return" in response.content.decode()
    travelling.refresh_from_db()
    assert travelling.register_uploaded_on is None


def test_admin_zip_action_downloads_the_selected_trips(client_for, editor, returned):
    response = client_for(editor).post(
        reverse("admin:meetings_trip_changelist"),
        {"action": "export_register_zip", ACTION_CHECKBOX_NAME: [returned.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


def test_the_uploaded_day_is_read_only_in_the_admin_form(client_for, editor, returned):
    page = (
        client_for(editor)
        .get(reverse("admin:meetings_trip_change", args=[returned.pk]))
        .content.decode()
    )
    assert 'name="register_uploaded_on"' not in page
    assert 'name="subject_class"' in page and 'name="policy_class"' in page


# The dashboard ----------------------------------------------------------------------


def test_dashboard_lists_reports_not_uploaded_with_days_left_or_late(
    chinese_ui, client_for, editor, customs, other_agency
):
    make_trip(customs, title="即將到期", start=days(-40), end=days(-35))
    late = make_trip(customs, title="已逾期", start=days(-120), end=days(-100))
    make_trip(customs, title="尚在國外", start=days(-1), end=days(3))
    make_trip(other_agency, title="他機關報告", start=days(-40), end=days(-35))
    # Imported from years back: not counted down (most were uploaded long ago).
    make_trip(customs, title="多年前的報告", start=days(-900), end=days(-895))
    done = make_trip(customs, title="已上傳案", start=days(-60), end=days(-55))
    record_register_upload(done, user=editor, uploaded_on=days(-1))
    page = client_for(editor).get(reverse("home")).content.decode()
    panel = page.split('id="register-pending"', 1)[1].split("</section>", 1)[0]
    assert "即將到期" in panel and "已逾期" in panel
    assert "尚在國外" not in panel and "他機關報告" not in panel and "已上傳案" not in panel
    assert "多年前的報告" not in panel
    late_days = (TODAY - late.report_due_date).days
    assert f"逾期 {late_days} 天" in panel
    assert "民國" in panel


def test_dashboard_query_count_does_not_grow_with_pending_reports(client_for, editor, customs):
    client = client_for(editor)
    make_trip(customs, start=days(-40), end=days(-35))
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for index in range(6):
        make_trip(customs, start=days(-50 - index), end=days(-45 - index))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    assert len(few) == len(many)
