"""Field provenance: how each field of a parsed report was found."""

import json
from pathlib import Path

import pytest

from meetings.importing import parse_report, read_report
from meetings.importing import provenance as how

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "reports" / "000_c82191a8b989691b.txt"
REPORTS = Path(__file__).parent / "reports"
EXPECTED = json.loads((Path(__file__).parent / "seed_expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def seed():
    found = {}
    doc = parse_report(SEED.read_text("utf-8"), provenance=found)
    return doc, found


def test_the_document_is_the_same_with_or_without_provenance(seed):
    doc, found = seed
    assert doc == EXPECTED
    assert not any("_how" in meeting for meeting in doc["meetings"])


def test_every_contract_path_has_an_entry_and_nothing_else(seed):
    doc, found = seed
    assert set(found) == set(how.expected_paths(doc))
    assert {"title", "travelers.1.unit", "meetings.1.location", "lessons"} <= set(found)
    assert set(found.values()) <= set(how.KINDS)


def test_seed_labelled_fields_say_label(seed):
    _doc, found = seed
    for path in ("title", "category", "agency", "start_date", "end_date", "report_date"):
        assert found[path] == how.LABEL, path
    assert found["travelers.0.name"] == how.LABEL
    assert found["meetings.0.title"] == how.HEADING
    assert found["meetings.0.location"] == how.LABEL


def test_year_less_meeting_dates_are_flagged_as_defaulted(seed):
    # 日期：本年8月23日 — the year comes from the trip.
    _doc, found = seed
    assert found["meetings.0.start_date"] == how.DEFAULT
    assert how.flagged(found)["meetings.0.start_date"] == how.DEFAULT
    assert "title" not in how.flagged(found)


def test_missing_fields_are_flagged_missing():
    found = {}
    doc = parse_report((REPORTS / "r04_blank_form.txt").read_text("utf-8"), provenance=found)
    assert doc["report_date"] is None
    assert found["report_date"] == how.MISSING
    assert found["travelers.0.unit"] == how.MISSING
    assert how.flagged(found)["report_date"] == how.MISSING


def test_space_aligned_people_table_says_table():
    found = {}
    parse_report((REPORTS / "r05_training_space_table.txt").read_text("utf-8"), provenance=found)
    assert found["travelers.0.name"] == how.TABLE


def test_meeting_named_after_the_report_is_an_inference():
    found = {}
    doc = parse_report((REPORTS / "r02_tickbox_table_itinerary.txt").read_text("utf-8"), found)
    assert doc["meetings"][0]["title"]
    assert found["meetings.0.title"] == how.INFERENCE


def test_read_report_passes_provenance_through():
    found = {}
    read_report(SEED.read_bytes(), SEED.name, provenance=found)
    assert found["title"] == how.LABEL


def test_flagged_keeps_only_doubtful_entries():
    entries = {"a": how.LABEL, "b": how.INFERENCE, "c": how.DEFAULT, "d": how.MISSING}
    assert how.flagged(entries) == {"b": how.INFERENCE, "c": how.DEFAULT, "d": how.MISSING}


def test_inferred_agencies_and_prose_meetings_are_flagged_as_inference():
    found = {}
    doc = parse_report((REPORTS / "r10_name_title_cover.txt").read_text("utf-8"), found)
    assert doc["travelers"][0]["agency"] == "財政部關務署"  # not stated beside the name
    assert found["travelers.0.agency"] == how.INFERENCE
    found = {}
    doc = parse_report((REPORTS / "r08_gregorian_subsections.txt").read_text("utf-8"), found)
    assert (doc["agency"], found["agency"]) == ("財政部關務署", how.INFERENCE)
    assert found["travelers.0.agency"] == how.LABEL  # stated on its line
    found = {}
    name = "r24_taipei_customs_negotiation_prose_meeting.txt"
    doc = parse_report((REPORTS / name).read_text("utf-8"), found)
    assert doc["meetings"][0]["location"] == "美國海關及邊境保護局（CBP）總部"
    assert how.flagged(found)["meetings.0.location"] == how.INFERENCE
    assert how.flagged(found)["meetings.0.start_date"] == how.INFERENCE


def test_every_corpus_report_has_complete_provenance():
    for path in sorted(REPORTS.glob("r*.txt")):
        found = {}
        doc = read_report(path.read_bytes(), path.name, provenance=found)
        assert set(found) == set(how.expected_paths(doc)), path.name
        for path_, kind in found.items():
            assert (kind == how.MISSING) == how.is_empty(how.value_at(doc, path_)), path_


def test_a_report_naming_no_traveller_flags_the_travellers_missing():
    text = (
        "出國報告（出國類別：考察）\n\n赴德國考察港口保安制度報告\n\n服務機關：交通部航港局\n"
        "出國人：江○○等五人\n出國期間：民國104年6月1日至6月8日\n\n壹、目的\n瞭解德國港口保安制度。\n"
    )
    found = {}
    doc = parse_report(text, provenance=found)
    assert doc["travelers"] == []
    assert how.flagged(found)["travelers"] == how.MISSING
    found = {}
    parse_report(SEED.read_text("utf-8"), provenance=found)
    assert "travelers" not in found
