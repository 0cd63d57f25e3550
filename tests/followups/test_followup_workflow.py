"""Changing a follow-up's status from its page, and who may do it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from meetings.models import FollowUp, FollowUpEvent
from meetings.services.followups import version_of


def status_url(follow_up):
    return reverse("meetings:followup-status", args=[follow_up.pk])


def post_data(follow_up, **fields):
    return {"status": "in_progress", "note": "", "version": version_of(follow_up), **fields}


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_detail_shows_follow_up_and_form_for_editor(client_for, editor, my_follow_up):
    response = client_for(editor).get(reverse("meetings:followup-detail", args=[my_follow_up.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "回報 SCCP 會議結論" in html
    assert status_url(my_follow_up) in html
    assert 'name="version"' in html


def test_status_change_is_recorded_in_timeline(client_for, editor, my_follow_up):
    client = client_for(editor)
    response = client.post(
        status_url(my_follow_up), post_data(my_follow_up, note="已聯絡秘書處"), follow=True
    )
    assert response.status_code == 200
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.IN_PROGRESS
    event = FollowUpEvent.objects.get(follow_up=my_follow_up)
    assert (event.user, event.old_status, event.new_status, event.note) == (
        editor,
        "open",
        "in_progress",
        "已聯絡秘書處",
    )
    html = response.content.decode()
    assert "已聯絡秘書處" in html
    assert "李編輯" in html or "editor" in html


def test_note_is_required(client_for, editor, my_follow_up):
    response = client_for(editor).post(status_url(my_follow_up), post_data(my_follow_up))
    assert response.status_code == 400
    assert "Write a note saying what happened." in response.content.decode()
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.OPEN
    assert not FollowUpEvent.objects.exists()


def test_done_needs_an_outcome_and_keeps_the_note(client_for, editor, my_follow_up):
    response = client_for(editor).post(
        status_url(my_follow_up), post_data(my_follow_up, status="done", note="完成了")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A finished follow-up needs its outcome." in html
    assert "完成了" in html
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.OPEN


def test_done_with_outcome_and_evidence_file(client_for, editor, my_follow_up, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = docx_bytes()
    upload = SimpleUploadedFile("結果.docx", content)
    response = client_for(editor).post(
        status_url(my_follow_up),
        post_data(
            my_follow_up, status="done", note="已辦結", outcome="已函送秘書處", evidence=upload
        ),
    )
    assert response.status_code == 302
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.DONE
    assert my_follow_up.completed_on is not None
    assert my_follow_up.outcome == "已函送秘書處"
    assert my_follow_up.outcome_file.name.endswith(".docx")
    event = FollowUpEvent.objects.get()
    assert event.file.name == my_follow_up.outcome_file.name
    download = reverse("meetings:followup-evidence", args=[my_follow_up.pk, event.pk])
    client = client_for(editor)
    assert (
        download
        in client.get(reverse("meetings:followup-detail", args=[my_follow_up.pk])).content.decode()
    )
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    response.close()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00\x03 not really a pdf\x00\x00"),
        ("photo.png", b"%PDF-1.7 a pdf pretending to be a picture"),
        ("archive.zip", b"PK\x03\x04 not an office file"),
    ],
)
def test_evidence_of_wrong_type_is_refused(client_for, editor, my_follow_up, name, content):
    upload = SimpleUploadedFile(name, content)
    response = client_for(editor).post(
        status_url(my_follow_up),
        post_data(my_follow_up, status="done", note="附檔", outcome="結果", evidence=upload),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "does not match its" in page or "are not accepted" in page
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.OPEN


@override_settings(MAX_UPLOAD_BYTES=1024)
def test_evidence_too_large_is_refused(client_for, editor, my_follow_up):
    upload = SimpleUploadedFile("big.txt", b"a" * 2048)
    response = client_for(editor).post(
        status_url(my_follow_up),
        post_data(my_follow_up, status="done", note="附檔", outcome="結果", evidence=upload),
    )
    assert response.status_code == 400
    assert "The file is larger than" in response.content.decode()
    assert not FollowUpEvent.objects.exists()


def test_stale_edit_is_refused_and_input_kept(client_for, editor, my_follow_up):
    stale = version_of(my_follow_up)
    FollowUp.objects.filter(pk=my_follow_up.pk).update(description="別人改過")
    my_follow_up.refresh_from_db()
    my_follow_up.save()  # someone else saves: updated_at moves on
    response = client_for(editor).post(
        status_url(my_follow_up), post_data(my_follow_up, note="我的備註", version=stale)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone else changed this follow-up; review and try again." in html
    assert "我的備註" in html
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.OPEN
    assert not FollowUpEvent.objects.exists()
    # The form now carries the current version: trying again after review works.
    assert version_of(my_follow_up) in html


def test_viewer_reads_but_cannot_change(client_for, viewer, my_follow_up):
    client = client_for(viewer)
    page = client.get(reverse("meetings:followup-detail", args=[my_follow_up.pk]))
    assert page.status_code == 200
    assert status_url(my_follow_up) not in page.content.decode()
    response = client.post(status_url(my_follow_up), post_data(my_follow_up, note="x"))
    assert response.status_code == 403
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == FollowUp.Status.OPEN


def test_other_agency_editor_cannot_change(client_for, other_editor, my_follow_up):
    response = client_for(other_editor).post(
        status_url(my_follow_up), post_data(my_follow_up, note="x")
    )
    assert response.status_code == 403


def test_restricted_follow_up_is_404_for_other_agency(client_for, other_editor, restricted_trip):
    hidden = FollowUp.objects.create(trip=restricted_trip, description="機密事項")
    event = FollowUpEvent.objects.create(
        follow_up=hidden, new_status="open", note="n", file="evidence/2026/secret.pdf"
    )
    client = client_for(other_editor)
    evidence = reverse("meetings:followup-evidence", args=[hidden.pk, event.pk])
    assert client.get(evidence).status_code == 404
    assert client.get(reverse("meetings:followup-detail", args=[hidden.pk])).status_code == 404
    assert client.post(status_url(hidden), post_data(hidden, note="x")).status_code == 404


def test_anonymous_is_sent_to_login(client, my_follow_up):
    for url in [
        reverse("meetings:followup-list"),
        reverse("meetings:followup-detail", args=[my_follow_up.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = client.post(status_url(my_follow_up), {"note": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_get_on_status_endpoint_is_405(client_for, editor, my_follow_up):
    assert client_for(editor).get(status_url(my_follow_up)).status_code == 405


def test_list_filters_and_order(
    client_for, editor, my_follow_up, overdue_follow_up, others_follow_up
):
    client = client_for(editor)
    url = reverse("meetings:followup-list")
    everything = client.get(url).context["page_obj"].object_list
    assert list(everything) == [overdue_follow_up, others_follow_up, my_follow_up]
    assert list(client.get(url, {"overdue": "on"}).context["page_obj"].object_list) == [
        overdue_follow_up,
        others_follow_up,
    ]
    assert list(client.get(url, {"mine": "on"}).context["page_obj"].object_list) == [
        overdue_follow_up,
        my_follow_up,
    ]
    by_agency = client.get(url, {"owner_agency": others_follow_up.owner_agency_id})
    assert list(by_agency.context["page_obj"].object_list) == [others_follow_up]
    by_date = client.get(url, {"due_after": my_follow_up.due_date.isoformat()})
    assert list(by_date.context["page_obj"].object_list) == [my_follow_up]
    html = client.get(url, {"overdue": "on"}).content.decode()
    assert "badge--overdue" in html


def test_list_query_count_is_constant(
    client_for, editor, open_trip, editor_person, django_assert_max_num_queries
):
    client = client_for(editor)
    url = reverse("meetings:followup-list")

    def add(n):
        FollowUp.objects.bulk_create(
            FollowUp(trip=open_trip, description=f"事項 {i}", owner_person=editor_person)
            for i in range(n)
        )

    add(2)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_detail_query_count_is_constant(
    client_for, editor, my_follow_up, django_assert_max_num_queries
):
    from meetings.services.followups import change_status

    client = client_for(editor)
    url = reverse("meetings:followup-detail", args=[my_follow_up.pk])
    change_status(my_follow_up, user=None, status="in_progress", note="一")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(10):
        change_status(my_follow_up, user=None, status="open", note=f"n{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_owner_is_told_after_commit_when_someone_else_changes_it(
    client_for, administrator, my_follow_up, editor_person, django_capture_on_commit_callbacks
):
    from django.core import mail

    editor_person.email = "li@customs.example"
    editor_person.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_for(administrator).post(
            status_url(my_follow_up), post_data(my_follow_up, note="代為更新")
        )
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["li@customs.example"]]
    assert "回報 SCCP 會議結論" in mail.outbox[0].body


def test_owner_changing_own_follow_up_gets_no_mail(
    client_for, editor, my_follow_up, editor_person, django_capture_on_commit_callbacks
):
    from django.core import mail

    editor_person.email = "li@customs.example"
    editor_person.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(status_url(my_follow_up), post_data(my_follow_up, note="自己更新"))
    assert mail.outbox == []


def test_list_with_bad_filter_input_says_so(client_for, editor, my_follow_up):
    response = client_for(editor).get(
        reverse("meetings:followup-list"), {"due_after": "not-a-date", "status": "bogus"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "field-error" in html
    assert list(response.context["page_obj"].object_list) == [my_follow_up]
