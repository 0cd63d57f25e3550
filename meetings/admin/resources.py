"""Import and export of trips in the admin (django-import-export).

Reports (.txt, .docx, .pdf) and JSON trip documents are read by the formats below
into one dataset row per trip, and `TripDocumentResource` writes each row through
the same service as the `import_report` command, so the preview (a dry run) and the
confirmed import do exactly what the command does.  CSV and XLSX carry flat trip
lists (`TripListResource`).
"""

import base64
import datetime
import json
import logging
import re

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from delegates.access import agency_scope_ids, is_portal_admin
from delegates.models import Agency

from ..importing import ReportError, validate_document
from ..importing.document import check_importable
from ..models import Keyword, Trip
from ..services import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportOptions,
    import_document,
    trips_to_documents,
)
from ..services.files import read_trip_files
from ..services.import_review import (
    apply_corrections,
    editable_fields,
    is_editable,
    path_label,
    review_flags,
)
from ..services.importing import agency_named, find_trip
from ..signals import trips_changed

logger = logging.getLogger(__name__)
PLACEHOLDER_NAME_RE = re.compile(r"^report\.\w+")
DATASET_HEADERS = ["file", "document", "source", "text", "error", "error_field", "provenance"]
OTHER_AGENCY = _("You may not import trips of another agency.")
NO_AGENCY = _(
    "The document names no sending agency (“agency”); you may import only trips of your own agency."
)
MISSING_COLUMNS = _("The first row of the file (the column names) lacks: %(columns)s.")
# A trip list row is matched to a stored trip by its title and start date.
REQUIRED_COLUMNS = ("title", "start_date")
UNEXPECTED = _("This trip could not be imported because of an unexpected error; nothing was saved.")
BAD_DAY = _("Dates must be written as YYYY-MM-DD.")


def trip_dataset(entries):
    """One dataset row per trip read from a file (see `read_trip_files`)."""
    dataset = tablib.Dataset(headers=DATASET_HEADERS)
    for entry in entries:
        data = entry.source[1] if entry.source else b""
        dataset.append(
            [
                entry.label,
                json.dumps(entry.document, ensure_ascii=False) if entry.error is None else "",
                base64.b64encode(data).decode("ascii"),
                entry.text,
                str(entry.error.message) if entry.error is not None else "",
                (entry.error.field or "") if entry.error is not None else "",
                json.dumps(entry.provenance),
            ]
        )
    return dataset


class _TripFileFormat(base_formats.Format):
    """A file read into trip documents; binary, so import-export's temporary storage
    hands the bytes back unchanged at the confirm step."""

    extension = ""

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return self.extension

    def get_extension(self):
        return self.extension

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def can_import(self):
        return True

    def create_dataset(self, in_stream, **kwargs):
        data = in_stream.encode("utf-8") if isinstance(in_stream, str) else bytes(in_stream)
        # The uploaded file's real name replaces this one in TripDocumentResource.
        return trip_dataset(read_trip_files(data, f"report.{self.extension}"))


class TXT(_TripFileFormat):
    extension = "txt"


class DOCX(_TripFileFormat):
    extension = "docx"


class PDF(_TripFileFormat):
    extension = "pdf"


class TripDocumentJSON(_TripFileFormat):
    """JSON trip documents: one object or a list of them; exported as a list."""

    extension = "json"

    def get_content_type(self):
        return "application/json"

    def can_export(self):
        return True

    def export_data(self, dataset, **kwargs):
        documents = [json.loads(value) for value in dataset["document"]] if dataset else []
        return json.dumps(documents, ensure_ascii=False, indent=2)


DOCUMENT_FORMATS = (TXT, DOCX, PDF, TripDocumentJSON)


def is_document_format(format_class):
    return issubclass(format_class, DOCUMENT_FORMATS)


def check_agency_scope(user, agency_id, existing=None):
    """Editors import only trips of their agency scope (and never take over another's)."""
    if user is None or is_portal_admin(user):
        return
    if agency_id is None:
        raise ValidationError({"agency": [NO_AGENCY]})
    scope = agency_scope_ids(user)
    if agency_id not in scope or (existing is not None and existing.agency_id not in scope):
        raise ValidationError({"agency": [OTHER_AGENCY]})


