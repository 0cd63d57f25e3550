"""The review of a submitted report (出國報告審核): checklist, decisions, revision."""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings.importing import read_report
from meetings.models import Lesson, ReportReview, ReviewItem, Trip
from meetings.reminders import send_reminders
from meetings.services import import_document
from meetings.services.lifecycle import LifecycleError, transition
from meetings.services.review import REVISION_DAYS, check_report, review_report

from .helpers import make_plan

pytestmark = pytest.mark.django_db
S = Trip.Status
REPORTS = Path(__file__).resolve().parents[1] / "importing" / "reports"
# Reports of customs offices (in the approver's agency scope).
REPORT = REPORTS / "r02_tickbox_table_itinerary.txt"  # with an itinerary
TRAINING = REPORTS / "r14_training_japan_courses.txt"  # with two recommendations


def upload(client, trip, path=REPORT, data=None):
    trip.refresh_from_db()
    file = SimpleUploadedFile(path.name, data or path.read_bytes(), content_type="text/plain")
    return client.post(
        reverse("meetings:trip-report-upload", args=[trip.pk]),
        {"file": file, "version": trip.version},
    )


@pytest.fixture
def travelled(editor, approver, customs):
    trip = make_plan(editor, customs)
    transition(trip, "submit", user=editor, version=trip.version)
    transition(trip, "approve", user=approver, version=trip.version)
    transition(trip, "depart", user=editor, version=trip.version)
    transition(trip, "back", user=editor, version=trip.version)
    return trip


def answers(review, **overrides):
    post = {"version": review.trip.version}
    for item in review.items.all():
        post[f"result-{item.key}"] = "1" if item.result else "0"
    post.update(overrides)
    return post


def test_uploading_the_report_against_the_plan_opens_a_prechecked_review(
    client, editor, travelled, chinese_ui
):
    client.force_login(editor)
    response = upload(client, travelled)
    assert response.status_code == 302
    assert response.url == reverse("meetings:trip-review", args=[travelled.pk])
    trip = Trip.objects.get()  # the plan itself took the report: no second trip
    assert trip.pk == travelled.pk and trip.status == S.REPORT_SUBMITTED
    assert trip.source_file and trip.itinerary.count() == 4
    review = trip.reviews.get()
    items = {item.key: item for item in review.items.all()}
    assert list(items) == [c.value for c in ReviewItem.Check]
    assert items["purpose"].auto_result is True
    assert items["process"].auto_result is True and "貳、行程" in items["process"].evidence
    assert items["keywords"].auto_result is True
    length = len("".join(trip.summary.split()))
    assert items["summary_length"].evidence == f"{length} 字"
    assert items["summary_length"].auto_result is (200 <= length <= 300)
    assert [(s.from_status, s.to_status) for s in trip.transitions.all()][-1] == (
        S.REPORT_DUE,
        S.REPORT_SUBMITTED,
    )
    page = client.get(response.url).content.decode()
    assert "出國報告審核（第 1 次）" in page and "貳、行程" in page
    # Two attachments listed, bound in the report: the reviewer decides.
    assert items["attachments"].auto_result is None
    assert items["attachments"].evidence == "列出 2 件，其中 0 件另附檔案"


def test_an_imported_report_opens_a_review_too():
    doc = read_report(REPORT.read_bytes(), REPORT.name)
    trip = import_document(doc).trip
    assert trip.status == S.REPORT_SUBMITTED
    assert trip.reviews.get().items.count() == len(ReviewItem.Check)


def test_check_report_evidence_for_a_thin_record(editor, customs):
    trip = make_plan(editor, customs, purposes="")
    trip.summary = "短"
    trip.has_attachments = True
    trip.save()
    checks = {key: (result, evidence) for key, result, evidence in check_report(trip)}
    assert checks["purpose"][0] is False
    assert checks["reflections"][0] is False
    assert checks["summary_sheet"][0] is False and "report date" in checks["summary_sheet"][1]
    assert checks["summary_length"] == (False, "1 characters")
    assert checks["keywords"][0] is False
    assert checks["attachments"][0] is False


