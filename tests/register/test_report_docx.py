"""The report as a Word file: the layout, the round trip through the parser, the
download on the trip page and the export_report_docx command."""

import io
from io import StringIO

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.importing import empty_document, read_report, validate_document
from meetings.importing.extract import extract_text
from meetings.models import Trip
from meetings.services import import_document, trip_to_document
from meetings.services.exporting import export_queryset
from meetings.services.report_docx import document_to_docx

from ..factories import make_trip
from ..pages.builders import full_trip
from .conftest import SEED, reports


def docx_text(data):
    return extract_text(data, "report.docx")


def exported(trip):
    return trip_to_document(export_queryset(Trip.objects.filter(pk=trip.pk)).get())


@pytest.mark.parametrize("path", reports(), ids=lambda p: p.name)
def test_parsing_the_generated_report_gives_back_the_parsed_document(path):
    parsed = read_report(path.read_bytes(), path.name)
    again = read_report(document_to_docx(parsed), "generated.docx")
    assert again == parsed


@pytest.mark.django_db
@pytest.mark.parametrize("path", reports(), ids=lambda p: p.name)
def test_round_trip_of_an_imported_report_through_word(path):
    trip = import_document(read_report(path.read_bytes(), path.name)).trip
    data = document_to_docx(exported(trip))
    assert read_report(data, "generated.docx") == exported(trip)
    # And importing it changes nothing.
    again = import_document(read_report(data, "generated.docx"))
    assert again.action == "unchanged"
    assert again.trip.pk == trip.pk


def test_the_layout_has_cover_summary_table_contents_and_body():
    parsed = read_report(SEED.read_bytes(), SEED.name)
    data = document_to_docx(parsed)
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "行政院及所屬各機關出國報告"
    assert "（出國類別：開會）" in paragraphs
    assert parsed["title"] in paragraphs
    assert "服務機關：財政部關務署" in paragraphs
    assert "出國期間：民國111年8月22日至民國111年8月26日" in paragraphs
    assert "報告日期：民國111年11月14日" in paragraphs
    assert any(p.startswith("姓名職稱：劉麗霞 副組長") for p in paragraphs)
    assert any(p.startswith("派赴國家：泰國清邁") for p in paragraphs)
    table = document.tables[0]
    labels = [row.cells[0].text for row in table.rows if row.cells[0].text]
    assert labels[:6] == ["系統識別號", "計畫名稱", "報告名稱", "主辦機關", "聯絡人", "出國人員"]
    assert labels[-4:] == ["關鍵詞", "報告書頁數", "含附件", "內容摘要"]
    contents = paragraphs.index("目錄")
    first_heading = parsed["sections"][0]["heading"]
    assert paragraphs[contents + 1] == first_heading
    # The contents list the numbered items under each section (壹、一、（一）).
    assert "一、積極參與國際活動，促進區域經濟合作" in paragraphs[contents : contents + 40]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s["heading"] for s in parsed["sections"]]


def plan_document():
    doc = empty_document()
    doc.update(
        title="出席 2026 年世界關務組織政策委員會會議報告",
        plan_name="115年度參加世界關務組織會議",
        category="meeting",
        agency="財政部關務署",
        contact={"name": "王大明", "title": "科長", "phone": None},
        travelers=[
            {
                "name": "王大明",
                "title": "科長",
                "unit": "稽核組",
                "agency": "財政部關務署",
                "rank": "junior",
            },
            {
                "name": "陳小華",
                "title": "專員",
                "unit": None,
                "agency": "財政部關務署",
                "rank": None,
            },
        ],  # fmt: skip
        destinations=[{"country": "BE", "city": "布魯塞爾"}],
        start_date="2026-06-19",
        end_date="2026-06-23",
        purposes=[{"title": "掌握世界關務組織政策方向", "body": None}],
        meetings=[
            {
                "title": "第245屆政策委員會會議",
                "title_en": "245th Session of the Policy Commission",
                "acronym": None,
                "start_date": "2026-06-19",
                "end_date": "2026-06-21",
                "location": "比利時布魯塞爾",
                "chairs": ["Mr. Ian Saunders"],
                "agenda": [
                    {"label": None, "title": "開幕", "items": []},
                    {"label": None, "title": "數位轉型", "items": []},
                ],
                "minutes": [],
                "decisions": [],
            }
        ],
    )
    return validate_document(doc)


