"""Text extraction from uploaded report files (plain text, DOCX, PDF).

The file type is decided by content (``%PDF`` header, a ZIP holding
``word/document.xml``) before the extension.  Any failure is raised as
:class:`ReportError` with a message for the user.
"""

import codecs
import io
import unicodedata
import zipfile

from django.utils.translation import gettext_lazy as _

from .errors import ReportError
from .normalize import glue, strip_control

MAX_REPORT_BYTES = 20 * 1024 * 1024
TEXT_EXTENSIONS = (".txt", ".text")
ACCEPTED_EXTENSIONS = (*TEXT_EXTENSIONS, ".docx", ".pdf")
_LEGACY_ENCODINGS = ("cp950", "big5hkscs", "gb18030")


def extract_text(data: bytes, filename: str) -> str:
    """Return the text of a report file given as bytes."""
    if not data:
        raise ReportError(_("The file is empty."))
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(_("The file is larger than 20 MB."))
    kind = _detect_kind(data, filename or "")
    if kind == "pdf":
        text = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    else:
        text = _plain_text(data)
    text = strip_control(text)
    if not text.strip():
        raise ReportError(_("The file contains no text."))
    return text


def _extension(filename):
    name = filename.lower().strip()
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


def _detect_kind(data, filename):
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return "docx"
        raise ReportError(_("The file is a ZIP archive but not a Word (.docx) document."))
    ext = _extension(filename)
    if ext == ".pdf":
        raise ReportError(_("The file is not a valid PDF document."))
    if ext == ".docx":
        raise ReportError(_("The file is not a valid Word (.docx) document."))
    if ext == ".doc":
        raise ReportError(_("Old Word (.doc) files are not supported; save the report as .docx."))
    if ext not in TEXT_EXTENSIONS:
        raise ReportError(_("Unsupported file type; upload a .txt, .docx or .pdf report."))
    return "text"


def _is_docx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _plain_text(data):
    for text in _candidates(data):
        if _looks_like_text(text):
            return text
    raise ReportError(_("The file is in a wrong encoding or not a text file."))


def _candidates(data):
    if data.startswith(codecs.BOM_UTF8):
        yield from _decode(data[3:], "utf-8")
        return
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from _decode(data, "utf-16")
        return
    yield from _decode(data, "utf-8")
    for encoding in _LEGACY_ENCODINGS:
        yield from _decode(data, encoding)
    yield from _charset_normalizer(data)


def _decode(data, encoding):
    try:
        yield data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return


def _charset_normalizer(data):
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a detector failure only means "unknown"
        return
    if best is not None:
        yield str(best)


def _looks_like_text(text):
    """Reject decodings that are mostly control characters or unassigned code points."""
    if not text.strip():
        return False
    sample = text[:20000]
    bad = 0
    for ch in sample:
        if ch in "\n\r\t\f":
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cn", "Co", "Cs") or ch == "\ufffd":
            bad += 1
    if bad > max(2, len(sample) // 100):
        return False
    return _plausible_script(sample)


def _plausible_script(sample):
    """Mostly CJK, Latin, digits, punctuation and space; not a random mix of scripts."""
    good = 0
    for ch in sample:
        code = ord(ch)
        if (
            code < 0x250
            or 0x2000 <= code <= 0x206F
            or 0x2460 <= code <= 0x27BF
            or 0x3000 <= code <= 0x303F
            or 0x4E00 <= code <= 0x9FFF
            or 0xFF00 <= code <= 0xFFEF
            or 0x3100 <= code <= 0x312F
        ):
            good += 1
    return good >= 0.9 * len(sample)


def _docx_text(data):
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document))
    except ReportError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types
        raise ReportError(_("The Word document could not be read.")) from exc


def _docx_blocks(document):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(block, document).text
        elif tag == "tbl":
            yield ""
            for row in Table(block, document).rows:
                yield "\t".join(_row_texts(row))
            yield ""


def _row_texts(row):
    """The cells of a table row in order: a cell merged across columns once, a cell
    merged down from the row above (出國人員 beside each traveller) empty."""
    from docx.table import _Cell

    for tc in row._tr.tc_lst:
        if tc.vMerge == "continue":
            yield ""
        else:
            yield _cell_text(_Cell(tc, row))


def _cell_text(cell):
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


# Kangxi radicals (U+2F00–U+2FD5) and CJK radical supplements that PDF fonts map
# ideographs to (⾏ for 行, ⽇ for 日): folded back to the ideographs; ∕ for /.
_RADICALS = (
    {
        code: unicodedata.normalize("NFKC", chr(code))
        for code in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6))
        if unicodedata.normalize("NFKC", chr(code)) != chr(code)
    }
    | {
        0x2215: "/",  # DIVISION SLASH, which PDF fonts give for ／ and /
    }
    | {
        ord(radical): ideograph
        for radical, ideograph in zip(
            "⺠⻑⻄⻝⻘⻩⻤⻆⻈⻋⻗⻙⻚⻛⻣⻥⻦⻧⻨⻪⻬⻮⻯⻱",
            "民長西食青黃鬼角言車雨韋頁風骨魚鳥鹵麥黽齊齒龍龜",
            strict=True,
        )
    }
)


def _pdf_page_text(page):
    """The text of a PDF page; a ruled table is read cell by cell, one row a line with
    its cells separated by tabs (as from a Word table), in its place among the lines."""
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    pieces = [(line["top"], line["text"]) for line in outside.extract_text_lines()]
    for table in tables:
        rows = table.extract()
        text = "\n".join("\t".join(_pdf_cell(cell) for cell in row) for row in rows)
        pieces.append((table.bbox[1], "\n" + text + "\n"))
    pieces.sort(key=lambda piece: piece[0])
    return "\n".join(text for _top, text in pieces)


def _pdf_cell(cell):
    """A table cell's text, its wrapped lines joined (no space between CJK characters)."""
    text = ""
    for line in (cell or "").split("\n"):
        line = line.strip()
        if line:
            text = glue(text, line) if text else line
    return text


def _pdf_text(data):
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_pdf_page_text(page) for page in pdf.pages]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types
        raise ReportError(_("The PDF document could not be read.")) from exc
    if not "".join(pages).strip():
        raise ReportError(
            _("The PDF is a scanned document without a text layer; run OCR on it first.")
        )
    return "\f".join(pages).translate(_RADICALS)
