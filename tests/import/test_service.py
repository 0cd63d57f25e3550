"""The import service: matching, idempotency, updates, atomicity, dry runs, signals."""

import copy

import pytest

from delegates.models import Agency, Person
from meetings.importing import ReportError
from meetings.models import (
    AgendaItem,
    Delegate,
    FollowUp,
    Keyword,
    Lesson,
    Meeting,
    MeetingSeries,
    Organisation,
    ReportSection,
    Trip,
)
from meetings.services import import_document, importing
from meetings.signals import trips_changed

from .conftest import SEED, variant_doc

pytestmark = pytest.mark.django_db


def test_seed_becomes_a_structured_trip(seed_doc, seed_bytes, superuser):
    text = seed_bytes.decode("utf-8")
    result = import_document(
        seed_doc, user=superuser, source=(SEED.name, seed_bytes), source_text=text
    )
    trip = result.trip
    assert result.action == "create"
    assert trip.agency.name == "財政部關務署"
    assert trip.status == Trip.Status.REPORT_SUBMITTED
    assert (trip.created_by, trip.updated_by) == (superuser, superuser)
    assert trip.source_text == text
    with trip.source_file.open("rb") as stored:
        assert stored.read() == seed_bytes
    assert trip.source_file.name.startswith("reports/")
    assert [d.person.name for d in trip.delegates.order_by("order")] == [
        "劉麗霞",
        "柯佩君",
        "楊士宗",
    ]
    assert ReportSection.objects.filter(trip=trip).count() == len(seed_doc["sections"])
    assert trip.meetings.count() == 2
    assert AgendaItem.objects.filter(meeting__trip=trip).exists()
    assert FollowUp.objects.filter(trip=trip).count() == len(seed_doc["follow_ups"])
    assert trip.purposes == seed_doc["purposes"]
    assert result.counts["travelers"] == 3


def test_delegates_keep_their_position_on_that_trip(seed_doc):
    trip = import_document(seed_doc).trip
    delegate = Delegate.objects.get(trip=trip, person__name="楊士宗")
    assert (delegate.title, delegate.unit, delegate.agency.name) == (
        "股長",
        "資訊室",
        "財政部關務署臺北關",
    )


def test_branch_agencies_are_placed_under_their_administration(seed_doc):
    import_document(seed_doc)
    taipei = Agency.objects.get(name="財政部關務署臺北關")
    assert taipei.parent.name == "財政部關務署"


def test_an_existing_branch_moves_under_a_new_administration(seed_doc):
    Agency.objects.create(name="財政部關務署臺北關")
    import_document(seed_doc)
    assert Agency.objects.get(name="財政部關務署臺北關").parent.name == "財政部關務署"


def test_existing_agency_tree_is_used(taipei_customs, seed_doc):
    import_document(seed_doc)
    assert Agency.objects.filter(name__startswith="財政部").count() == 3
    assert Trip.objects.get().agency == taipei_customs.parent


def test_meeting_series_come_from_acronyms_without_session_numbers(seed_doc):
    import_document(seed_doc)
    sccp = Meeting.objects.get(acronym="SCCP2").series
    assert (sccp.acronym, sccp.organisation.acronym) == ("SCCP", "APEC")
    assert Meeting.objects.get(acronym="ACBD").series.name == "APEC ACBD"


def test_a_second_report_reuses_people_agencies_keywords_and_series(seed_doc):
    import_document(seed_doc)
    counts = (
        Person.objects.count(),
        Agency.objects.count(),
        Keyword.objects.count(),
        MeetingSeries.objects.count(),
        Organisation.objects.count(),
    )
    second = copy.deepcopy(seed_doc)
    second["title"] = "出席 2023 年 APEC SCCP 第 1 次會議報告"
    second["start_date"], second["end_date"] = "2023-02-20", "2023-02-24"
    second["keywords"] = [k.lower() for k in seed_doc["keywords"]]
    second["meetings"][1]["acronym"] = "SCCP1"
    result = import_document(second)
    assert result.action == "create"
    assert Trip.objects.count() == 2
    assert counts == (
        Person.objects.count(),
        Agency.objects.count(),
        Keyword.objects.count(),
        MeetingSeries.objects.count(),
        Organisation.objects.count(),
    )
    assert result.new_people == result.new_agencies == result.new_keywords == []


