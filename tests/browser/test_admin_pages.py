"""The admin screens editors use pass axe (WCAG 2.1 AA) and work under the CSP."""

import pytest

from meetings.models import FollowUp

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
    logged_in_page, administrator, open_trip, assert_accessible, path
):
    follow_up = FollowUp.objects.create(trip=open_trip, description="提交報告", owner_text="SCCP")
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
