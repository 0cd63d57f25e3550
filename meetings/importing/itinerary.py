"""The day-by-day itinerary (行程表) of a report, and the `itinerary` key of the trip
document.

A report's itinerary is the body of a top-level section whose heading names it
(貳、行程, 貳、考察行程, 第二章 考察行程): one line per day, as a list item
(``一、12月4日：搭機抵達曼谷。``), a plain line (``3月10日 臺北－新加坡``) or a
tab-separated table row (``3月13日<TAB>臺北－新加坡<TAB>啟程``, after a header row).
A date without a year takes the trip's year (the next year when the month is before
the trip's start month: a trip over New Year). Each dated line is one segment: its
places (``臺北－新加坡`` is from Taipei to Singapore; a single place is where the
day is spent) and what happens that day. Reports state no times, hotels or flights;
those keys stay null until someone fills them in on the plan.

Each entry of `itinerary`: ``date`` (ISO), ``origin``, ``destination``, ``transport``,
``departure_time`` and ``arrival_time`` (``HH:MM``, local), ``departure_zone`` and
``arrival_zone`` (IANA names such as ``Asia/Taipei``), ``hotel``, ``activity``.
"""

import re
from zoneinfo import available_timezones

from django.utils.translation import gettext_lazy as _

from .dates import find_dates
from .errors import ReportError
from .normalize import fold_digits

FIELDS = (
    "date",
    "origin",
    "destination",
    "transport",
    "departure_time",
    "departure_zone",
    "arrival_time",
    "arrival_zone",
    "hotel",
    "activity",
)
HEADING_RE = re.compile(r"行程")
_MARKER_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])\s*"
)
_PLACES_RE = re.compile(
    r"^(?P<a>[^\s－—–\-→~～]{1,20})\s*[－—–\-→~～]\s*(?P<b>[^\s－—–\-→~～]{1,20})$"
)
_SEPARATOR_RE = re.compile(r"^[\s：:，,、]+")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _empty(day):
    entry = dict.fromkeys(FIELDS)
    entry["date"] = day.isoformat()
    return entry


def _places(entry, text):
    m = _PLACES_RE.match(text)
    if m:
        entry["origin"], entry["destination"] = m.group("a"), m.group("b")
        return True
    return False


def _line_entry(line, year, start_month):
    """The segment a line states, or None when it starts with no date."""
    text = fold_digits(_MARKER_RE.sub("", line, count=1))
    found = find_dates(text, year)
    if not found or found[0][1] != 0:
        return None
    day, _start, end = found[0]
    if start_month and year and day.year == year and day.month < start_month:
        day = day.replace(year=year + 1)
    entry = _empty(day)
    rest = text[end:]
    cells = [c.strip() for c in rest.split("\t") if c.strip()]
    if len(cells) >= 2:
        if not _places(entry, cells[0]):
            entry["destination"] = cells[0]
        entry["activity"] = " ".join(cells[1:])
        return entry
    rest = _SEPARATOR_RE.sub("", rest).strip()
    if rest and not _places(entry, rest):
        entry["activity"] = rest
    return entry


def parse_itinerary(doc):
    """The itinerary stated in a parsed document's sections (a list, maybe empty)."""
    year = int(doc["start_date"][:4]) if doc.get("start_date") else None
    start_month = int(doc["start_date"][5:7]) if doc.get("start_date") else None
    entries = []
    for section in doc.get("sections") or []:
        if not HEADING_RE.search(section.get("heading") or ""):
            continue
        for line in (section.get("body") or "").splitlines():
            entry = _line_entry(line, year, start_month)
            if entry is not None:
                entries.append(entry)
            elif entries and line.strip() and not _MARKER_RE.match(line):
                # A wrapped line continues the day before it.
                previous = entries[-1]
                previous["activity"] = " ".join(
                    x for x in (previous["activity"], line.strip()) if x
                )
    return entries


def _fail(message):
    raise ReportError(message, field="itinerary")


def validate_itinerary(value):
    """A normalised copy of a document's `itinerary`; raise ReportError when malformed."""
    from .document import _date, _text

    if value is None:
        return []
    if not isinstance(value, list):
        _fail(_("This value must be a list."))
    zones = None
    out = []
    for entry in value:
        if not isinstance(entry, dict):
            _fail(_("Each entry must be an object."))
        item = {name: _text(entry.get(name), "itinerary") for name in FIELDS}
        item["date"] = _date(entry.get("date"), "itinerary")
        if not item["date"]:
            _fail(_("Each itinerary entry needs its date."))
        for name in ("departure_time", "arrival_time"):
            if item[name] is not None and not _TIME_RE.match(item[name]):
                _fail(_("Times must be written as HH:MM (24 hours)."))
        for name in ("departure_zone", "arrival_zone"):
            if item[name] is not None:
                zones = zones or available_timezones()
                if item[name] not in zones:
                    _fail(_("Unknown time zone; write e.g. Asia/Taipei."))
        out.append(item)
    return out