class TripRowResult(RowResult):
    """A row result that also carries what the import of one trip does."""

    def __init__(self):
        super().__init__()
        self.trip_preview = None


class TripDocumentResource(resources.Resource):
    """Trips from reports and trip documents, written by `import_document`."""

    class Meta:
        name = _("Trip reports and trip documents")
        instance_loader_class = BaseInstanceLoader
        use_transactions = True
        skip_diff = True

    @classmethod
    def get_row_result_class(cls):
        return TripRowResult

    @classmethod
    def get_display_name(cls):
        return cls._meta.name

    def get_diff_headers(self):
        return ["file"]

    def get_user_visible_fields(self):
        return []

    def before_import(self, dataset, **kwargs):
        # Formats read bytes without a name; the rows take the uploaded file's name.
        file_name = kwargs.get("file_name")
        if file_name:
            for index, row in enumerate(dataset):
                row = list(row)
                row[0] = PLACEHOLDER_NAME_RE.sub(lambda _m: file_name, row[0], count=1)
                dataset[index] = row

    def import_row(self, row, instance_loader, **kwargs):
        row_result = self.get_row_result_class()()
        row_result.row_values = {"file": row["file"]}
        number = kwargs.get("row_number")
        try:
            result = self._import(row, number, kwargs)
        except ValidationError as err:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = err
            return row_result
        except Exception:  # the import rolls back; the user is told, the log keeps why
            logger.exception("Unexpected error importing %s", row["file"])
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError({NON_FIELD_ERRORS: [UNEXPECTED]})
            return row_result
        row_result.import_type = {
            CREATE: RowResult.IMPORT_TYPE_NEW,
            UPDATE: RowResult.IMPORT_TYPE_UPDATE,
            UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
        }[result.action]
        row_result.add_instance_info(result.trip)
        row_result.instance = result.trip
        row_result.trip_preview = trip_preview(row["file"], result, number, self._provenance(row))
        return row_result

    @staticmethod
    def _provenance(row):
        return json.loads(row.get("provenance") or "{}")

    def _import(self, row, number, kwargs):
        """Import one trip with the corrections the editor made to it in the preview
        (`corrections`: {row number: {path: value}}) and the choices of the import
        and preview forms (`access`, `responsible_agency`, `responsible_person`)."""
        user = kwargs.get("user")
        try:
            if row["error"]:
                raise ReportError(row["error"], field=row["error_field"] or None)
            document = check_importable(validate_document(json.loads(row["document"])))
            corrections = (kwargs.get("corrections") or {}).get(number, {})
            checked = (kwargs.get("checked") or {}).get(number, set())
            try:
                document, corrected = apply_corrections(document, corrections)
            except ReportError as err:
                # A correction is named as the preview labels it (出國人員 2 單位).
                label = path_label(err.field) if is_editable(err.field or "") else err.field
                raise ValidationError({label or NON_FIELD_ERRORS: [err.message]}) from err
            agency = Agency.objects.filter(name=document["agency"] or "").first()
            check_agency_scope(user, agency.pk if agency else None, find_trip(document))
            source = None
            if row["source"]:
                source = (row["file"], base64.b64decode(row["source"]))
            provenance = self._provenance(row)
            options = ImportOptions(
                access=kwargs.get("access") or None,
                # A JSON document carries no provenance: it states what it states.
                # Flags the editor corrected or ticked as right are resolved.
                review_flags=(
                    [p for p in review_flags(provenance) if p not in corrected and p not in checked]
                    if provenance
                    else None
                ),
                corrected=corrected,
                responsible_agency=kwargs.get("responsible_agency"),
                responsible_person=kwargs.get("responsible_person"),
            )
            return import_document(
                document,
                user=user,
                source=source,
                source_text=row["text"] or "",
                dry_run=kwargs.get("dry_run", False),
                options=options,
            )
        except ReportError as err:
            raise ValidationError({err.field or NON_FIELD_ERRORS: [err.message]}) from err

    def export(self, queryset=None, **kwargs):
        dataset = tablib.Dataset(headers=["document"])
        for document in trips_to_documents(queryset if queryset is not None else Trip.objects):
            dataset.append([json.dumps(document, ensure_ascii=False)])
        return dataset


