"""Fuzz tests of the report import: damaged reports never crash it or half-write.

(a) The parser: only ReportError escapes `read_report` / `parse_report`.
(b) The service and the `import_report` command: an import either succeeds fully
    (the trip and its children read back as a valid trip document) or fails with a
    clear message and leaves every table of the meetings and delegates apps as it
    was, and no stored file behind.
(c) The admin import screen: never a 500; errors shown as messages; the preview
    writes nothing; the confirmed import is all or nothing.
"""

import json
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st
from import_export.results import RowResult

from meetings.importing import ReportError, parse_report, read_report, validate_document
from meetings.models import Trip
from meetings.services import import_document, trip_to_document
from meetings.services.exporting import export_queryset
from meetings.services.files import read_trip_files
from meetings.services.importing import document_counts

from .conftest import count, fuzz_settings
from .mutations import damaged_documents, damaged_reports, parseable_texts

# Damaged reports are large: Hypothesis may say so when it prints one.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


# An exception's class name in a message means a crash was passed off as a failure.
CRASH_RE = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception|Warning)\b|Traceback")
# Kinds of records that the import never merges: the stored trip has as many as the document.
EXACT_COUNTS = (
    "meetings",
    "agenda_items",
    "minutes",
    "decisions",
    "follow_ups",
    "lessons",
    "sections",
    "attachments",
)


def row_counts():
    """Rows of every model (history tables included) of the meetings and delegates apps."""
    return {
        model._meta.label: model._default_manager.count()
        for label in ("meetings", "delegates")
        for model in apps.get_app_config(label).get_models()
    }


def stored_files(media_root):
    if not media_root.exists():
        return []
    return sorted(str(p) for p in media_root.rglob("*") if p.is_file())


def assert_consistent(trip_id, document):
    """The stored trip reads back as a valid trip document with all its children."""
    trip = export_queryset(Trip.objects.filter(pk=trip_id)).get()
    stored = validate_document(trip_to_document(trip))
    assert stored["title"] == document["title"]
    expected, found = document_counts(document), document_counts(stored)
    assert {k: found[k] for k in EXACT_COUNTS} == {k: expected[k] for k in EXACT_COUNTS}
    assert found["travelers"] <= expected["travelers"]


@pytest.fixture
def rollback_each():
    """Each example runs in a transaction of its own that is rolled back at its end,
    so examples do not see each other's trips."""

    class Rollback(Exception):
        pass

    def run(function, *args):
        try:
            with transaction.atomic():
                function(*args)
                raise Rollback
        except Rollback:
            pass

    return run


# (a) The parser ---------------------------------------------------------------


@fuzz_settings(200)
@given(report=damaged_reports())
def test_read_report_raises_only_report_errors(report):
    name, data = report
    count("parser")
    try:
        document = read_report(data, name)
    except ReportError as err:
        assert str(err).strip()
        assert not CRASH_RE.search(str(err))
        return
    assert validate_document(document) == document


@fuzz_settings(100)
@given(report=parseable_texts())
def test_parse_report_raises_only_report_errors(report):
    _name, text = report
    count("parser")
    try:
        document = parse_report(text)
    except ReportError as err:
        assert str(err).strip()
        return
    assert validate_document(document) == document


# (b) The service and the command --------------------------------------------------


@pytest.mark.django_db
@fuzz_settings(60)
@given(report=damaged_reports(kinds=("text", "text", "text", "bytes", "docx")))
def test_import_document_is_all_or_nothing(report, media_root, rollback_each, superuser):
    def case(name, data):
        count("service")
        (entry,) = read_trip_files(data, name)
        if entry.error is not None:
            event("service: unreadable report")
            return
        before, files = row_counts(), stored_files(media_root)
        try:
            result = import_document(
                entry.document, user=superuser, source=entry.source, source_text=entry.text
            )
        except ReportError as err:
            event("service: refused")
            assert str(err).strip() and not CRASH_RE.search(str(err))
            assert row_counts() == before
            assert stored_files(media_root) == files
            return
        event("service: imported")
        assert_consistent(result.trip.pk, result.document)

    rollback_each(case, *report)


