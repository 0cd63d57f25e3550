"""Uploaded files are checked by size and by content, not by their extension."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from meetings.models import Attachment, FollowUp, FollowUpEvent, Trip
from portal.uploads import detect_kind, validate_upload

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def office(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        folder = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
        archive.writestr(folder, "<x/>")
    return buffer.getvalue()


def docx_real():
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("出國報告")
    document.save(buffer)
    return buffer.getvalue()


def odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (30 * 1024 * 1024))
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "pdf"),
        ("photo.png", PNG, "png"),
        ("photo.JPG", JPEG, "jpeg"),
        ("anim.gif", GIF, "gif"),
        ("report.docx", None, "docx"),
        ("budget.xlsx", office("xlsx"), "xlsx"),
        ("minutes.odt", odt(), "odt"),
        ("notes.txt", "出國報告 UTF-8".encode(), "text"),
        ("notes.txt", "出國報告 Big5".encode("big5"), "text"),
    ],
)
def test_real_files_are_accepted(name, content, kind):
    content = docx_real() if content is None else content
    file = upload(name, content)
    assert detect_kind(file) == kind
    validate_upload(file)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE),  # a program renamed .pdf
        ("report.pdf", HTML),  # a web page renamed .pdf
        ("report.txt", HTML),  # a web page renamed .txt
        ("report.docx", PDF),  # a real PDF with the wrong extension
        ("report.pdf", office("docx")),
        ("report.docx", b"PK\x03\x04 not really a zip"),
        ("photo.png", JPEG),
        ("notes.txt", b"\x00\x01\x02binary"),
    ],
)
def test_disguised_files_are_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content))
    assert caught.value.code == "content_mismatch"
    assert "does not match" in str(caught.value.messages[0])


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "script.js", "noextension"])
def test_unknown_extensions_are_refused(name):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, PDF))
    assert caught.value.code == "bad_extension"


def test_oversize_file_is_refused():
    with override_settings(MAX_UPLOAD_BYTES=1024), pytest.raises(ValidationError) as caught:
        validate_upload(upload("report.pdf", PDF + b"0" * 2048))
    assert caught.value.code == "too_large"
    assert "larger than" in caught.value.messages[0]


def test_zip_bomb_is_refused():
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("report.docx", bomb))
    assert caught.value.code == "zip_bomb"


def test_every_file_field_carries_the_validator():
    fields = [
        Trip._meta.get_field("source_file"),
        Attachment._meta.get_field("file"),
        FollowUp._meta.get_field("outcome_file"),
        FollowUpEvent._meta.get_field("file"),
    ]
    for field in fields:
        assert validate_upload in field.validators, field


def test_admin_refuses_a_disguised_evidence_file(client, editor, open_trip, settings, tmp_path):
    from .html_forms import form_values

    settings.MEDIA_ROOT = tmp_path
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    client.force_login(editor)
    url = reverse("admin:meetings_followup_change", args=[follow_up.pk])
    data = form_values(client.get(url).content, "followup_form")
    data["outcome_file"] = upload("evidence.pdf", EXE)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "does not match" in response.content.decode()
    assert not list(tmp_path.rglob("*.pdf"))

    data["outcome_file"] = upload("evidence.pdf", PDF)
    response = client.post(url, data)
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.outcome_file.name.startswith("evidence/")