def test_follow_up_owner_is_kept_as_the_counterpart_and_our_side_answers(seed_doc, customs):
    doc = copy.deepcopy(seed_doc)
    doc["follow_ups"][0]["owner"] = "財政部關務署"
    doc["follow_ups"][1]["owner"] = "劉麗霞"
    trip = import_document(doc).trip
    first, second, third = trip.follow_ups.order_by("order")[:3]
    assert [f.owner_text for f in (first, second, third)] == [
        "財政部關務署",
        "劉麗霞",
        "APEC 秘書處",
    ]
    # Every follow-up answers to the sending agency and the person named as contact.
    assert {f.owner_agency for f in (first, second, third)} == {customs}
    assert {f.owner_person.name for f in (first, second, third)} == {seed_doc["contact"]["name"]}


def test_lesson_kinds_are_kept():
    doc = variant_doc("r01_roc_nextline_labels.txt")
    trip = import_document(doc).trip
    kinds = list(Lesson.objects.filter(trip=trip).order_by("order").values_list("kind", flat=True))
    assert kinds == [lesson["kind"] for lesson in doc["lessons"]]
    assert Lesson.objects.recommendations().filter(trip=trip).first().adoption_status == "proposed"


def test_same_report_twice_is_unchanged_and_writes_nothing(seed_doc, django_assert_max_num_queries):
    first = import_document(seed_doc)
    history = Trip.history.count()  # the import, and the move to "report submitted"
    with django_assert_max_num_queries(40):
        again = import_document(seed_doc)
    assert again.action == "unchanged"
    assert again.trip.pk == first.trip.pk
    assert Trip.objects.count() == 1
    assert Trip.history.count() == history


def test_report_recognised_by_system_id_is_updated():
    doc = variant_doc("r06_two_meetings_followups.txt")
    assert doc["system_id"]
    first = import_document(doc).trip
    changed = copy.deepcopy(doc)
    changed["title"] = doc["title"] + "（修正版）"
    changed["lessons"] = changed["lessons"][:1]
    result = import_document(changed)
    assert result.action == "update"
    assert result.trip.pk == first.pk
    assert "title" in result.changed and "lessons" in result.changed
    assert result.previous_counts["lessons"] == 2
    assert Trip.objects.get().title.endswith("（修正版）")
    assert Lesson.objects.count() == 1


def test_update_replaces_children_and_keeps_the_creator(seed_doc, superuser, editor):
    import_document(seed_doc, user=superuser)
    changed = copy.deepcopy(seed_doc)
    changed["travelers"] = changed["travelers"][:1]
    changed["meetings"] = changed["meetings"][:1]
    result = import_document(changed, user=editor)
    trip = Trip.objects.get()
    assert result.action == "update"
    assert (trip.created_by, trip.updated_by) == (superuser, editor)
    assert trip.delegates.count() == 1
    assert trip.meetings.count() == 1
    assert Person.objects.filter(name="楊士宗").exists()


def test_failure_half_way_leaves_nothing_behind(seed_doc, seed_bytes, monkeypatch, media_root):
    def broken(self, trip):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing._Importer, "_follow_ups", broken)
    with pytest.raises(RuntimeError):
        import_document(seed_doc, source=(SEED.name, seed_bytes))
    assert not Trip.objects.exists()
    assert not Person.objects.exists()
    assert not Agency.objects.exists()
    assert not Keyword.objects.exists()
    assert not Meeting.objects.exists()
    assert not MeetingSeries.objects.exists()
    stored = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    assert stored == []


