"""Names that exist only because of a restricted trip stay invisible to other agencies.

Meeting series, organisations, keywords and glossary terms are created from a trip's
records; one used only by a restricted trip of 關務署 must not show to the health
ministry on any list, drop-down, autocomplete or admin page, nor widen its searches.
A name used by at least one visible record is visible.
"""

import json

import pytest
from django.urls import reverse

from meetings.models import GlossaryTerm, Keyword, MeetingSeries, Organisation

from .conftest import MARK, marks_in

pytestmark = pytest.mark.django_db

INTRANET_PAGES = [
    ("meetings:series-list", {}),
    ("meetings:trip-list", {}),
    ("meetings:followup-list", {}),
    ("meetings:search", {}),
    ("meetings:search", {"q": "會議"}),
]


@pytest.mark.parametrize("name,params", INTRANET_PAGES)
def test_intranet_lists_and_drop_downs_hide_the_names(
    client_for, other_editor, hidden, name, params
):
    response = client_for(other_editor).get(reverse(name), params)
    assert response.status_code == 200
    assert marks_in(response.content) == []


@pytest.mark.parametrize("name,params", INTRANET_PAGES)
def test_the_trips_own_agency_still_sees_the_names(client_for, viewer, hidden, name, params):
    response = client_for(viewer).get(reverse(name), params)
    if name in ("meetings:series-list", "meetings:trip-list", "meetings:search"):
        assert MARK["series"] in response.content.decode()


def test_series_page_is_404_for_another_agency(client_for, other_editor, viewer, hidden):
    url = reverse("meetings:series-detail", args=[hidden.series.pk])
    assert client_for(other_editor).get(url).status_code == 404
    assert client_for(viewer).get(url).status_code == 200


def test_hidden_series_cannot_be_chosen_as_a_filter(client_for, other_editor, hidden):
    client = client_for(other_editor)
    response = client.get(reverse("meetings:trip-list"), {"series": hidden.series.pk})
    assert response.context["filter"].form.errors
    response = client.get(reverse("meetings:followup-list"), {"series": hidden.series.pk})
    assert marks_in(response.content) == []


def admin_pages(obj):
    app, name = obj._meta.app_label, obj._meta.model_name
    return [
        reverse(f"admin:{app}_{name}_changelist"),
        reverse(f"admin:{app}_{name}_change", args=[obj.pk]),
        reverse(f"admin:{app}_{name}_history", args=[obj.pk]),
    ]


@pytest.mark.parametrize("kind", ["series", "organisation", "keyword", "term"])
def test_admin_list_change_and_history_hide_the_names(
    client_for, other_editor, editor, hidden, kind
):
    obj = getattr(hidden, kind)
    outsider = client_for(other_editor)
    for url in admin_pages(obj):
        response = outsider.get(url)
        assert marks_in(response.content) == [], url
        if "/change/" in url or "/history/" in url:
            # As for a missing record: back to the admin index.
            assert response.status_code == 302, url
    insider = client_for(editor)
    for url in admin_pages(obj):
        assert insider.get(url).status_code == 200, url


AUTOCOMPLETES = [
    ("meetings", "meeting", "series"),
    ("meetings", "trip", "keywords"),
]


@pytest.mark.parametrize("app_label,model_name,field_name", AUTOCOMPLETES)
def test_admin_autocomplete_hides_the_names(
    client_for, other_editor, editor, hidden, app_label, model_name, field_name
):
    url = (
        f"/admin/autocomplete/?app_label={app_label}&model_name={model_name}"
        f"&field_name={field_name}&term=ZQX"
    )
    response = client_for(other_editor).get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == []
    response = client_for(editor).get(url)
    assert len(json.loads(response.content)["results"]) == 1


def test_admin_meeting_filters_hide_the_series_and_organisation(client_for, other_editor, hidden):
    response = client_for(other_editor).get(reverse("admin:meetings_meeting_changelist"))
    assert marks_in(response.content) == []


def test_a_name_used_by_a_visible_record_is_visible(client_for, other_editor, hidden):
    response = client_for(other_editor).get(reverse("admin:meetings_keyword_changelist"))
    assert "海關合作" in response.content.decode()
    assert hidden.shared_keyword in Keyword.objects.visible_to(other_editor)
    assert hidden.keyword not in Keyword.objects.visible_to(other_editor)


def test_querysets_state_the_rule(other_editor, viewer, administrator, hidden):
    for model, obj in (
        (MeetingSeries, hidden.series),
        (Organisation, hidden.organisation),
        (Keyword, hidden.keyword),
        (GlossaryTerm, hidden.term),
    ):
        assert not model.objects.visible_to(other_editor).filter(pk=obj.pk).exists(), model
        assert model.objects.visible_to(viewer).filter(pk=obj.pk).exists(), model
        assert model.objects.visible_to(administrator).filter(pk=obj.pk).exists(), model
    # A name no record uses (typed in by an administrator) is visible to all.
    unused = MeetingSeries.objects.create(name="Unused series")
    assert MeetingSeries.objects.visible_to(other_editor).filter(pk=unused.pk).exists()


