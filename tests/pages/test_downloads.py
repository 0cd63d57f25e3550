"""Report files and attachments are served through Django, to those who may see the trip."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings.models import Attachment, Trip

from ..factories import make_trip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def secret_trip(customs):
    trip = make_trip(customs, title="機密會談", access=Trip.Access.RESTRICTED)
    trip.source_file.save("報告.pdf", ContentFile(b"%PDF-1.4 report"), save=True)
    return trip


@pytest.fixture
def attachment(secret_trip):
    item = Attachment.objects.create(trip=secret_trip, number=1, title="議程")
    item.file.save("agenda.docx", ContentFile(b"PK docx"), save=True)
    return item


def body(response):
    return b"".join(response.streaming_content)


def test_agency_staff_download_the_report(client_for, viewer, secret_trip):
    response = client_for(viewer).get(reverse("meetings:trip-source", args=[secret_trip.pk]))
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 report"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E5%A0%B1%E5%91%8A.pdf" in disposition


def test_agency_staff_download_an_attachment(client_for, viewer, attachment):
    response = client_for(viewer).get(reverse("meetings:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert body(response) == b"PK docx"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response.close()
    assert 'filename="agenda.docx"' in response["Content-Disposition"]


def test_trip_page_links_the_downloads(client_for, viewer, attachment, secret_trip):
    html = client_for(viewer).get(secret_trip.get_absolute_url()).content.decode()
    assert reverse("meetings:attachment-download", args=[attachment.pk]) in html
    assert reverse("meetings:trip-source", args=[secret_trip.pk]) in html
    assert "/files/" not in html  # never a public media URL


def test_other_agency_gets_404(client_for, other_editor, attachment, secret_trip):
    client = client_for(other_editor)
    assert client.get(reverse("meetings:trip-source", args=[secret_trip.pk])).status_code == 404
    url = reverse("meetings:attachment-download", args=[attachment.pk])
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, attachment, secret_trip):
    for url in (
        reverse("meetings:trip-source", args=[secret_trip.pk]),
        reverse("meetings:attachment-download", args=[attachment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_missing_file_is_404(client_for, viewer, open_trip):
    client = client_for(viewer)
    no_file = Attachment.objects.create(trip=open_trip, number=1, title="紙本")
    assert client.get(reverse("meetings:attachment-download", args=[no_file.pk])).status_code == 404
    assert client.get(reverse("meetings:trip-source", args=[open_trip.pk])).status_code == 404
    gone = Attachment.objects.create(
        trip=open_trip, number=2, title="遺失", file="attachments/x.pdf"
    )
    assert client.get(reverse("meetings:attachment-download", args=[gone.pk])).status_code == 404


def test_unsafe_types_are_sent_as_octet_stream(client_for, viewer, open_trip):
    item = Attachment.objects.create(trip=open_trip, number=1, title="網頁")
    item.file.save("page.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    response = client_for(viewer).get(reverse("meetings:attachment-download", args=[item.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    response.close()


def test_post_is_refused(client_for, viewer, attachment):
    url = reverse("meetings:attachment-download", args=[attachment.pk])
    assert client_for(viewer).post(url).status_code == 405
