"""The trip document interchange format (``trip-document/1``): keys and validation."""

import datetime
import re

from django.utils.translation import gettext_lazy as _

from .errors import ReportError
from .itinerary import validate_itinerary
from .normalize import strip_control

SCHEMA = "trip-document/1"
CATEGORIES = (
    "study_tour",
    "inspection",
    "visit",
    "meeting",
    "negotiation",
    "advanced_study",
    "research",
    "training",
    "other",
)
STATUSES = ("open", "in_progress", "done", "dropped")
RANKS = ("senior", "junior", "elementary", "other")
LESSON_KINDS = ("observation", "recommendation")
SCALARS = (
    "title",
    "category",
    "agency",
    "start_date",
    "end_date",
    "report_date",
    "pages",
    "has_attachments",
    "summary",
    "system_id",
    "plan_name",
)
LISTS = (
    "travelers",
    "destinations",
    "keywords",
    "purposes",
    "meetings",
    "follow_ups",
    "lessons",
    "attachments",
    "sections",
)
_ITEM_FIELDS = {
    "travelers": ("name", "title", "unit", "agency", "rank"),
    "destinations": ("country", "city"),
    "purposes": ("title", "body"),
    "follow_ups": ("description", "owner", "due_date", "status"),
    "lessons": ("title", "body", "kind"),
    "attachments": ("number", "title"),
    "sections": ("heading", "body"),
}
# The most entries one document may hold in each list (README, "Importing"); a
# document past them is refused before anything is read or written.
LIST_LIMITS = {
    "travelers": 200,
    "destinations": 100,
    "keywords": 200,
    "purposes": 100,
    "meetings": 200,
    "follow_ups": 500,
    "lessons": 500,
    "attachments": 500,
    "sections": 500,
}
# Per meeting: agenda items (at each level), minutes blocks, decisions and chairs.
MEETING_LIST_LIMIT = 500
# Extra keys kept only when a document states them (a JSON export writes them where
# they differ from what an import gives by default).
_OPTIONAL_ITEM_FIELDS = {"follow_ups": ("responsible_agency", "responsible_person")}
_MEETING_FIELDS = (
    "title",
    "title_en",
    "acronym",
    "start_date",
    "end_date",
    "location",
    "chairs",
    "agenda",
    "minutes",
    "decisions",
)


def empty_document():
    """A trip document in which nothing is stated."""
    doc = {"schema": SCHEMA}
    for key in SCALARS:
        doc[key] = None
    doc["contact"] = {"name": None, "title": None, "phone": None}
    for key in LISTS:
        doc[key] = []
    doc["itinerary"] = []  # an extra key (meetings/importing/itinerary.py)
    return doc


# Halves of UTF-16 surrogate pairs (as "\ud800" in JSON) cannot be stored or shown.
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def _fail(field, message):
    raise ReportError(message, field=field)


def _text(value, field, required=False):
    if value is None:
        if required:
            _fail(field, _("This value is required."))
        return None
    if not isinstance(value, str):
        _fail(field, _("This value must be text."))
    if _SURROGATE_RE.search(value):
        _fail(field, _("This value holds characters that are not valid text."))
    value = strip_control(value).strip()
    if required and not value:
        _fail(field, _("This value is required."))
    return value or None


def _date(value, field):
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        _fail(field, _("Dates must be written as YYYY-MM-DD."))
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        _fail(field, _("This date does not exist."))


def _int(value, field):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _fail(field, _("This value must be a whole number."))
    return value


def _bool(value, field):
    if value is None or isinstance(value, bool):
        return value
    _fail(field, _("This value must be true, false or null."))


def _list(value, field):
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(field, _("This value must be a list."))
    return value


def _limit(entries, field, limit):
    if len(entries) > limit:
        _fail(
            field,
            _("This list holds %(count)d entries; one trip document may hold at most %(max)d.")
            % {"count": len(entries), "max": limit},
        )


def _object(value, field):
    if not isinstance(value, dict):
        _fail(field, _("Each entry must be an object."))
    return value


