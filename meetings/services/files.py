"""Read uploaded files into trip documents: reports (.txt, .docx, .pdf) and JSON."""

import json
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext_lazy as _

from ..importing import MAX_REPORT_BYTES, ReportError, extract_text, parse_report

REPORT_SUFFIXES = (".txt", ".docx", ".pdf")
ACCEPTED_SUFFIXES = (*REPORT_SUFFIXES, ".json")


@dataclass
class TripFile:
    """One trip read from a file: its document, or the reason it could not be read."""

    label: str
    document: dict | None = None
    source: tuple | None = None
    text: str = ""
    error: ReportError | None = None
    # How the parser found each field (importing.provenance); empty for JSON documents.
    provenance: dict = field(default_factory=dict)


def read_trip_files(data: bytes, filename: str) -> list:
    """The trips in an uploaded file: one per report, one per document of a JSON file."""
    name = PurePath(filename or "").name
    if len(data) > MAX_REPORT_BYTES:
        return [TripFile(name, error=ReportError(_("The file is larger than 20 MB.")))]
    if name.lower().endswith(".json"):
        return _json_documents(data, name)
    try:
        text = extract_text(data, name)
        provenance = {}
        document = parse_report(text, provenance=provenance)
    except ReportError as err:
        return [TripFile(name, error=err)]
    return [TripFile(name, document, (name, data), text, provenance=provenance)]


def _json_documents(data, name):
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [TripFile(name, error=ReportError(_("The JSON file is not UTF-8 text.")))]
    except RecursionError:
        message = _("The JSON file is nested too deeply to be a trip document.")
        return [TripFile(name, error=ReportError(message))]
    except ValueError as exc:
        message = _("The file is not valid JSON (line %(line)d).") % {
            "line": getattr(exc, "lineno", 0)
        }
        return [TripFile(name, error=ReportError(message))]
    documents = value if isinstance(value, list) else [value]
    if not documents:
        return [TripFile(name, error=ReportError(_("The JSON file holds no trip document.")))]
    if len(documents) == 1:
        return [TripFile(name, documents[0])]
    return [TripFile(f"{name} #{i}", doc) for i, doc in enumerate(documents, 1)]
