"""Front stage: the trip's own fields, read from the cover and the 提要 sheet.

The label grammar itself is :mod:`.labels` (the fields stage); this module
turns the values found under each label into the document's title, dates,
category (tick boxes ■□ included), agency, contact, travellers (through
:mod:`.people`), destinations, pages, attachments flag, keywords and summary,
and records how each was found (:mod:`.provenance`).
"""

import re

from . import people
from . import provenance as how
from .countries import merge_destinations, split_destinations
from .dates import parse_date, parse_range
from .document import SCHEMA
from .normalize import fold

CATEGORIES = (
    ("study_tour", ("考察",)),
    ("inspection", ("視察",)),
    ("visit", ("訪問",)),
    ("meeting", ("開會", "國際會議", "會議")),
    ("negotiation", ("談判",)),
    ("advanced_study", ("進修",)),
    ("research", ("研究",)),
    ("training", ("研習", "實習", "訓練", "培訓")),
    ("other", ("其他",)),
)
_TICK = "■☑☒✓✔√VvＶ●◼▣"
_TICK_RE = re.compile(rf"[{_TICK}]\s*\d*\s*([\u4e00-\u9fff]+)")
_UNTICKED_RE = re.compile(r"[□☐○]")
_OTHER_KIND_RE = re.compile(r"其他\s*[（(]\s*([^)）]+?)\s*[)）]")


class FrontReader:
    """Reads the front matter; afterwards ``year`` is the trip's year and ``how``
    the provenance of the fields it set."""

    def __init__(self):
        self.year = None
        self.how = {}
        self.traveler_how = how.LABEL

    def read(self, doc, front, labels):
        self._header(doc, front, labels)

    def _header(self, doc, front, labels):
        def first(key):
            for value in labels.get(key, []):
                if value:
                    return value
            return []

        doc["schema"] = SCHEMA
        doc["title"] = " ".join(first("title")) or self._cover_title(front)
        for key, label in (
            ("title", "title"),
            ("category", "category"),
            ("agency", "agency"),
            ("destinations", "region"),
            ("contact", "contact"),
            ("summary", "summary"),
            ("keywords", "keywords"),
            ("pages", "pages"),
        ):
            if first(label):
                self.how[key] = how.LABEL
        doc["plan_name"] = " ".join(first("plan_name")) or None
        doc["system_id"] = " ".join(first("system_id")) or None
        doc["agency"] = (first("agency") or [None])[0]
        self._dates(doc, labels)
        doc["category"] = self._category(labels.get("category", []))
        doc["contact"] = people.parse_contact(first("contact"))
        phone = first("phone")
        if doc["contact"]["phone"] is None and phone:
            doc["contact"]["phone"] = phone[0]
        doc["travelers"] = self._travelers(front, labels)
        for index in range(len(doc["travelers"])):
            for name in how.TRAVELER_FIELDS:
                self.how[f"travelers.{index}.{name}"] = self.traveler_how
        if not doc["agency"] and doc["travelers"] and doc["travelers"][0]["agency"]:
            # No 主辦機關 / 服務機關 label: the agency of the first traveller.
            doc["agency"] = doc["travelers"][0]["agency"]
            self.how["agency"] = how.INFERENCE
        for path in people.complete_agencies(doc["travelers"], doc["agency"]):
            self.how[path] = how.INFERENCE
        doc["destinations"] = merge_destinations(
            *(split_destinations(" ".join(value)) for value in labels.get("region", []))
        )
        doc["pages"] = self._pages(first("pages"))
        doc["has_attachments"] = self._yes_no(labels.get("attachments", []))
        doc["keywords"] = self._keywords(first("keywords"))
        summary = "\n".join(first("summary")).strip()
        # The form's own instruction: 內容摘要：（二百至三百字）
        summary = re.sub(r"^[（(][^）)\n]{0,12}字[）)]\s*", "", summary)
        doc["summary"] = summary or None

    def _cover_title(self, front):
        collected = []
        started = False
        for line in front:
            if re.search(r"出國報告", line) and len(line) < 40 and not collected:
                started = True
                continue
            if not started:
                continue
            if not line:
                if collected:
                    break
                continue
            if re.match(r"^[（(]?\s*出\s*國\s*類\s*別", line):
                continue
            if re.search(r"[：:]", line):
                break
            collected.append(line)
        title = "".join(collected).strip()
        return title or None

    def _dates(self, doc, labels):
        report_dates = [parse_date(" ".join(v)) for v in labels.get("report_date", [])]
        report = next((d for d in report_dates if d), None)
        start = end = None
        for value in labels.get("period", []):
            start, end = parse_range(" ".join(value), report.year if report else None)
            if start:
                # A year-less period takes the year of the report date.
                stated = parse_range(" ".join(value))[0] is not None
                self.how["start_date"] = self.how["end_date"] = how.LABEL if stated else how.DEFAULT
                break
        if report:
            self.how["report_date"] = how.LABEL
        self.year = start.year if start else (report.year if report else None)
        doc["start_date"] = start.isoformat() if start else None
        doc["end_date"] = end.isoformat() if end else None
        doc["report_date"] = report.isoformat() if report else None

    def _category(self, values):
        for value in values:
            category = _category_of(" ".join(value))
            if category:
                return category
        return None

    def _travelers(self, front, labels):
        self.traveler_how = how.TABLE
        for value in labels.get("travelers", []):
            table = people.find_table(value)
            if table:
                return table
            found = people.parse_people_lines(value)
            if found and len(found) >= sum(1 for line in value if line.strip()):
                self.traveler_how = how.LABEL
                return found
        table = people.find_table(front)
        if table:
            return table
        self.traveler_how = how.LABEL
        for key in ("travelers", "names"):
            for value in labels.get(key, []):
                found = people.parse_people_lines(value)
                if found:
                    return found
        return []

    @staticmethod
    def _pages(value):
        m = re.search(r"\d+", fold(" ".join(value)))
        return int(m.group()) if m else None

    @staticmethod
    def _yes_no(values):
        for value in values:
            text = fold(" ".join(value))
            ticked = re.search(rf"[{_TICK}]\s*(是|否|有|無)", text)
            if ticked:
                return ticked.group(1) in ("是", "有")
            bare = re.sub(r"[\s□☐]", "", text)
            if bare in ("是", "有"):
                return True
            if bare in ("否", "無"):
                return False
        return None

    @staticmethod
    def _keywords(value):
        text = " ".join(value).strip().rstrip("。.")
        if not text:
            return []
        parts = re.split(r"[、，,；;]|\s{2,}", text)
        return [p.strip().rstrip("。.") for p in parts if p.strip().rstrip("。.")]


def _category_of(text):
    text = fold(text)
    m = _OTHER_KIND_RE.search(text)
    if m and not _UNTICKED_RE.search(text[: m.start()][-2:]):
        inner = _category_words(m.group(1))
        if inner:
            return inner[0]
    ticked = _TICK_RE.findall(text)
    if ticked:
        found = _category_words(" ".join(ticked))
        return found[0] if found else None
    if _UNTICKED_RE.search(text):
        return None
    words = _category_words(text)
    if len(words) == 1:
        return words[0]
    return None


def _category_words(text):
    found = []
    for key, words in CATEGORIES:
        positions = [text.find(w) for w in words if w in text]
        if positions:
            found.append((min(positions), key))
    return [key for _, key in sorted(found)]