def test_glossary_source_trip_filter_does_not_confirm_a_restricted_trip(
    client_for, other_editor, hidden
):
    url = reverse("admin:meetings_glossaryterm_changelist")
    response = client_for(other_editor).get(url, {"source_trip": hidden.trip.pk})
    assert marks_in(response.content) == []
    assert response.context["cl"].result_count == 0


def test_editors_change_glossary_terms_of_their_own_agency_only(
    client_for, other_editor, editor, hidden
):
    # A term learnt from an open trip of 關務署: visible to all, editable by customs only.
    open_term = GlossaryTerm.objects.create(
        acronym="OPN", name_zh="公開組織", source_trip=hidden.open_trip
    )
    url = reverse("admin:meetings_glossaryterm_change", args=[open_term.pk])
    data = {"acronym": "OPN", "name_zh": "竄改", "name_en": "", "verified": "on"}
    response = client_for(other_editor).post(url, data)
    open_term.refresh_from_db()
    assert open_term.name_zh == "公開組織"
    assert response.status_code == 403
    # Nor through the editable list: the row is shown read-only, a POST saves nothing.
    changelist = reverse("admin:meetings_glossaryterm_changelist")
    response = client_for(other_editor).get(changelist)
    row = next(f for f in response.context["cl"].formset.forms if f.instance == open_term)
    assert row.fields["name_zh"].disabled
    rows = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(open_term.pk),
        "form-0-name_zh": "竄改",
        "form-0-verified": "on",
        "_save": "Save",
    }
    client_for(other_editor).post(changelist, rows)
    open_term.refresh_from_db()
    assert (open_term.name_zh, open_term.verified) == ("公開組織", False)
    response = client_for(editor).post(url, data)
    open_term.refresh_from_db()
    assert open_term.name_zh == "竄改"


def test_search_expansion_uses_only_visible_terms(client_for, other_editor, viewer, hidden):
    # The acronym is known only from the restricted trip; another agency searching
    # for it must not be led to the trip mentioning the Chinese name.
    response = client_for(other_editor).get(reverse("meetings:search"), {"q": MARK["acronym"]})
    assert [row["trip"] for row in response.context["rows"]] == []
    response = client_for(viewer).get(reverse("meetings:search"), {"q": MARK["acronym"]})
    assert hidden.mention in [row["trip"] for row in response.context["rows"]]


def test_a_term_found_again_in_an_open_trip_becomes_visible(other_editor, customs, hidden):
    from ..factories import make_trip

    assert not GlossaryTerm.objects.visible_to(other_editor).filter(pk=hidden.term.pk).exists()
    later = make_trip(customs, title=f"出席{MARK['term_zh']}({MARK['acronym']})年會報告")
    hidden.term.refresh_from_db()
    assert hidden.term.source_trip == later
    assert GlossaryTerm.objects.visible_to(other_editor).filter(pk=hidden.term.pk).exists()


def test_name_lists_are_kept_per_agency_scope_and_stay_current(
    client_for, viewer, other_editor, hidden
):
    # The search page's name lists reuse the query built for the user's agency scope
    # (meetings.models.names.visible_names): another scope never gets it, and the
    # rows are read again on every page.
    url = reverse("meetings:search")
    assert MARK["series"] in client_for(viewer).get(url).content.decode()
    assert marks_in(client_for(other_editor).get(url).content) == []
    assert MARK["series"] in client_for(viewer).get(url).content.decode()
    MeetingSeries.objects.create(name="新設會議系列", acronym="NEWS")
    assert ">NEWS</option>" in client_for(other_editor).get(url).content.decode()
    hidden.meeting.delete()
    assert MARK["series"] in client_for(other_editor).get(url).content.decode()


@pytest.mark.parametrize("persona", ["other_editor", "viewer", "administrator"])
def test_the_search_drop_downs_list_the_rows_of_the_visible_names(request, hidden, persona):
    # The search form reads its drop-downs with SQL compiled once per scope
    # (names.name_choices): the same names, labels and order as the querysets.
    from delegates.models import Agency
    from meetings.models.names import name_choices, visible_names

    user = request.getfixturevalue(persona)
    unused = MeetingSeries.objects.create(name="未使用系列", organisation=hidden.organisation)
    for model, related in [(Agency, ()), (Organisation, ()), (MeetingSeries, ("organisation",))]:
        expected = [(n.pk, str(n)) for n in visible_names(model, user, *related)]
        assert name_choices(model, user, *related) == expected
    series = [label for _pk, label in name_choices(MeetingSeries, user, "organisation")]
    assert (MARK["series"] in " ".join(series)) == (persona != "other_editor")
    assert str(unused) in series
