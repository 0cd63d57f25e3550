"""The top navigation: the main tasks' links (reversed once per URL configuration and
script prefix, portal/navigation.py), the current page marked, editors' tasks for
editors only."""

import pytest
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix

from portal.navigation import tasks_for

pytestmark = pytest.mark.django_db


def test_the_navigation_marks_the_current_page(client_for, viewer):
    html = client_for(viewer).get(reverse("meetings:search")).content.decode()
    assert f'<a href="{reverse("meetings:search")}" aria-current="page">' in html
    assert f'<a href="{reverse("meetings:trip-list")}">' in html


def test_the_links_follow_the_script_prefix_and_the_users_role(viewer, editor):
    request = RequestFactory().get("/trips/")
    request.user = viewer
    urls = {task["url"] for task in tasks_for(request)}
    assert reverse("meetings:search") in urls
    assert reverse("admin:meetings_trip_import") not in urls
    request.user = editor
    assert reverse("admin:meetings_trip_import") in {t["url"] for t in tasks_for(request)}
    set_script_prefix("/intranet/")
    try:
        prefixed = {task["url"] for task in tasks_for(request)}
    finally:
        set_script_prefix("/")
    assert "/intranet" + reverse("meetings:search") in prefixed
    assert not {url for url in prefixed if not url.startswith("/intranet/")}
