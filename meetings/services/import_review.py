"""What an editor checks before and after an import: the fields the parser was unsure
of (its provenance flags), the corrections made in the import preview, and the
"needs review" mark a trip keeps until an editor has looked at it.

The preview offers the fields below for editing; a flagged one (inferred, filled in
by default, or not found) is highlighted.  A flagged field the editor corrected is
resolved; the others stay on the trip (`Trip.review_fields`) with `needs_review`
set until an editor marks the trip reviewed (`mark_reviewed`).
"""

import copy
import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from ..importing import ReportError
from ..importing.document import CATEGORIES
from ..importing.provenance import DEFAULT, FLAGGED, INFERENCE, MISSING, value_at
from ..models import Trip

TRIP_FIELDS = ("title", "category", "start_date", "end_date", "report_date")
TRAVELER_FIELDS = ("name", "title", "unit", "agency")
MEETING_FIELDS = ("title", "start_date", "end_date", "location")
# The longest text each editable field takes (the model field it is stored in).
MAX_LENGTHS = {"title": 500, "name": 100, "unit": 100, "agency": 200, "location": 200}
TRAVELER_MAX_LENGTHS = {"title": 100}
FIELD_LABELS = {
    "title": _("Report title"),
    "category": _("Category"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "report_date": _("Report date"),
}
TRAVELER_LABELS = {
    "name": _("Name"),
    "title": _("Job title"),
    "unit": _("Unit"),
    "agency": _("Agency"),
}
MEETING_LABELS = {
    "title": _("Meeting name"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "location": _("Venue"),
}
_PATH_RE = re.compile(
    r"^(?:(?P<trip>title|category|start_date|end_date|report_date)"
    r"|travelers\.(?P<t>\d{1,3})\.(?P<tf>name|title|unit|agency)"
    r"|meetings\.(?P<m>\d{1,3})\.(?P<mf>title|start_date|end_date|location))$"
)


REASON_LENGTH = 100


class ReviewError(Exception):
    """A review step that cannot be done, with a message for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


HOW_LABELS = {
    INFERENCE: _("Guessed from the context: please check"),
    DEFAULT: _("Filled in by default: please check"),
    MISSING: _("Not found in the report: please fill in if known"),
}


@dataclass
class EditableField:
    """One field of the preview's editor."""

    path: str
    label: str
    kind: str  # "text", "date" or "category"
    value: str
    how: str
    flagged: bool
    choices: tuple = ()
    errors: tuple = ()
    checked: bool = False

    @property
    def how_label(self):
        return HOW_LABELS.get(self.how, "")


def is_editable(path):
    return bool(_PATH_RE.match(path))


def kind_of(path):
    last = path.rsplit(".", 1)[-1]
    if last.endswith("date"):
        return "date"
    if path == "category":
        return "category"
    return "text"


def max_length(path):
    last = path.rsplit(".", 1)[-1]
    if path.startswith("travelers.") and last in TRAVELER_MAX_LENGTHS:
        return TRAVELER_MAX_LENGTHS[last]
    return MAX_LENGTHS.get(last, 500)


def editable_paths(doc):
    """The paths the preview offers for editing, in the order it shows them."""
    paths = list(TRIP_FIELDS)
    for index, _traveler in enumerate(doc["travelers"]):
        paths.extend(f"travelers.{index}.{name}" for name in TRAVELER_FIELDS)
    for index, _meeting in enumerate(doc["meetings"]):
        paths.extend(f"meetings.{index}.{name}" for name in MEETING_FIELDS)
    return paths


def _set_value(doc, path, value):
    *parents, last = path.split(".")
    target = doc
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[last] = value


def path_label(path):
    """A field path as a reader names it: 出國人員 2 單位, not travelers.1.unit."""
    parts = path.split(".")
    if len(parts) == 1:
        return str(FIELD_LABELS[path])
    if parts[0] == "travelers":
        kind, field = _("Traveller"), TRAVELER_LABELS[parts[2]]
    else:
        kind, field = _("Meeting"), MEETING_LABELS[parts[2]]
    return f"{kind} {int(parts[1]) + 1} {field}"


def editable_fields(doc, provenance):
    """The preview's editor for one trip document: every editable field with its
    value and whether the parser flagged it."""
    fields = []
    for path in editable_paths(doc):
        how = provenance.get(path, "")
        value = value_at(doc, path)
        fields.append(
            EditableField(
                path=path,
                label=path_label(path),
                kind=kind_of(path),
                value="" if value is None else str(value),
                how=how,
                flagged=how in FLAGGED,
                choices=tuple(Trip.Category.choices) if path == "category" else (),
            )
        )
    return fields


def review_flags(provenance):
    """The flagged paths an editor is asked to check (the editable ones), in the
    order the preview shows them."""
    return sorted(
        (path for path, how in provenance.items() if how in FLAGGED and is_editable(path)),
        key=_path_order,
    )


_GROUPS = {"travelers": (1, TRAVELER_FIELDS), "meetings": (2, MEETING_FIELDS)}


def _path_order(path):
    parts = path.split(".")
    if len(parts) == 1:
        return (0, 0, TRIP_FIELDS.index(path) if path in TRIP_FIELDS else 99)
    group, fields = _GROUPS.get(parts[0], (3, ()))
    index = int(parts[1]) if parts[1].isdigit() else 0
    field = fields.index(parts[2]) if len(parts) > 2 and parts[2] in fields else 99
    return (group, index, field)


def clean_correction(path, raw):
    """A submitted value for `path` as the trip document holds it (None when blank);
    raise ReportError naming the field when it does not fit."""
    if not is_editable(path):
        raise ReportError(_("This field cannot be corrected in the preview."), field=path)
    value = (raw or "").strip()
    kind = kind_of(path)
    if not value:
        if path == "title" or path.endswith(".name"):
            raise ReportError(_("This value is required."), field=path)
        return None
    if kind == "date":
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ReportError(
                _("Enter the date as YYYY-MM-DD (for example 2022-08-22)."), field=path
            ) from None
    if kind == "category":
        if value not in CATEGORIES:
            raise ReportError(_("Choose one of the categories offered."), field=path)
        return value
    limit = max_length(path)
    if len(value) > limit:
        raise ReportError(
            _("This value is too long (at most %(limit)d characters).") % {"limit": limit},
            field=path,
        )
    return value


def apply_corrections(doc, corrections):
    """The document with the editor's corrections ({path: submitted text}) and the
    paths whose value they changed.  Raises ReportError on the first value that does
    not fit; the document given is not modified."""
    corrected_doc = copy.deepcopy(doc)
    changed = []
    for path in sorted(corrections, key=_path_order):
        value = clean_correction(path, corrections[path])
        try:
            current = value_at(corrected_doc, path)
        except (IndexError, KeyError, ValueError, AttributeError):
            raise ReportError(_("This field is not in the report."), field=path) from None
        if value != current:
            _set_value(corrected_doc, path, value)
            changed.append(path)
    start, end = corrected_doc["start_date"], corrected_doc["end_date"]
    if start and end and end < start:
        raise ReportError(_("The trip ends before it starts."), field="end_date")
    for index, meeting in enumerate(corrected_doc["meetings"]):
        start, end = meeting["start_date"], meeting["end_date"]
        if start and end and end < start:
            raise ReportError(
                _("The meeting ends before it starts."), field=f"meetings.{index}.end_date"
            )
    return corrected_doc, changed


def correction_reason(changed):
    """The history entry's reason for an import with corrections."""
    names = "、".join(path_label(path) for path in changed)
    reason = str(_("Corrected in the import preview: %(fields)s")) % {"fields": names}
    # simple-history keeps at most 100 characters of a change reason.
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


def mark_reviewed(trip, *, user):
    """An editor has checked the fields the import was unsure of: clear the mark.
    Recorded in the trip's history."""
    with transaction.atomic():
        locked = Trip.objects.select_for_update().filter(pk=trip.pk).first()
        if locked is None or not Trip.objects.editable_by(user).filter(pk=trip.pk).exists():
            raise ReviewError(_("You may not review this trip."))
        if not locked.needs_review:
            raise ReviewError(_("This trip is not marked for review."))
        locked.needs_review = False
        locked.review_fields = []
        locked.updated_by = user
        locked.save()
        update_change_reason(locked, str(_("Marked reviewed")))
    trip.needs_review, trip.review_fields = False, []
    return locked