def validate_document(doc):
    """Check a trip document and return a normalised copy; raise ReportError otherwise."""
    if not isinstance(doc, dict):
        raise ReportError(_("A trip document must be a JSON object."), field="schema")
    if doc.get("schema") != SCHEMA:
        _fail("schema", _("The document is not in the trip-document/1 format."))
    out = empty_document()
    out["title"] = _text(doc.get("title"), "title")
    out["agency"] = _text(doc.get("agency"), "agency")
    out["summary"] = _text(doc.get("summary"), "summary")
    out["system_id"] = _text(doc.get("system_id"), "system_id")
    out["plan_name"] = _text(doc.get("plan_name"), "plan_name")
    category = doc.get("category")
    if category is not None and category not in CATEGORIES:
        _fail("category", _("Unknown trip category."))
    out["category"] = category
    for key in ("start_date", "end_date", "report_date"):
        out[key] = _date(doc.get(key), key)
    if out["start_date"] and out["end_date"] and out["end_date"] < out["start_date"]:
        _fail("end_date", _("The trip ends before it starts."))
    out["pages"] = _int(doc.get("pages"), "pages")
    out["has_attachments"] = _bool(doc.get("has_attachments"), "has_attachments")
    contact = doc.get("contact") or {}
    _object(contact, "contact")
    out["contact"] = {k: _text(contact.get(k), "contact") for k in ("name", "title", "phone")}
    out["keywords"] = [
        k for k in (_text(v, "keywords") for v in _list(doc.get("keywords"), "keywords")) if k
    ]
    for key, fields in _ITEM_FIELDS.items():
        out[key] = [_item(key, entry, fields) for entry in _list(doc.get(key), key)]
    out["meetings"] = [_meeting(m) for m in _list(doc.get("meetings"), "meetings")]
    out["itinerary"] = validate_itinerary(doc.get("itinerary"))
    return out


def _item(key, entry, fields):
    _object(entry, key)
    item = {}
    for name in fields:
        value = entry.get(name)
        if name in ("due_date",):
            item[name] = _date(value, key)
        elif name == "number":
            item[name] = _int(value, key)
        else:
            item[name] = _text(value, key)
    for name in _OPTIONAL_ITEM_FIELDS.get(key, ()):
        if name in entry:
            item[name] = _text(entry[name], key)
    return _check_item(key, item)


def _check_item(key, item):
    if key == "destinations":
        country = item["country"]
        if country is not None:
            if not re.fullmatch(r"[A-Za-z]{2}", country):
                _fail(key, _("Countries must be ISO 3166-1 alpha-2 codes."))
            item["country"] = country.upper()
    elif key == "follow_ups":
        item["status"] = item["status"] or "open"
        if item["status"] not in STATUSES:
            _fail(key, _("Unknown follow-up status."))
        if not item["description"]:
            _fail(key, _("A follow-up needs a description."))
    elif key == "lessons":
        if item["kind"] is not None and item["kind"] not in LESSON_KINDS:
            _fail(key, _("Unknown lesson kind."))
    elif key == "travelers":
        if not item["name"]:
            _fail(key, _("A traveller needs a name."))
        if item["rank"] is not None and item["rank"] not in RANKS:
            _fail(key, _("Unknown rank grade (senior, junior, elementary or other)."))
    return item


def _meeting(entry):
    _object(entry, "meetings")
    out = {}
    for name in ("title", "title_en", "acronym", "location"):
        out[name] = _text(entry.get(name), "meetings")
    for name in ("start_date", "end_date"):
        out[name] = _date(entry.get(name), "meetings")
    out["chairs"] = [_text(c, "meetings") for c in _list(entry.get("chairs"), "meetings")]
    out["decisions"] = [_text(d, "meetings") for d in _list(entry.get("decisions"), "meetings")]
    out["agenda"] = [_agenda(a) for a in _list(entry.get("agenda"), "meetings")]
    out["minutes"] = [
        _item("meetings", m, ("title", "body")) for m in _list(entry.get("minutes"), "meetings")
    ]
    return {name: out[name] for name in _MEETING_FIELDS}


def _agenda(entry, depth=0):
    _object(entry, "meetings")
    if depth > 20:
        _fail("meetings", _("The agenda is nested too deeply."))
    return {
        "label": _text(entry.get("label"), "meetings"),
        "title": _text(entry.get("title"), "meetings"),
        "items": [_agenda(i, depth + 1) for i in _list(entry.get("items"), "meetings")],
    }


def check_importable(doc):
    """A validated document that may become a trip, or a ReportError naming the field.

    Without a title a report can be neither shown nor recognised when re-imported;
    past LIST_LIMITS (and MEETING_LIST_LIMIT within a meeting) a document is refused
    whole. The parser may return such documents; the import refuses them.
    """
    if not doc["title"]:
        _fail("title", _("The report states no title."))
    for key, limit in LIST_LIMITS.items():
        _limit(doc[key], key, limit)
    for meeting in doc["meetings"]:
        for key in ("chairs", "decisions", "agenda", "minutes"):
            _limit(meeting[key], "meetings", MEETING_LIST_LIMIT)
    return doc
