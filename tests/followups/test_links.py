"""Links to pages that may not be installed fall back instead of breaking the page."""

from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

from portal.links import trip_url, url_if


def test_url_if_gives_empty_string_for_missing_page():
    assert url_if("meetings:no-such-page") == ""
    assert url_if("meetings:followup-detail", 3) == reverse("meetings:followup-detail", args=[3])


def test_trip_url_uses_trip_page_or_admin(open_trip):
    try:
        expected = reverse("meetings:trip-detail", args=[open_trip.pk])
    except NoReverseMatch:
        expected = reverse("admin:meetings_trip_change", args=[open_trip.pk])
    assert trip_url(open_trip.pk) == expected


def test_template_tag_and_filter(open_trip):
    html = Template(
        "{% load links %}[{% url_if 'meetings:no-such-page' %}]"
        "{% url_if 'meetings:series-list' as u %}{{ u }}|{{ trip.pk|trip_url }}"
    ).render(Context({"trip": open_trip}))
    assert html.startswith("[]" + reverse("meetings:series-list") + "|")
    assert html.endswith(trip_url(open_trip.pk))


def test_reminder_log_admin_is_read_only(client_for, administrator):
    client = client_for(administrator)
    assert client.get(reverse("admin:meetings_reminderlog_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_reminderlog_add")).status_code == 403