@pytest.mark.django_db
@fuzz_settings(30)
@given(report=damaged_reports(kinds=("text", "text", "bytes", "random", "docx", "pdf")))
def test_import_report_command_is_all_or_nothing(report, tmp_path, media_root, rollback_each):
    def case(name, data):
        count("command")
        folder = tmp_path / "in"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        before, files = row_counts(), stored_files(media_root)
        out, err = StringIO(), StringIO()
        try:
            call_command("import_report", str(path), stdout=out, stderr=err)
        except CommandError as exc:
            event("command: failed")
            assert "could not be imported" in str(exc) or "No report files" in str(exc)
            messages = err.getvalue()
            assert "failed:" in messages or "No report files" in str(exc)
            assert not CRASH_RE.search(messages), messages
            assert row_counts() == before
            assert stored_files(media_root) == files
            return
        event("command: imported")
        assert "1 created" in out.getvalue() or "1 updated" in out.getvalue()
        trip = Trip.objects.order_by("-id").first()
        (entry,) = read_trip_files(data, name)
        assert_consistent(trip.pk, validate_document(entry.document))

    rollback_each(case, *report)


# (c) The admin import screen --------------------------------------------------------

IMPORT_URL = "admin:meetings_trip_import"
CONFIRM_URL = "admin:meetings_trip_process_import"
FORMATS = {".txt": "0", ".docx": "1", ".pdf": "2", ".json": "3", ".csv": "4", ".xlsx": "5"}


def _messages(response):
    form_errors = [e for errs in response.context["form"].errors.values() for e in errs]
    result = response.context.get("result")
    row_errors = []
    if result is not None:
        row_errors = [str(e.error) for e in result.base_errors]
        row_errors += [str(e.error) for _line, errors in result.row_errors() for e in errors]
        row_errors += [
            str(e) for row in result.invalid_rows for errs in row.error_dict.values() for e in errs
        ]
    return form_errors + row_errors


@pytest.mark.django_db
@fuzz_settings(30)
@given(
    report=st.one_of(
        damaged_reports(kinds=("text", "text", "bytes", "random", "docx", "pdf")),
        damaged_documents(),
    ),
    # None: the format that matches the file name; else a format chosen wrongly.
    fmt=st.sampled_from([None, None, None, ".txt", ".docx", ".pdf", ".json", ".csv", ".xlsx"]),
)
def test_admin_import_preview_and_confirm(report, fmt, client_for, superuser, rollback_each):
    client = client_for(superuser)

    def case(name, data):
        count("admin")
        suffix = name[name.rfind(".") :] if "." in name else ".txt"
        chosen = FORMATS.get(fmt or suffix, "0")
        before = row_counts()
        preview = client.post(
            reverse(IMPORT_URL),
            {"format": chosen, "import_file": SimpleUploadedFile(name, data)},
        )
        assert preview.status_code == 200
        assert row_counts() == before, "the preview wrote records"
        page = preview.content.decode()
        assert "Traceback" not in page
        result = preview.context.get("result")
        if result is not None:
            # Exceptions caught as row errors are crashes shown as messages.
            assert all(row.import_type != RowResult.IMPORT_TYPE_ERROR for row in result.rows), [
                e.error for row in result.rows for e in row.errors
            ]
            assert all(isinstance(e.error, ValidationError) for e in result.base_errors)
        if result is None or result.has_validation_errors() or not result.valid_rows():
            messages = _messages(preview)
            assert messages, "an import that cannot go on says why"
            assert all(escape(str(m)) in page for m in messages), messages
            assert "confirm_form" not in preview.context
            event("admin: refused at preview")
            return
        assert not result.has_errors(), [e.error for row in result.rows for e in row.errors] + [
            e.error for e in result.base_errors
        ]
        assert all(row.import_type != RowResult.IMPORT_TYPE_ERROR for row in result.rows)
        form = preview.context["confirm_form"]
        done = client.post(reverse(CONFIRM_URL), {n: form.initial.get(n, "") for n in form.fields})
        assert done.status_code in (200, 302)
        if done.status_code == 200:
            # A refused confirmation shows why and writes nothing.
            event("admin: refused at confirm")
            assert row_counts() == before
            return
        event("admin: imported")
        for row in result.valid_rows():
            document = json.loads(json.dumps(row.trip_preview, default=str))
            trip = Trip.objects.filter(title=document["title"]).order_by("-id").first()
            assert trip is not None
            validate_document(
                trip_to_document(export_queryset(Trip.objects.filter(pk=trip.pk)).get())
            )

    rollback_each(case, *report)