def test_a_plan_gives_a_report_prefilled_with_what_the_portal_knows():
    plan = plan_document()
    data = document_to_docx(plan)
    text = docx_text(data)
    assert "壹、目的" in text and "貳、過程" in text and "參、心得及建議" in text
    assert "（四）議程：" in text
    back = read_report(data, "plan.docx")
    # Everything known comes back; the body is the outline the traveller writes into.
    assert {k: v for k, v in back.items() if k != "sections"} == {
        k: v for k, v in plan.items() if k != "sections"
    }
    assert [s["heading"] for s in back["sections"]] == ["壹、目的", "貳、過程", "參、心得及建議"]


def test_an_empty_summary_sheet_reads_back_as_not_stated():
    doc = validate_document({**empty_document(), "title": "赴日本研習報告"})
    back = read_report(document_to_docx(doc), "x.docx")
    assert {**back, "sections": []} == doc
    assert back["contact"] == {"name": None, "title": None, "phone": None}
    assert back["travelers"] == [] and back["system_id"] is None and back["pages"] is None


# The download on the trip page ----------------------------------------------------


@pytest.mark.django_db
def test_viewer_downloads_the_report_of_a_trip(client_for, viewer, customs):
    trip = full_trip(customs, size=2, system_id="C11100001")
    response = client_for(viewer).get(reverse("meetings:trip-report-docx", args=[trip.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "行政院及所屬各機關出國報告" in text
    assert "系統識別號\tC11100001" in text
    assert trip.title in text


@pytest.mark.django_db
def test_the_trip_page_links_to_the_word_report(client_for, viewer, open_trip):
    html = client_for(viewer).get(open_trip.get_absolute_url()).content.decode()
    assert reverse("meetings:trip-report-docx", args=[open_trip.pk]) in html


@pytest.mark.django_db
def test_another_agencys_restricted_trip_is_not_found(client_for, other_editor, restricted_trip):
    url = reverse("meetings:trip-report-docx", args=[restricted_trip.pk])
    assert client_for(other_editor).get(url).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in_and_post_is_refused(client, client_for, viewer, open_trip):
    url = reverse("meetings:trip-report-docx", args=[open_trip.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client_for(viewer).post(url).status_code == 405
    missing = reverse("meetings:trip-report-docx", args=[open_trip.pk + 1000])
    assert client_for(viewer).get(missing).status_code == 404


@pytest.mark.django_db
def test_the_download_reads_a_fixed_number_of_queries(client_for, viewer, customs):
    small = full_trip(customs, size=1, title="小")
    large = full_trip(customs, size=8, title="大")
    client = client_for(viewer)
    client.get(reverse("meetings:trip-report-docx", args=[small.pk]))
    counts = []
    for trip in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("meetings:trip-report-docx", args=[trip.pk]))
            assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The command ---------------------------------------------------------------------


@pytest.mark.django_db
def test_command_writes_the_report_of_a_trip(tmp_path, customs):
    trip = full_trip(customs, size=1)
    target = tmp_path / "out.docx"
    out = StringIO()
    call_command("export_report_docx", str(trip.pk), "-o", str(target), stdout=out)
    assert trip.title in out.getvalue()
    back = read_report(target.read_bytes(), target.name)
    assert back["title"] == trip.title
    assert back["system_id"] is None and back["plan_name"] == "111 年度出席 APEC 會議"


@pytest.mark.django_db
def test_command_refuses_an_unknown_trip_and_an_unwritable_file(tmp_path, customs):
    trip = make_trip(customs)
    with pytest.raises(CommandError, match="no trip with id"):
        call_command("export_report_docx", str(trip.pk + 99), stdout=StringIO())
    with pytest.raises(CommandError, match="cannot write"):
        call_command(
            "export_report_docx",
            str(trip.pk),
            "-o",
            str(tmp_path / "missing" / "x.docx"),
            stdout=StringIO(),
        )
