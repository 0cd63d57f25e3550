"""Import of 出國報告 (overseas trip reports) into trip documents (``trip-document/1``)."""

from .document import SCHEMA, empty_document, validate_document
from .errors import ReportError
from .extract import MAX_REPORT_BYTES, extract_text
from .parser import parse_report, read_report

__all__ = [
    "MAX_REPORT_BYTES",
    "SCHEMA",
    "ReportError",
    "empty_document",
    "extract_text",
    "parse_report",
    "read_report",
    "validate_document",
]
