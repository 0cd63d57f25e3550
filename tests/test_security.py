"""Access and security: lockout, CSRF, sessions, passwords, headers, refusals."""

import io

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from delegates.access import ADMINISTRATORS

from .factories import make_user
from .test_settings import run_manage

PASSWORD = "correct horse battery staple"
LOCKED = "Too many failed log-in attempts"


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- Brute-force protection (django-axes) -------------------------------------------


def lock_out(client, user):
    responses = [attempt(client, user.username, f"wrong {i}") for i in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    return responses[-1]


def test_five_failures_lock_the_account(client, editor):
    locked = lock_out(client, editor)
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    assert LOCKED in locked.content.decode()
    # While locked, even the right password is refused.
    response = attempt(client, editor.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_administrator_unlocks_in_the_admin(client, editor, administrator):
    from axes.models import AccessAttempt

    lock_out(client, editor)
    assert AccessAttempt.objects.filter(username=editor.username).exists()

    admin_client = Client()
    admin_client.force_login(administrator)
    changelist = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert editor.username in changelist.content.decode()
    lock = AccessAttempt.objects.get(username=editor.username)
    url = reverse("admin:axes_accessattempt_delete", args=[lock.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(username=editor.username).exists()

    response = attempt(client, editor.username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_administrators_see_the_lockouts_in_the_admin_index(client, administrator, editor):
    client.force_login(administrator)
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:axes_accessattempt_changelist") in page
    # Editors do not.
    client.force_login(editor)
    assert (
        reverse("admin:axes_accessattempt_changelist")
        not in client.get(reverse("admin:index")).content.decode()
    )
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_unlock_with_the_management_command(client, editor):
    lock_out(client, editor)
    call_command("axes_reset_username", editor.username, stdout=io.StringIO())
    assert attempt(client, editor.username, PASSWORD).status_code == 302


def test_other_accounts_are_not_locked(client, editor, viewer):
    lock_out(client, editor)
    assert attempt(client, viewer.username, PASSWORD).status_code == 302


# --- CSRF ------------------------------------------------------------------------------


def test_login_without_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    response = attempt(client, editor.username, PASSWORD)
    assert response.status_code == 403


def test_logout_without_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(reverse("logout")).status_code == 403
    assert client.get("/").status_code == 200  # still logged in


def test_login_with_csrf_token_works(editor):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {"username": editor.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_admin_change_without_csrf_token_is_refused(editor, open_trip):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = reverse("admin:meetings_trip_change", args=[open_trip.pk])
    assert client.post(url, {"title": "偷改"}).status_code == 403
    open_trip.refresh_from_db()
    assert open_trip.title != "偷改"


# --- Sessions and passwords ---------------------------------------------------------


def test_session_lasts_eight_hours_and_ends_with_the_browser(client, editor):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    response = attempt(client, editor.username, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert client.session.get_expiry_age() == 8 * 60 * 60


@pytest.mark.parametrize("password", ["short pass", "12345678901234", "password1234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_password_is_accepted():
    validate_password("海關國際會議 spring tide 42")


def test_production_cookies_are_secure():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)",
        SECRET_KEY="k8#Vq2!zR7pL0wX4nB9mT1yC6uH3sJ5aD-eF_gQ+iK@oP%rS^tU&vW*xY(zA)bC",
        ALLOWED_HOSTS="portal.example.gov.tw",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True"]


# --- Headers -----------------------------------------------------------------------------


def test_security_headers_and_content_security_policy(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_admin_pages_carry_no_inline_scripts(client, administrator, open_trip):
    """script-src 'self' blocks inline scripts, so none may be needed."""
    import re

    client.force_login(administrator)
    for url in [
        reverse("admin:index"),
        reverse("admin:meetings_trip_changelist"),
        reverse("admin:meetings_trip_add"),
        reverse("admin:meetings_trip_change", args=[open_trip.pk]),
        reverse("admin:meetings_followup_changelist"),
        "/",
        reverse("login"),
    ]:
        page = client.get(url).content.decode()
        tags = re.findall(r"<script\b([^>]*)>", page)
        inline = [t for t in tags if "src=" not in t and "application/json" not in t]
        assert not inline, (url, inline)
        assert " on" + "click=" not in page, url


# --- Refusals -----------------------------------------------------------------------------


def test_get_on_logout_is_refused(client, editor):
    client.force_login(editor)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writing_to_the_home_page_is_refused(client, editor, method):
    client.force_login(editor)
    assert getattr(client, method)("/").status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": ""},
        {"username": "editor"},
        {"password": PASSWORD},
        {"username": "x" * 10_000, "password": "y" * 10_000},
        {"username": "edi\x00tor", "password": PASSWORD},
        {"username": ["editor", "viewer"], "password": PASSWORD},
        {"username": "' OR 1=1 --", "password": "' OR 1=1 --"},
        {"username": "<script>alert(1)</script>", "password": "x"},
    ],
)
def test_malformed_login_data_is_refused_politely(client, editor, data):
    response = client.post(reverse("login"), data)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_login_with_invalid_utf8_is_refused(client, editor):
    response = client.post(
        reverse("login"),
        data=b"username=%ff%fe&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in {200, 400}
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/admin/",
        "/admin/meetings/trip/",
        "/admin/meetings/trip/add/",
        "/admin/meetings/followup/",
        "/admin/axes/accessattempt/",
        "/admin/auth/user/",
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url, follow=True)
    assert response.redirect_chain, url
    final = response.redirect_chain[-1][0]
    assert final.startswith(reverse("login") + "?next="), final
    assert response.status_code == 200


def test_anonymous_post_to_the_admin_changes_nothing(client, open_trip):
    url = reverse("admin:meetings_trip_change", args=[open_trip.pk])
    response = client.post(url, {"title": "偷改"})
    assert response.status_code == 302
    open_trip.refresh_from_db()
    assert open_trip.title != "偷改"


def test_logged_in_non_staff_user_is_refused_the_admin(client, customs):
    user = make_user("clerk", ADMINISTRATORS, agency=customs)
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) < 5


def test_login_page_and_language_switch_need_no_login(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_import_export_templates_need_no_inline_scripts():
    """django-import-export's export page had an inline handler; ours attaches it from
    a static file, so script-src stays 'self'."""
    import re

    from django.template.loader import get_template

    for name in [
        "admin/import_export/export.html",
        "admin/import_export/import.html",
        "admin/import_export/base.html",
    ]:
        template = get_template(name)
        source = template.template.source
        assert not re.search(r"\son[a-z]+=", source), name
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), name
    export = get_template("admin/import_export/export.html").template.source
    assert "js/import-export-csp.js" in export