PREVIEW_LABELS = (
    ("travelers", _("Travellers")),
    ("destinations", _("Destinations")),
    ("meetings", _("Meetings")),
    ("agenda_items", _("Agenda items")),
    ("minutes", _("Minutes blocks")),
    ("decisions", _("Decisions")),
    ("follow_ups", _("Follow-ups")),
    ("lessons", _("Lessons")),
    ("attachments", _("Attachments")),
    ("sections", _("Report sections")),
    ("keywords", _("Keywords")),
)
ACTION_LABELS = {CREATE: _("New"), UPDATE: _("Update"), UNCHANGED: _("Unchanged")}


def trip_preview(file_label, result, number=None, provenance=None):
    """What the preview shows of one trip: the trip, the action, counts and names, and
    the editable fields with those the parser was unsure of flagged."""
    doc = result.document
    names = {
        "travelers": [t["name"] for t in doc["travelers"]],
        "meetings": [m["title"] or m["title_en"] or "—" for m in doc["meetings"]],
        "follow_ups": [f["description"][:60] for f in doc["follow_ups"]],
        "lessons": [lesson["title"] or (lesson["body"] or "")[:60] for lesson in doc["lessons"]],
        "attachments": [a["title"] or "—" for a in doc["attachments"]],
        "keywords": doc["keywords"],
    }
    rows = [
        {
            "label": label,
            "count": result.counts.get(key, 0),
            "previous": result.previous_counts.get(key) if result.action == UPDATE else None,
            "names": names.get(key, []),
        }
        for key, label in PREVIEW_LABELS
    ]
    fields = editable_fields(doc, provenance or {})
    return {
        "file": file_label,
        "row": number,
        "fields": fields,
        "flagged": [f for f in fields if f.flagged],
        "access": result.trip.get_access_display(),
        "responsible": [x.name if x else "" for x in result.responsible],
        "action": result.action,
        "action_label": ACTION_LABELS[result.action],
        "title": doc["title"],
        "start_date": doc["start_date"],
        "end_date": doc["end_date"],
        "agency": doc["agency"],
        "trip_id": result.trip.pk if result.action != CREATE else None,
        "rows": rows,
        "changed": result.changed,
        "new_people": result.new_people,
        "new_agencies": result.new_agencies,
        "new_keywords": result.new_keywords,
        "merge": merge_preview(result.changes),
    }


MERGE_LABELS = (
    ("updated", _("Updated from the report")),
    ("new", _("New in the report")),
    ("removed", _("Removed (no work recorded)")),
    ("kept", _("Kept, no longer in the report")),
)
MERGE_KINDS = {
    "follow_ups": _("Follow-ups"),
    "lessons": _("Lessons"),
    "attachments": _("Attachments"),
}


def merge_preview(changes):
    """On an update, the follow-ups, lessons and attachments that change, by what
    happens to them; entries that stay as they are are not listed."""
    rows = []
    for action, label in MERGE_LABELS:
        for kind, kind_label in MERGE_KINDS.items():
            entries = [str(c) for c in changes if c.action == action and c.kind == kind]
            if entries:
                rows.append({"action": action, "label": f"{kind_label}: {label}", "names": entries})
    return rows


class AgencyNameWidget(widgets.ForeignKeyWidget):
    """An agency by name; a new name becomes a new agency placed in the tree."""

    def __init__(self):
        super().__init__(Agency, field="name")

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        return agency_named(value) if value else None


