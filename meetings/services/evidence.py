"""Checks on evidence files uploaded with a follow-up's outcome.

The type is decided by the file's content, not by its name or the browser's
claim: a renamed executable is refused whatever it is called.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Content kind → file name endings accepted for it.
ALLOWED_ENDINGS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "gif": {".gif"},
    "text": {".txt", ".csv", ".md"},
}


def _zip_kind(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def content_kind(upload):
    """The kind of file by its first bytes (and its zip directory for Office files)."""
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        upload.seek(0)
        return kind
    if head and _looks_like_text(head):
        return "text"
    return None


def check_evidence_file(upload):
    """Refuse a file over the size limit or of a type not accepted as evidence."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
    kind = content_kind(upload)
    name = (upload.name or "").lower()
    if kind is None or not any(name.endswith(end) for end in ALLOWED_ENDINGS[kind]):
        raise ValidationError(
            _(
                "This type of file is not accepted. Upload a PDF, Word (DOCX), "
                "Excel (XLSX), image (PNG, JPEG, GIF) or plain text file."
            ),
            code="bad_type",
        )
    return upload
