"""The admin screens editors use pass axe (WCAG 2.1 AA) and work under the CSP."""

import re

import pytest
from playwright.sync_api import expect

from delegates.models import Person
from meetings.models import Delegate, Destination, FollowUp, Lesson

# Violations inside Django's own admin markup that our templates cannot reasonably
# fix are excluded here, for admin pages only, each named with its reason.
ADMIN_EXCLUDED_RULES = ()

ADMIN_PAGES = [
    "/admin/",
    "/admin/meetings/trip/",
    "/admin/meetings/trip/add/",
    "/admin/meetings/followup/",
    "/admin/meetings/trip/{trip}/change/",
    "/admin/meetings/followup/{follow_up}/change/",
    "/admin/meetings/trip/{trip}/history/",
    "/admin/axes/accessattempt/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_page_is_accessible(
    logged_in_page, administrator, customs, open_trip, assert_accessible, path
):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
    # Rows in every kind of inline: tabular (delegation, destinations) and stacked.
    person = Person.objects.create(name="劉麗霞", agency=customs, unit="通關業務組")
    Delegate.objects.create(trip=open_trip, person=person, role="head")
    Destination.objects.create(trip=open_trip, country="TH", city="清邁")
    Lesson.objects.create(trip=open_trip, kind="observation", title="掌握 SCCP 策略計畫要點")
    path = path.format(trip=open_trip.pk, follow_up=follow_up.pk)
    page = logged_in_page(administrator)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(path)
    assert response.status == 200
    name = "".join(c for c in path.strip("/").replace("/", "-") if not c.isdigit()) or "admin"
    page.screenshot(path=f"/tmp/browser-{name}.png", full_page=True)
    assert_accessible(page, ADMIN_EXCLUDED_RULES)
    csp = [e for e in errors if "Content Security Policy" in e]
    assert not csp, csp


def test_admin_scripts_work_under_the_content_security_policy(
    logged_in_page, editor, customs, assert_accessible
):
    """The admin's own scripts (inline rows, autocomplete) run with script-src 'self'."""
    page = logged_in_page(editor)
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto("/admin/meetings/trip/add/")
    rows = page.locator("#delegates-group tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#delegates-group .add-row a").click()
    expect(rows).to_have_count(before + 1)
    # The Select2 autocomplete opens and finds the editor's agency.
    page.locator("#id_agency").locator("xpath=following-sibling::span[1]").click()
    search = page.locator(".select2-dropdown .select2-search__field")
    search.fill("關務署")
    expect(page.locator(".select2-results__option").first).to_contain_text("關務署")
    expect(search).to_have_attribute("aria-label", re.compile(".+"))
    assert_accessible(page, ADMIN_EXCLUDED_RULES)
    assert not blocked, blocked