class KeywordsWidget(widgets.ManyToManyWidget):
    """Keywords joined with "; ", matched to the shared vocabulary ignoring case."""

    def __init__(self):
        super().__init__(Keyword, separator=";", field="name")

    def clean(self, value, row=None, **kwargs):
        names = [n.strip() for n in str(value or "").split(self.separator) if n.strip()]
        found = {
            k.lname: k
            for k in Keyword.objects.annotate(lname=Lower("name")).filter(
                lname__in=[n.lower() for n in names]
            )
        }
        keywords = []
        for name in names:
            keyword = found.get(name.lower())
            if keyword is None:
                keyword = found[name.lower()] = Keyword.objects.create(name=name)
            if keyword not in keywords:
                keywords.append(keyword)
        return keywords

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "; ".join(k.name for k in value.all())


class SystemIdWidget(widgets.CharWidget):
    """A blank system id is no system id (NULL, like the trips stored without one)."""

    def clean(self, value, row=None, **kwargs):
        return str(value).strip() or None if value is not None else None


class DayWidget(widgets.DateWidget):
    """A date; spreadsheets hand dates back as datetimes at midnight."""

    def clean(self, value, row=None, **kwargs):
        try:
            value = super().clean(value, row, **kwargs)
        except ValueError as err:  # import-export's message is English only
            raise ValueError(str(BAD_DAY)) from err
        return value.date() if isinstance(value, datetime.datetime) else value


class TripListResource(resources.ModelResource):
    """Trip lists as flat rows (CSV, XLSX); a row is matched to a stored trip by its
    system id, else by title and start date."""

    system_id = fields.Field(
        attribute="system_id",
        column_name="system_id",
        widget=SystemIdWidget(),
    )
    agency = fields.Field(attribute="agency", column_name="agency", widget=AgencyNameWidget())
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=DayWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=DayWidget())
    report_date = fields.Field(
        attribute="report_date", column_name="report_date", widget=DayWidget()
    )
    keywords = fields.Field(
        attribute="keywords", column_name="keywords", widget=KeywordsWidget(), m2m_add=False
    )

    class Meta:
        model = Trip
        name = _("Trip list")
        fields = (
            "system_id",
            "title",
            "category",
            "agency",
            "start_date",
            "end_date",
            "report_date",
            "status",
            "access",
            "keywords",
        )
        export_order = fields
        import_id_fields = ("system_id",)
        skip_unchanged = True
        clean_model_instances = True
        use_transactions = True

    def get_instance(self, instance_loader, row):
        system_id = (row.get("system_id") or "").strip() if row.get("system_id") else ""
        if system_id:
            found = Trip.objects.filter(system_id=system_id).first()
            if found is not None:
                return found
        title = (row.get("title") or "").strip()
        if not title:
            return None
        start = self.fields["start_date"].clean(row)
        return Trip.objects.filter(title=title, start_date=start).order_by("id").first()

    @staticmethod
    def missing_columns(headers):
        return [c for c in REQUIRED_COLUMNS if c not in (headers or [])]

    def _check_import_id_fields(self, headers):
        missing = self.missing_columns(headers)
        if missing:
            raise ValidationError(MISSING_COLUMNS % {"columns": "、".join(missing)})

    def import_data_inner(self, dataset, dry_run, raise_errors, *args, **kwargs):
        # import-export reports a missing column but then reads the rows anyway, which
        # fails (a 500) on a file without a header row, such as a one-line CSV, and
        # names a missing column in English only.
        missing = self.missing_columns(dataset.headers)
        if missing:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            error = ValidationError(MISSING_COLUMNS % {"columns": "、".join(missing)})
            self.handle_import_error(result, error, raise_errors)
            return result
        return super().import_data_inner(dataset, dry_run, raise_errors, *args, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._imported_from = None if new else Trip.objects.get(pk=instance.pk)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        check_agency_scope(user, instance.agency_id, instance._imported_from)
        user = user if user is not None and user.is_authenticated else None
        if instance.pk is None:
            instance.created_by = user
        instance.updated_by = user

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run"):
            return
        ids = [row.object_id for row in result.rows if row.is_new() or row.is_update()]
        if ids:
            transaction.on_commit(lambda: trips_changed.send(sender=Trip, trip_ids=ids))
