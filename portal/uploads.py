"""Checks for uploaded files: size, and type recognised from the content itself.

The extension of a file name says nothing about what a file holds, so the type is
read from its first bytes (and, for the zip-based office formats, from the names
inside the archive). A file is accepted only when its content is one of the kinds
below AND its extension belongs to that kind: an .exe or an HTML page renamed
report.pdf is refused, and so is a real PDF renamed report.docx.
"""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Kind → extensions it may carry.
EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "pptx": {".pptx"},
    "odt": {".odt"},
    "ods": {".ods"},
    "odp": {".odp"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "gif": {".gif"},
    "text": {".txt", ".csv", ".md"},
}
ALLOWED_EXTENSIONS = sorted(ext for exts in EXTENSIONS.values() for ext in exts)

OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# An archive that unpacks to more than this, or far more than its own size, is
# refused: office files are never like that, zip bombs are.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_UNPACK_RATIO = 100
TEXT_ENCODINGS = ("utf-8", "big5", "cp950")


def _read_all(file):
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _zip_kind(file):
    """docx/xlsx/pptx/odt/ods/odp for a well-formed office archive, else None."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_UNPACK_RATIO:
                raise ValidationError(
                    _("The archive unpacks to far more than its size; it is refused."),
                    code="zip_bomb",
                )
            names = {info.filename for info in infos}
            if "[Content_Types].xml" in names:
                for kind, folder in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
                return None
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODF_MIMETYPES.get(mimetype)
            return None
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    finally:
        file.seek(0)


def _is_text(data):
    if b"\x00" in data:
        return False
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")):
        return False
    for encoding in TEXT_ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect_kind(file):
    """The kind of content of `file` (a key of EXTENSIONS) or None if not allowed."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if isinstance(head, str):
        head = head.encode("utf-8")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if _is_text(_read_all(file)):
        return "text"
    return None


def validate_upload(value):
    """Model-field validator: size limit and content type matching the extension."""
    if isinstance(value, FieldFile) and getattr(value, "_committed", True):
        # Already stored (it was checked when it was uploaded): nothing new to check.
        return
    size = getattr(value, "size", None)
    if size is not None and size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)},
        )
    extension = PurePath(value.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Accepted types: %(allowed)s."),
            code="bad_extension",
            params={"extension": extension or "?", "allowed": ", ".join(ALLOWED_EXTENSIONS)},
        )
    kind = detect_kind(value)
    if kind is None or extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "The content of this file does not match its “%(extension)s” extension. "
                "Upload the original document."
            ),
            code="content_mismatch",
            params={"extension": extension},
        )
