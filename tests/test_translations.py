"""The Traditional Chinese catalogue is complete, compiled, and what staff actually see."""

import importlib.util
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from delegates.models import Person
from meetings.models import FollowUp, Meeting

LOCALE_DIR = django_settings.BASE_DIR / "locale" / "zh_Hant" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
# Strings of third-party apps that ship no zh_Hant catalogue of their own.
VENDOR_DIR = django_settings.BASE_DIR / "locale" / "vendor" / "zh_Hant" / "LC_MESSAGES"
VENDOR_PO_PATH = VENDOR_DIR / "django.po"
CATALOGUES = [PO_PATH, VENDOR_PO_PATH]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def load_untranslated_script():
    path = django_settings.BASE_DIR / "scripts" / "untranslated.py"
    spec = importlib.util.spec_from_file_location("untranslated", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


untranslated = load_untranslated_script()


@pytest.fixture(scope="module")
def entries():
    return untranslated.parse_po(PO_PATH)


@pytest.fixture
def chinese(settings):
    settings.LANGUAGE_CODE = "zh-hant"  # the production default; the suite runs in English


def test_catalogue_has_the_portal_strings(entries):
    msgids = {entry.msgid for entry in entries}
    assert {"Log in", "Follow-ups", "International Meeting Portal"} <= msgids
    assert len(entries) > 400


@pytest.mark.parametrize("po_path", CATALOGUES, ids=["portal", "vendor"])
def test_every_message_is_translated_and_none_is_fuzzy(po_path):
    todo = [entry.msgid for entry in untranslated.parse_po(po_path) if entry.needs_work]
    assert todo == [], "run scripts/untranslated.py and translate these"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=["portal", "vendor"])
def test_header_declares_one_plural_form(po_path):
    header = po_path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
    assert "#, fuzzy" not in header


@pytest.mark.parametrize("po_path", CATALOGUES, ids=["portal", "vendor"])
def test_translations_keep_every_placeholder(po_path):
    for entry in untranslated.parse_po(po_path):
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural is not None:
            expected |= set(PLACEHOLDER.findall(entry.msgid_plural))
        for text in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(text)) == expected, entry.msgid


@pytest.mark.parametrize("po_path", CATALOGUES, ids=["portal", "vendor"])
def test_compiled_catalogue_matches_the_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "run compilemessages and commit the .mo"
    entries = untranslated.parse_po(po_path)
    assert untranslated.stale_mo_problems(entries, mo_path) == []


def test_vendor_catalogue_is_loaded_after_the_portal_one():
    assert [PO_PATH.parents[2], VENDOR_PO_PATH.parents[2]] == django_settings.LOCALE_PATHS


def test_untranslated_script_reports_empty_and_fuzzy_messages(tmp_path, capsys):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Done"\nmsgstr "已完成"\n\n'
        'msgid "Open"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "Due: %(date)s"\nmsgstr "到期：%(date)s"\n\n'
        'msgctxt "person"\nmsgid "name"\nmsgid_plural "names"\nmsgstr[0] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert untranslated.main([str(po)]) == 0
    assert untranslated.main([str(po), "--check"]) == 1
    out = capsys.readouterr().out
    assert "empty: 'Open'" in out
    assert "fuzzy: 'Due: %(date)s'" in out
    assert "empty: 'name' [context 'person']" in out
    assert "Done" not in out
    assert "Gone" not in out
    assert "1 of 4 messages translated, 3 to do." in out


def test_person_name_and_title_have_their_own_words():
    with translation.override("zh-hant"):
        assert str(Person._meta.get_field("name").verbose_name) == "姓名"
        assert str(Person._meta.get_field("title").verbose_name) == "職稱"
        assert str(Meeting._meta.get_field("title").verbose_name) == "標題"
        assert FollowUp.Status.IN_PROGRESS.label == "辦理中"
    with translation.override("en"):
        assert str(Person._meta.get_field("title").verbose_name) == "title"


def test_login_page_in_chinese_by_default_and_in_english_on_request(client, chinese):
    page = client.get(reverse("login")).content.decode()
    assert "登入" in page
    assert "國際會議資訊入口網" in page
    assert "Log in" not in page
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in page
    assert "登入" not in page


def test_taiwanese_browsers_get_traditional_chinese(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9").content.decode()
    assert 'lang="zh-Hant"' in page
    assert "登入" in page


def test_language_switch_keeps_english_for_the_session(client_for, editor, chinese):
    client = client_for(editor)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert "Log out" in page
    assert "登出" not in page


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("home", ["首頁", "登出", "我的待辦後續辦理事項"]),
        ("meetings:followup-list", ["後續辦理事項", "篩選", "到期日"]),
        ("meetings:recommendation-list", ["建議事項", "採納情形"]),
        ("meetings:series-list", ["會議系列"]),
        ("meetings:calendar-settings", ["行事曆訂閱與提醒"]),
        ("admin:index", ["國際會議資訊入口網", "出國案"]),
        ("admin:meetings_trip_import", ["<title>匯入", "出國報告", "要匯入的檔案", "格式"]),
    ],
)
def test_main_pages_render_in_chinese(client_for, editor, chinese, url_name, expected):
    response = client_for(editor).get(reverse(url_name))
    assert response.status_code == 200
    page = response.content.decode()
    for text in expected:
        assert text in page, text


