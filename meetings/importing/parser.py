"""Parse the text of a 出國報告 into a trip document (``trip-document/1``).

The parser runs named stages, each a module of this package (see README.md):

1. extract (:mod:`.extract`) — the text of a TXT, DOCX or PDF file;
2. clean (:mod:`.normalize`) — footers, form feeds, TOC leaders and hard wraps;
3. segment (:mod:`.structure`) — front matter, 目錄 and body sections with their
   numbered item trees;
4. fields (:mod:`.labels`) — the label grammar of the cover and 提要, read by
   :mod:`.front` into the trip's own fields;
5. people (:mod:`.people`) — travellers from lines, tables and cover blocks;
6. meetings (:mod:`.meetings`) — meetings with their fields in any numbering;
7. lists (:mod:`.lists`) — purposes, follow-ups, lessons and attachments.

A value the report does not state is left ``None`` or ``[]``; how each value
was found is recorded on request (:mod:`.provenance`).
"""

import re

from django.utils.translation import gettext_lazy as _

from . import lists
from . import provenance as how
from .acronyms import meeting_acronym
from .document import empty_document, validate_document
from .errors import ReportError
from .front import FrontReader
from .labels import expand_combined_labels, find_labels, untab_labels
from .meetings import MeetingReader
from .normalize import clean_lines, strip_control
from .structure import build_tree, section_kind, split_sections

_MARKERS_RE = re.compile(
    r"出\s*國\s*報\s*告|出\s*國\s*人|出\s*國\s*期\s*間|報\s*告\s*日\s*期|出\s*國\s*類\s*別"
    r"|出\s*國\s*地\s*區|派\s*赴\s*國\s*家|報\s*告\s*名\s*稱"
)


def parse_report(text: str, provenance: dict | None = None) -> dict:
    """Parse the text of a trip report into a trip document.

    When a dict is given as ``provenance`` it is filled with how each field was
    found (see :mod:`.provenance`); the document itself is the same either way.
    """
    if not isinstance(text, str):
        raise ReportError(_("The report text is not a string."))
    try:
        parser = _Parser(strip_control(text))
        doc = parser.parse()
        if provenance is not None:
            how.complete(doc, parser.how, provenance)
        return doc
    except ReportError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ReportError(_("The report could not be parsed.")) from exc


def read_report(data: bytes, filename: str, provenance: dict | None = None) -> dict:
    """Extract the text of an uploaded report file and parse it."""
    from .extract import extract_text

    return parse_report(extract_text(data, filename), provenance=provenance)


class _Parser:
    def __init__(self, text):
        self.lines = clean_lines(text)
        self.year = None
        self.how = {}

    def parse(self):
        if not _MARKERS_RE.search("\n".join(self.lines[:400])):
            raise ReportError(
                _(
                    "This text is not a trip report: it has no title, 出國報告, 出國人, "
                    "出國期間 or 報告日期."
                )
            )
        front, sections = split_sections(self.lines)
        front = untab_labels(expand_combined_labels(front))
        labels = find_labels(front)
        doc = empty_document()
        reader = FrontReader()
        reader.read(doc, front, labels)
        self.year = reader.year
        self.how.update(reader.how)
        self._body(doc, sections)
        if doc["attachments"] and doc["has_attachments"] is None:
            doc["has_attachments"] = True
        return validate_document(doc)

    def _body(self, doc, sections):
        doc["sections"] = [{"heading": s.heading, "body": s.body()} for s in sections]
        trees = [(s, section_kind(s.title), build_tree(s.lines)) for s in sections]
        for section, kind, tree in trees:
            if kind == "purposes":
                doc["purposes"].extend(lists.titled_items(tree))
            elif kind == "lessons":
                doc["lessons"].extend(lists.lessons(section.title, tree))
            elif kind == "attachments":
                doc["attachments"].extend(lists.attachments(tree))
            elif kind == "follow_ups":
                doc["follow_ups"].extend(lists.follow_ups(tree, self.year))
        doc["meetings"] = MeetingReader(self.year).read(doc, trees)
        for index, meeting in enumerate(doc["meetings"]):
            meeting["acronym"] = meeting_acronym(meeting["title"], meeting["title_en"])
            for name, found in meeting.pop("_how").items():
                self.how[f"meetings.{index}.{name}"] = found
        for _section, kind, tree in trees:
            if kind in ("minutes", "agenda"):
                for node in tree.walk():
                    if lists.is_follow_node(node):
                        doc["follow_ups"].extend(lists.follow_ups(node, self.year))
                    else:
                        doc["follow_ups"].extend(lists.labelled_follow_ups(node, self.year))
        lists.own_agency(doc["follow_ups"], doc["agency"])


__all__ = ["parse_report", "read_report"]
