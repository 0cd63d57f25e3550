"""The import screen of the trip changelist: preview, confirm, errors, access."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delegates.models import Agency, Person
from meetings.importing import read_report
from meetings.models import Keyword, Meeting, Trip
from meetings.services import import_document, trip_to_document

from ..factories import make_trip
from ..importing.pdfbuild import build_pdf
from .conftest import SEED

IMPORT_URL = reverse("admin:meetings_trip_import")
CONFIRM_URL = reverse("admin:meetings_trip_process_import")
FORMATS = {"txt": "0", "docx": "1", "pdf": "2", "json": "3", "csv": "4", "xlsx": "5"}


def upload(client, name, data, fmt):
    return client.post(
        IMPORT_URL,
        {"format": FORMATS[fmt], "import_file": SimpleUploadedFile(name, data)},
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(CONFIRM_URL, data)


def test_import_page_offers_report_formats(client_for, superuser):
    response = client_for(superuser).get(IMPORT_URL)
    assert response.status_code == 200
    titles = [label for _value, label in response.context["form"].fields["format"].choices]
    assert titles[1:] == ["txt", "docx", "pdf", "json", "csv", "xlsx"]


def test_preview_then_confirm_creates_the_trip(client_for, superuser, seed_bytes):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "出席 2022 年亞太經濟合作(APEC)海關與企業對話(ACBD)" in page
    assert "New" in page or "新增" in page
    for name in ("劉麗霞", "柯佩君", "楊士宗"):
        assert name in page
    assert "2022年關務程序次級委員會第2次會議" in page
    trip_preview = preview.context["result"].valid_rows()[0].trip_preview
    counts = {row["label"]: row["count"] for row in trip_preview["rows"]}
    assert list(counts.values())[:3] == [3, 1, 2]
    assert trip_preview["action"] == "create"
    assert Trip.objects.count() == 0
    assert Person.objects.filter(name="劉麗霞").count() == 0

    done = confirm(client, preview)
    assert done.status_code == 302
    trip = Trip.objects.get()
    assert trip.created_by == superuser
    assert trip.source_file.name.endswith(SEED.name)
    with trip.source_file.open("rb") as stored:
        assert stored.read() == seed_bytes
    assert Meeting.objects.filter(trip=trip).count() == 2
    assert trip.status == Trip.Status.REPORT_SUBMITTED

    again = upload(client, SEED.name, seed_bytes, "txt")
    row = again.context["result"].valid_rows()[0]
    assert row.trip_preview["action"] == "unchanged"
    assert "Unchanged" in again.content.decode() or "未變更" in again.content.decode()
    confirm(client, again)
    assert Trip.objects.count() == 1


def test_changed_report_previews_an_update(client_for, superuser, seed_bytes):
    client = client_for(superuser)
    confirm(client, upload(client, SEED.name, seed_bytes, "txt"))
    changed = seed_bytes.replace("能力建構".encode(), "能力培育".encode())
    preview = upload(client, SEED.name, changed, "txt")
    trip_preview = preview.context["result"].valid_rows()[0].trip_preview
    assert trip_preview["action"] == "update"
    assert "Update" in preview.content.decode() or "更新" in preview.content.decode()
    confirm(client, preview)
    assert Trip.objects.count() == 1
    assert Keyword.objects.filter(name="能力培育").exists()


def test_json_documents_import_as_a_list(client_for, superuser, seed_doc):
    client = client_for(superuser)
    other = dict(seed_doc, title="另一份報告", system_id="X1")
    data = json.dumps([seed_doc, other], ensure_ascii=False).encode()
    preview = upload(client, "trips.json", data, "json")
    rows = preview.context["result"].valid_rows()
    assert [r.trip_preview["action"] for r in rows] == ["create", "create"]
    assert [r.trip_preview["file"] for r in rows] == ["trips.json #1", "trips.json #2"]
    confirm(client, preview)
    assert Trip.objects.count() == 2
    assert Person.objects.filter(name="劉麗霞").count() == 1


def test_json_with_a_bad_date_shows_the_field(client_for, superuser, seed_doc):
    client = client_for(superuser)
    data = json.dumps(dict(seed_doc, start_date="2022-13-45"), ensure_ascii=False).encode()
    response = upload(client, "trip.json", data, "json")
    page = response.content.decode()
    invalid = response.context["result"].invalid_rows
    assert "start_date" in invalid[0].field_specific_errors
    assert "start_date" in page
    assert "trip.json" in page
    assert "confirm_form" not in response.context
    assert Trip.objects.count() == 0


BAD_FILES = [
    ("empty.txt", b"", "txt"),
    ("garbage.txt", bytes(range(256)) * 40, "txt"),
    ("scan.pdf", build_pdf([[]], scanned=True), "pdf"),
    ("note.txt", "會議室借用登記表\n借用人：王小明\n".encode(), "txt"),
    ("wrong.txt", "出國報告".encode("utf-32"), "txt"),
    ("fake.docx", b"not a word document", "docx"),
]


@pytest.mark.parametrize(("name", "data", "fmt"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_show_the_reason_and_write_nothing(client_for, superuser, name, data, fmt):
    response = upload(client_for(superuser), name, data, fmt)
    assert response.status_code == 200
    messages = list(response.context["form"].errors.get("import_file", []))
    if "result" in response.context:
        result = response.context["result"]
        assert result.has_validation_errors()
        messages += [
            str(e) for row in result.invalid_rows for errs in row.error_dict.values() for e in errs
        ]
    assert messages
    page = response.content.decode()
    assert all(message in page for message in messages)
    assert "confirm_form" not in response.context
    assert not Trip.objects.exists()
    assert not Agency.objects.exists()


def test_files_over_20_mb_are_refused_before_parsing(client_for, superuser):
    big = SimpleUploadedFile("big.txt", b"x" * (20 * 1024 * 1024 + 1))
    response = client_for(superuser).post(IMPORT_URL, {"format": "0", "import_file": big})
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]
    assert "result" not in response.context
    assert not Trip.objects.exists()


def test_editor_imports_a_trip_of_their_agency(client_for, editor, customs, seed_bytes):
    client = client_for(editor)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    assert preview.context["result"].valid_rows()[0].trip_preview["action"] == "create"
    confirm(client, preview)
    assert Trip.objects.get().agency == customs


def test_editor_of_another_agency_cannot_import(client_for, other_editor, customs, seed_bytes):
    response = upload(client_for(other_editor), SEED.name, seed_bytes, "txt")
    invalid = response.context["result"].invalid_rows
    assert "agency" in invalid[0].field_specific_errors
    assert "another agency" in response.content.decode() or "其他機關" in response.content.decode()
    assert not Trip.objects.exists()
    assert not Person.objects.filter(name="劉麗霞").exists()


def test_viewer_cannot_reach_the_import_page(client_for, viewer):
    assert client_for(viewer).get(IMPORT_URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302


def import_seed(user=None):
    return import_document(read_report(SEED.read_bytes(), SEED.name), user=user).trip


EXPORT_URL = reverse("admin:meetings_trip_export")


def export(client, fmt):
    choices = {"json": "0", "csv": "1", "xlsx": "2"}
    return client.post(EXPORT_URL, {"format": choices[fmt], "resource": "0"})


def test_export_json_writes_trip_documents(client_for, superuser):
    trip = import_seed()
    response = export(client_for(superuser), "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == [trip_to_document(trip)]


def test_export_csv_and_xlsx_write_flat_rows(client_for, superuser):
    import_seed()
    client = client_for(superuser)
    csv = export(client, "csv").content.decode("utf-8")
    header = csv.splitlines()[0]
    assert header.startswith("system_id,title,category,agency,start_date")
    assert "財政部關務署" in csv
    assert "APEC" in csv
    xlsx = export(client, "xlsx")
    assert xlsx.content[:2] == b"PK"


def test_exports_leave_out_restricted_trips_of_other_agencies(
    client_for, other_editor, customs, other_agency
):
    trip = import_seed()
    Trip.objects.filter(pk=trip.pk).update(access=Trip.Access.RESTRICTED)
    make_trip(other_agency, title="衛福部報告")
    client = client_for(other_editor)
    titles = [d["title"] for d in json.loads(export(client, "json").content)]
    assert titles == ["衛福部報告"]
    assert trip.title not in export(client, "csv").content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_trip_list_imports_back_unchanged(client_for, superuser, fmt):
    trip = import_seed()
    client = client_for(superuser)
    data = export(client, fmt).content
    preview = upload(client, f"trips.{fmt}", data, fmt)
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"]
    confirm(client, preview)
    assert Trip.objects.count() == 1
    assert trip_to_document(Trip.objects.get()) == trip_to_document(trip)


def test_trip_list_creates_and_updates_trips(client_for, superuser, customs):
    import_seed()
    header = (
        "system_id,title,category,agency,start_date,end_date,report_date,status,access,keywords"
    )
    rows = [
        "S-1,出席 WCO 會議報告,meeting,財政部關務署臺北關,2024-01-02,2024-01-05,,draft,open,"
        "WCO; apec",
        (
            ",出席 2022 年亞太經濟合作(APEC)海關與企業對話(ACBD)及關務程序次級委員會(SCCP)"
            "第 2 次會議報告,meeting,財政部關務署,2022-08-22,2022-08-26,2022-11-14,published,"
            "restricted,APEC"
        ),
    ]
    data = "\n".join([header, *rows]).encode()
    client = client_for(superuser)
    preview = upload(client, "trips.csv", data, "csv")
    assert [row.import_type for row in preview.context["result"].rows] == ["new", "update"]
    confirm(client, preview)
    new = Trip.objects.get(system_id="S-1")
    assert new.agency.parent == customs
    assert sorted(new.keywords.values_list("name", flat=True)) == ["APEC", "WCO"]
    assert new.created_by == superuser
    assert Trip.objects.get(system_id=None).status == Trip.Status.PUBLISHED


def seed_docx():
    import io

    import docx

    document = docx.Document()
    for line in SEED.read_text("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_pdf():
    lines = SEED.read_text("utf-8").splitlines()
    return build_pdf([lines[i : i + 60] for i in range(0, len(lines), 60)])


@pytest.mark.parametrize(
    ("name", "make", "fmt"),
    [("report.docx", seed_docx, "docx"), ("report.pdf", seed_pdf, "pdf")],
    ids=["docx", "pdf"],
)
def test_word_and_pdf_reports_import_through_the_preview(client_for, superuser, name, make, fmt):
    client = client_for(superuser)
    data = make()
    preview = upload(client, name, data, fmt)
    row = preview.context["result"].valid_rows()[0]
    assert row.trip_preview["action"] == "create"
    assert "劉麗霞" in preview.content.decode()
    confirm(client, preview)
    trip = Trip.objects.get()
    assert trip.title.startswith("出席 2022 年亞太經濟合作")
    assert trip.source_file.name.endswith(name)
    with trip.source_file.open("rb") as stored:
        assert stored.read() == data
    assert "劉麗霞" in trip.source_text


def test_csv_row_of_another_agency_is_refused(client_for, other_editor, customs, other_agency):
    header = (
        "system_id,title,category,agency,start_date,end_date,report_date,status,access,keywords"
    )
    row = ",出席會議報告,meeting,財政部關務署,2024-01-02,2024-01-05,,draft,open,WCO"
    response = upload(client_for(other_editor), "trips.csv", f"{header}\n{row}\n".encode(), "csv")
    invalid = response.context["result"].invalid_rows
    assert "agency" in invalid[0].field_specific_errors
    assert not Trip.objects.exists()