def test_trip_change_form_and_follow_up_page_in_chinese(client_for, editor, open_trip, chinese):
    follow_up = FollowUp.objects.create(trip=open_trip, description="回報 SCCP 會議結論")
    client = client_for(editor)
    page = client.get(reverse("admin:meetings_trip_change", args=[open_trip.pk]))
    assert page.status_code == 200
    for text in ["主辦機關", "報告繳交期限", "系統識別號", "計畫名稱", "出國地區"]:
        assert text in page.content.decode(), text
    page = client.get(reverse("meetings:followup-detail", args=[follow_up.pk]))
    assert page.status_code == 200
    for text in ["待辦", "辦理歷程", "變更狀態"]:
        assert text in page.content.decode(), text


def test_log_in_security_section_of_the_admin_in_chinese(client_for, administrator, chinese):
    page = client_for(administrator).get(reverse("admin:index")).content.decode()
    assert "登入安全" in page
    assert "登入嘗試" in page
    assert ">Axes<" not in page


def test_search_trip_and_agency_pages_in_chinese(client_for, editor, open_trip, chinese):
    meeting = Meeting.objects.create(
        trip=open_trip, title="APEC SCCP 第二次會議", location="Chiang Mai", format="in_person"
    )
    open_trip.sections.create(heading="壹、目的", body="出席 SCCP", order=1)
    client = client_for(editor)
    pages = {
        reverse("meetings:search") + "?q=SCCP": ["搜尋歷次會議", "篩選與排序", "相關程度"],
        reverse("meetings:trip-list"): ["篩選出國案", "標題包含", "套用篩選", "由新到舊"],
        reverse("meetings:trip-list") + "?year=abc": ["請修正下方標示的篩選條件。", "清除篩選"],
        open_trip.get_absolute_url(): ["本頁內容", "頁數", "展開所有章節", "出國報告"],
        meeting.get_absolute_url(): ["會議形式", "議程", "尚無議程紀錄。"],
        reverse("delegates:agency-list"): ["依層級列出各機關"],
        open_trip.agency.get_absolute_url(): ["本機關的出國案", "本機關人員", "職稱"],
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for text in expected:
            assert text in page, (url, text)
        assert "分頁 —" not in page


def test_follow_up_heading_uses_a_full_width_colon(client_for, editor, open_trip, chinese):
    follow_up = FollowUp.objects.create(trip=open_trip, description="回報 SCCP 會議結論")
    page = client_for(editor).get(reverse("meetings:followup-detail", args=[follow_up.pk]))
    assert "<h1>後續辦理事項：回報 SCCP 會議結論</h1>" in page.content.decode()


def test_history_without_a_reason_shows_a_dash_not_none(client_for, editor, open_trip, chinese):
    page = client_for(editor).get(reverse("admin:meetings_trip_history", args=[open_trip.pk]))
    assert page.status_code == 200
    cells = re.findall(r"<td>\s*(.*?)\s*</td>", page.content.decode(), flags=re.S)
    assert "—" in cells
    assert "None" not in cells


def test_messages_check_finds_strings_not_in_the_catalogue(tmp_path):
    """`make messages-check` extracts the sources afresh: a legend in a template and an
    empty state in Python that nobody put in the catalogue fail the check."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}<legend>{% translate "A legend nobody translated" %}</legend>'
        '<p class="empty">{% translate "Log in" %}</p>',
        encoding="utf-8",
    )
    (tmp_path / "meetings").mkdir()
    (tmp_path / "meetings" / "views.py").write_text(
        "from django.utils.translation import gettext as _\n"
        'EMPTY = _("An empty state nobody translated")\n',
        encoding="utf-8",
    )
    entries = untranslated.extract_from_sources(PO_PATH, source_root=tmp_path)
    todo = {entry.msgid for entry in entries if entry.needs_work}
    assert {"A legend nobody translated", "An empty state nobody translated"} <= todo
    # Translated strings of those sources are not reported; the real catalogue is untouched.
    assert "Log in" not in todo
    assert "A legend nobody translated" not in PO_PATH.read_text(encoding="utf-8")


def test_messages_check_passes_on_the_portal_sources():
    entries = untranslated.extract_from_sources(PO_PATH)
    assert [entry.msgid for entry in entries if entry.needs_work] == []
