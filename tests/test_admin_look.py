"""The admin in the portal's ways: ROC dates, plain titles, an import screen that
explains itself and confirms only a change, clear refusals, whole follow-up text."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import FollowUp, Lesson, Trip

from .factories import make_trip

IMPORT_URL = reverse("admin:meetings_trip_import")
SEED = Path(__file__).resolve().parents[1] / "data" / "reports" / "000_c82191a8b989691b.txt"


@pytest.fixture
def seed_bytes():
    return SEED.read_bytes()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_trip_list_shows_roc_dates_and_plain_title(chinese_ui, client_for, superuser, customs):
    make_trip(customs, title="ROC 測試")
    html = client_for(superuser).get(reverse("admin:meetings_trip_changelist")).content.decode()
    assert '<td class="field-start_date">民國 111 年 8 月 22 日</td>' in html
    assert "2022年8月22日" not in html
    assert "選擇 出國案 來修改" not in html
    assert "出國案列表：點選一筆來修改" in html


def test_date_fields_show_their_roc_reading(chinese_ui, client_for, superuser, customs):
    trip = make_trip(customs)
    url = reverse("admin:meetings_trip_change", args=[trip.pk])
    html = client_for(superuser).get(url).content.decode()
    assert re.search(
        r'name="start_date"[^>]*value="2022[-/]08[-/]22"[^>]*>.*?'
        r'<span class="roc-hint" data-roc-for="id_start_date"[^>]*>民國 111 年 8 月 22 日</span>',
        html,
        re.S,
    )
    assert "js/admin-roc.js" in html
    assert "css/admin-overrides.css" in html


def test_follow_up_text_is_cut_with_an_ellipsis(client_for, superuser, open_trip):
    FollowUp.objects.create(trip=open_trip, description="甲" * 120)
    html = client_for(superuser).get(reverse("admin:meetings_followup_changelist"))
    assert "甲" * 79 + "…" in html.content.decode()


def test_import_page_explains_instead_of_listing_field_names(chinese_ui, client_for, superuser):
    html = client_for(superuser).get(IMPORT_URL).content.decode()
    assert "可以匯入的檔案" in html and "匯入流程" in html
    assert "system_id, title, category" not in html
    assert "依副檔名判斷" in html and "novalidate" in html


def test_a_png_is_refused_in_the_users_language(chinese_ui, client_for, superuser):
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    response = client_for(superuser).post(IMPORT_URL, {"format": "", "import_file": png})
    html = response.content.decode()
    assert "無法匯入這種檔案（.png）" in html
    assert "Please select an item" not in html
    assert not Trip.objects.exists()


def test_the_format_follows_the_extension(client_for, superuser, seed_bytes, media_root):
    report = SimpleUploadedFile("report.txt", seed_bytes)
    response = client_for(superuser).post(IMPORT_URL, {"format": "", "import_file": report})
    assert response.context["confirm_form"] is not None
    assert 'name="confirm"' in response.content.decode()


def test_confirm_is_offered_only_when_something_changes(
    chinese_ui, client_for, superuser, seed_bytes, media_root
):
    client = client_for(superuser)

    def preview():
        upload = SimpleUploadedFile("000_c82191a8b989691b.txt", seed_bytes)
        return client.post(IMPORT_URL, {"format": "0", "import_file": upload})

    first = preview()
    form = first.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    assert client.post(reverse("admin:meetings_trip_process_import"), data).status_code == 302
    again = preview().content.decode()
    assert 'name="confirm"' not in again
    assert "沒有需要匯入的內容" in again


@pytest.mark.parametrize(
    "changelist", ["admin:meetings_followup_changelist", "admin:meetings_lesson_changelist"]
)
def test_follow_up_and_lesson_lists_name_the_trip_column_in_chinese(
    chinese_ui, client_for, superuser, open_trip, changelist
):
    FollowUp.objects.create(trip=open_trip, description="交換關務資料")
    Lesson.objects.create(trip=open_trip, title="掌握策略計畫要點")
    html = client_for(superuser).get(reverse(changelist)).content.decode()
    headers = re.findall(r"column-trip.*?</th>", html, re.S)
    assert headers and "出國案" in headers[0] and "Trip" not in headers[0]
