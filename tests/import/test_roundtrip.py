"""export(import(parse(text))) == parse(text), for the seed and every variant report."""

import pytest

from meetings.importing import read_report
from meetings.models import Trip
from meetings.services import import_document, trip_to_document
from meetings.services.exporting import export_queryset

from .conftest import REPORTS

SPEC_KEYS = [
    "schema",
    "title",
    "category",
    "agency",
    "contact",
    "travelers",
    "destinations",
    "start_date",
    "end_date",
    "report_date",
    "pages",
    "has_attachments",
    "keywords",
    "summary",
    "purposes",
    "meetings",
    "follow_ups",
    "lessons",
    "attachments",
    "sections",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_export_of_an_imported_report_equals_its_parse(path):
    parsed = read_report(path.read_bytes(), path.name)
    result = import_document(parsed)
    assert result.action == "create"
    exported = trip_to_document(Trip.objects.get(pk=result.trip.pk))
    assert exported == parsed
    assert list(exported)[: len(SPEC_KEYS)] == SPEC_KEYS
    assert set(exported) == set(parsed)


@pytest.mark.django_db
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_importing_an_exported_trip_changes_nothing(path):
    trip = import_document(read_report(path.read_bytes(), path.name)).trip
    exported = trip_to_document(trip)
    again = import_document(exported)
    assert again.action == "unchanged"
    assert again.trip.pk == trip.pk
    assert Trip.objects.count() == 1


@pytest.mark.django_db
def test_export_reads_a_trip_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    for path in REPORTS[:3]:
        import_document(read_report(path.read_bytes(), path.name))
    with django_assert_max_num_queries(20):
        trips = list(export_queryset(Trip.objects.all()))
    assert len(trips) == 3
