"""Import refusals say in the user's language what is wrong and where; one document
is limited in size (issue 10, item 8)."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.importing import document
from meetings.importing.document import SCHEMA, check_importable, validate_document
from meetings.importing.errors import ReportError
from meetings.models import Trip

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:meetings_trip_import")
FORMATS = {"json": "3", "csv": "4"}
HAN = re.compile(r"[\u4e00-\u9fff]")
RAW = ("RecursionError", "Error:", "Traceback", "not found in dataset", "another agency")


def refusal(client, name, data, fmt):
    """Every message the import page shows for an upload."""
    upload = SimpleUploadedFile(name, data)
    response = client.post(IMPORT_URL, {"format": FORMATS[fmt], "import_file": upload})
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert not Trip.objects.exists()
    return response, page


def assert_clear(page, *expected):
    for word in RAW:
        assert word not in page, word
    for text in expected:
        assert text in page, text


def test_deeply_nested_json_is_refused_in_chinese(client_for, superuser, chinese_ui):
    data = b"[" * 100_000 + b"]" * 100_000
    response, page = refusal(client_for(superuser), "deep.json", data, "json")
    assert_clear(page, "deep.json", "層")


def test_csv_missing_columns_names_them_in_chinese(client_for, superuser, chinese_ui):
    data = "title,category\n出席會議報告,meeting\n".encode()
    response, page = refusal(client_for(superuser), "trips.csv", data, "csv")
    assert_clear(page, "start_date", "欄")


def test_document_with_only_a_schema_names_the_missing_title(client_for, editor, chinese_ui):
    data = json.dumps({"schema": SCHEMA}).encode()
    response, page = refusal(client_for(editor), "empty.json", data, "json")
    assert_clear(page, "title", "標題")


def test_document_without_an_agency_says_so_to_an_editor(client_for, editor, chinese_ui):
    data = json.dumps({"schema": SCHEMA, "title": "出席會議報告"}, ensure_ascii=False).encode()
    response, page = refusal(client_for(editor), "no-agency.json", data, "json")
    assert_clear(page, "agency", "機關")


@pytest.mark.parametrize(
    "key,item",
    [
        ("follow_ups", {"description": "待辦"}),
        ("lessons", {"title": "心得"}),
        ("attachments", {"number": 1, "title": "附件"}),
        ("meetings", {"title": "會議"}),
    ],
)
def test_lists_past_their_limit_are_refused(key, item):
    limit = document.LIST_LIMITS[key]
    doc = {"schema": SCHEMA, "title": "t", key: [item] * limit}
    assert len(check_importable(validate_document(doc))[key]) == limit
    with pytest.raises(ReportError) as refused:
        check_importable(validate_document({**doc, key: [item] * (limit + 1)}))
    assert refused.value.field == key
    assert str(limit) in str(refused.value)


def test_ten_thousand_follow_ups_are_refused_on_the_import_page(client_for, superuser, chinese_ui):
    doc = {"schema": SCHEMA, "title": "t", "follow_ups": [{"description": "d"}] * 10_000}
    response, page = refusal(client_for(superuser), "many.json", json.dumps(doc).encode(), "json")
    assert_clear(page, "follow_ups", "500")
    assert HAN.search(page)