def test_review_override_return_resubmit_approve(client, editor, approver, travelled, chinese_ui):
    client.force_login(editor)
    upload(client, travelled, TRAINING)
    trip = Trip.objects.get()
    review = trip.reviews.get()
    url = reverse("meetings:trip-review", args=[trip.pk])

    # The author may read the review but not decide it.
    assert client.post(url, answers(review, decision="approve")).status_code == 403

    client.force_login(approver)
    # Overriding an automatic result needs a note.
    overridden = answers(review, decision="save", **{"result-keywords": "0"})
    response = client.post(url, overridden)
    assert response.status_code == 400
    assert "請說明改判「已填關鍵詞」的理由" in response.content.decode()
    overridden["note-keywords"] = "關鍵詞與主題無關"
    assert client.post(url, overridden).status_code == 302
    trip.refresh_from_db()
    assert trip.status == S.UNDER_REVIEW
    item = review.items.get(key="keywords")
    assert item.overridden and item.note == "關鍵詞與主題無關"

    # It cannot be approved with an item not met; returning needs comments.
    refused = client.post(url, {**overridden, "decision": "approve", "version": trip.version})
    assert refused.status_code == 400
    assert (
        client.post(url, {**overridden, "decision": "return", "version": trip.version}).status_code
        == 400
    )
    returned = {
        **overridden,
        "decision": "return",
        "comments": "請修正關鍵詞",
        "version": trip.version,
    }
    assert client.post(url, returned).status_code == 302
    trip.refresh_from_db()
    review.refresh_from_db()
    assert trip.status == S.REPORT_RETURNED
    assert review.decision == ReportReview.Decision.RETURNED
    assert review.revision_due == timezone.localdate() + datetime.timedelta(days=REVISION_DAYS)

    # The author sees it on the dashboard and gets a reminder.
    client.force_login(editor)
    home = client.get("/")
    assert home.context["my_returned_reports"] == [trip]
    assert "我被退回修正的報告" in home.content.decode()
    editor.email = "editor@example.org"
    editor.save()
    assert send_reminders() == 1
    assert "退回修正的出國報告" in mail.outbox[0].body and trip.title in mail.outbox[0].body

    # Re-submitting (a revised file) opens round 2 and keeps round 1.
    revised = (TRAINING.read_text("utf-8").rstrip() + "補充說明。\n").encode()
    assert upload(client, trip, TRAINING, data=revised).status_code == 302
    trip.refresh_from_db()
    assert trip.status == S.REPORT_SUBMITTED
    assert list(trip.reviews.values_list("round", "decision")) == [
        (1, "returned"),
        (2, "pending"),
    ]
    page = client.get(url).content.decode()
    assert "先前審核紀錄" in page and "請修正關鍵詞" in page

    # The approver approves round 2, accepting one recommendation of two.
    client.force_login(approver)
    second = trip.reviews.get(round=2)
    recommendations = list(trip.lessons.filter(kind=Lesson.Kind.RECOMMENDATION).order_by("order"))
    assert len(recommendations) == 2
    final = answers(second, decision="approve", accepted=[recommendations[0].pk])
    final.update({f"result-{i.key}": "1" for i in second.items.all()})
    final.update(
        {f"note-{i.key}": "人工確認" for i in second.items.all() if i.auto_result is False}
    )
    response = client.post(url, final)
    assert response.status_code == 302, response.content.decode()
    trip.refresh_from_db()
    assert trip.status == S.PUBLISHED
    kinds = [
        lesson.kind
        for lesson in Lesson.objects.filter(pk__in=[r.pk for r in recommendations]).order_by(
            "order"
        )
    ]
    assert kinds == [Lesson.Kind.RECOMMENDATION, Lesson.Kind.OBSERVATION]
    assert Lesson.objects.get(pk=recommendations[0].pk).adoption_status == "proposed"


def test_review_refusals(client, editor, approver, other_approver, travelled):
    client.force_login(editor)
    upload(client, travelled)
    trip = Trip.objects.get()
    review = trip.reviews.get()
    url = reverse("meetings:trip-review", args=[trip.pk])
    client.force_login(other_approver)
    assert client.post(url, answers(review, decision="save")).status_code == 403
    Trip.objects.filter(pk=trip.pk).update(access=Trip.Access.RESTRICTED)
    assert client.get(url).status_code == 404
    client.force_login(approver)
    stale = answers(review, decision="return", comments="x")
    stale["version"] = trip.version - 1
    assert client.post(url, stale).status_code == 409
    trip.refresh_from_db()
    assert trip.status == S.REPORT_SUBMITTED
    with pytest.raises(LifecycleError):
        review_report(
            review, user=approver, results={}, notes={}, decision="save", version=trip.version
        )
    assert client.get(url).status_code == 200


def test_a_review_page_without_a_review_and_an_upload_in_the_wrong_state(client, editor, customs):
    trip = make_plan(editor, customs)
    client.force_login(editor)
    assert client.get(reverse("meetings:trip-review", args=[trip.pk])).status_code == 302
    Trip.objects.filter(pk=trip.pk).update(status=S.PUBLISHED)
    upload(client, trip)
    assert not trip.reviews.exists()
    assert Trip.objects.get().status == S.PUBLISHED


def test_a_malformed_report_file_changes_nothing(client, editor, travelled, chinese_ui):
    client.force_login(editor)
    response = upload(client, travelled, data=b"just some words")
    assert response.status_code == 302
    assert "報告未匯入" in client.get(response.url).content.decode()
    travelled.refresh_from_db()
    assert travelled.status == S.REPORT_DUE and not travelled.reviews.exists()


def test_the_review_page_and_dashboard_queries_do_not_grow_with_rounds(
    client, editor, approver, customs
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.services.review import open_review_round

    trip = import_document(read_report(REPORT.read_bytes(), REPORT.name)).trip
    Trip.objects.filter(pk=trip.pk).update(created_by=editor)
    url = reverse("meetings:trip-review", args=[trip.pk])
    client.force_login(approver)

    def count(target):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        return len(captured)

    few = [count(url), count("/")]
    for _ in range(4):
        ReportReview.objects.filter(trip=trip).update(decision="returned")
        open_review_round(trip)
    assert [count(url), count("/")] == few