def test_failure_of_an_update_keeps_the_stored_trip(seed_doc, monkeypatch):
    import_document(seed_doc)
    changed = copy.deepcopy(seed_doc)
    changed["summary"] = "新的摘要"

    def broken(self, *args):
        raise RuntimeError("broken")

    monkeypatch.setattr(importing.ChildPlan, "apply", broken)
    with pytest.raises(RuntimeError):
        import_document(changed)
    trip = Trip.objects.get()
    assert trip.summary == seed_doc["summary"]
    assert trip.meetings.count() == 2


def test_dry_run_reports_without_writing(seed_doc):
    result = import_document(seed_doc, dry_run=True)
    assert result.action == "create"
    assert result.counts["meetings"] == 2
    assert sorted(result.new_people) == ["劉麗霞", "柯佩君", "楊士宗"]
    assert not Trip.objects.exists()
    assert not Person.objects.exists()


def test_trips_changed_is_sent_after_commit(seed_doc, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, trip_ids, **kwargs):
        received.append(trip_ids)

    trips_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            trip = import_document(seed_doc).trip
            assert received == []
        assert received == [[trip.pk]]
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            import_document(seed_doc, dry_run=True)
        assert callbacks == []
    finally:
        trips_changed.disconnect(listener)


def test_bad_document_names_the_field(seed_doc):
    with pytest.raises(ReportError) as caught:
        import_document(dict(seed_doc, start_date="2022-02-30"))
    assert caught.value.field == "start_date"
    with pytest.raises(ReportError) as caught:
        import_document(dict(seed_doc, title="長" * 600))
    assert caught.value.field == "title"
    with pytest.raises(ReportError) as caught:
        import_document(dict(seed_doc, title=None))
    assert caught.value.field == "title"
    assert not Trip.objects.exists()


def test_report_without_report_date_stays_planned():
    doc = variant_doc("r04_blank_form.txt")
    assert doc["report_date"] is None
    assert import_document(doc).trip.status == Trip.Status.DRAFT


def test_series_from_a_chinese_title_use_the_parser_rule(seed_doc):
    doc = copy.deepcopy(seed_doc)
    for meeting in doc["meetings"]:
        meeting["acronym"] = None
    doc["meetings"][1]["title_en"] = None
    doc["meetings"][1]["title"] = "APEC SCCP 第 2 次會議"
    import_document(doc)
    series = Meeting.objects.get(title="APEC SCCP 第 2 次會議").series
    assert (series.acronym, series.organisation.acronym) == ("SCCP", "APEC")
    assert Meeting.objects.get(title_en__contains="ACBD").series.acronym == "ACBD"


def test_rank_grades_are_stored_on_delegates_and_exported_back():
    from meetings.services import trip_to_document
    from meetings.services.exporting import export_queryset

    doc = variant_doc("r15_summary_table_sheet.txt")
    import_document(doc)
    trip = Trip.objects.get()
    ranks = list(trip.delegates.order_by("order").values_list("rank_grade", flat=True))
    assert ranks == ["senior", "junior", "elementary"]
    exported = trip_to_document(export_queryset(Trip.objects.all()).get())
    assert [t["rank"] for t in exported["travelers"]] == ["senior", "junior", "elementary"]
    assert exported == doc
    assert import_document(doc).action == "unchanged"


def test_a_rank_recorded_by_a_user_is_kept_when_the_report_states_none(seed_doc):
    import_document(seed_doc)
    Delegate.objects.filter(order=0).update(rank_grade="junior")
    assert import_document(seed_doc).action == "unchanged"
    changed = copy.deepcopy(seed_doc)
    changed["summary"] = "新的摘要"
    assert import_document(changed).action == "update"
    assert Delegate.objects.get(order=0).rank_grade == "junior"


def test_an_unknown_rank_is_refused(seed_doc):
    doc = copy.deepcopy(seed_doc)
    doc["travelers"][0]["rank"] = "general"
    with pytest.raises(ReportError) as excinfo:
        import_document(doc)
    assert excinfo.value.field == "travelers"
