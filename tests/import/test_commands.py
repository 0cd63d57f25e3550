"""The parse_report and import_report commands, and the first-run bootstrap."""

import json
import shutil
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from delegates.models import Agency, Person
from meetings.models import Keyword, Trip
from meetings.services import trip_to_document

from ..importing.pdfbuild import build_pdf
from .conftest import REPORTS, SEED, VARIANTS


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_parse_report_prints_only_the_json_document(seed_doc):
    out, err = run("parse_report", str(SEED))
    assert json.loads(out) == seed_doc
    assert "出席 2022 年" in out  # not escaped
    assert err == ""


BAD_INPUTS = {
    "empty.txt": b"",
    "garbage.txt": bytes(range(256)) * 40,
    "scan.pdf": build_pdf([[]], scanned=True),
    "notes.txt": "會議室借用登記表\n借用人：王小明\n".encode(),
    "wrong.txt": "出國報告".encode("utf-32"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_parse_report_refuses_bad_files_with_one_line(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD_INPUTS[name])
    with pytest.raises(CommandError) as caught:
        run("parse_report", str(path))
    message = str(caught.value)
    assert message.startswith(name + ": ")
    assert "\n" not in message


def test_parse_report_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run("parse_report", str(tmp_path / "missing.txt"))


def test_parse_report_refuses_files_over_20_mb(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(CommandError, match="20 MB"):
        run("parse_report", str(path))


@pytest.mark.django_db
def test_import_report_imports_a_file(superuser):
    out, err = run("import_report", str(SEED), "--user", superuser.username)
    trip = Trip.objects.get()
    assert f"[1/1] {SEED.name}: created trip #{trip.pk}" in err
    assert out.startswith("1 created, 0 updated, 0 unchanged, 0 failed")
    assert trip.created_by == superuser
    assert trip.source_file.name.endswith(SEED.name)


@pytest.mark.django_db
def test_import_report_walks_folders_and_sums_up(tmp_path):
    folder = tmp_path / "reports"
    (folder / "nested").mkdir(parents=True)
    for path in REPORTS:
        shutil.copy(path, folder / "nested" / path.name)
    (folder / "readme.md").write_text("not a report")
    out, err = run("import_report", str(folder))
    assert f"{len(REPORTS)} created, 0 updated, 0 unchanged, 0 failed" in out
    assert f"[{len(REPORTS)}/{len(REPORTS)}]" in err
    assert Trip.objects.count() == len(REPORTS)
    out, _err = run("import_report", str(folder))
    assert f"0 created, 0 updated, {len(REPORTS)} unchanged, 0 failed" in out
    assert Trip.objects.count() == len(REPORTS)


@pytest.mark.django_db
def test_import_report_reads_json_documents(tmp_path, seed_doc):
    other = dict(seed_doc, title="另一份報告")
    path = tmp_path / "trips.json"
    path.write_text(json.dumps([seed_doc, other], ensure_ascii=False), "utf-8")
    out, _err = run("import_report", str(path))
    assert out.startswith("2 created")
    assert Person.objects.filter(name="劉麗霞").count() == 1


@pytest.mark.django_db
def test_import_report_lists_failures_and_exits_non_zero(tmp_path):
    for name, data in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    shutil.copy(SEED, tmp_path / SEED.name)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("import_report", str(tmp_path), stdout=out, stderr=err)
    assert f"1 created, 0 updated, 0 unchanged, {len(BAD_INPUTS)} failed" in out.getvalue()
    for name in BAD_INPUTS:
        assert f"failed: {name}: " in out.getvalue()
    assert Trip.objects.count() == 1


@pytest.mark.django_db
def test_import_report_with_bad_files_only_writes_nothing(tmp_path):
    for name, data in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    with pytest.raises(CommandError):
        run("import_report", str(tmp_path))
    assert not Trip.objects.exists()
    assert not Agency.objects.exists()
    assert not Keyword.objects.exists()


@pytest.mark.django_db
def test_import_report_refuses_files_over_20_mb(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_report", str(path), stdout=out, stderr=err)
    assert "20 MB" in out.getvalue()
    assert not Trip.objects.exists()


@pytest.mark.django_db
def test_import_report_dry_run_writes_nothing():
    out, err = run("import_report", str(SEED), "--dry-run")
    assert "would create" in err
    assert "dry run" in out
    assert not Trip.objects.exists()


@pytest.mark.django_db
def test_import_report_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="No user"):
        run("import_report", str(SEED), "--user", "nobody")


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_bootstrap_imports_the_seed_once(seed_doc):
    run("bootstrap")
    run("bootstrap")
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    trip = Trip.objects.get()
    assert trip.pk == 1
    assert trip_to_document(trip) == seed_doc


def test_variants_folder_is_not_empty():
    assert len(REPORTS) > 5 and VARIANTS.is_dir()


def test_bench_import_measures_on_a_temporary_database():
    out, _err = run("bench_import", "--reports", "3", "--runs", "2")
    assert "seed parse:" in out
    assert "import_report: 3 created, 0 updated, 0 unchanged, 0 failed" in out
    assert "reports/s" in out
