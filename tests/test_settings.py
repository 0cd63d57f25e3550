"""Production settings refuse unsafe configurations and pass Django's deploy check."""

import os
import subprocess
import sys

from django.conf import settings

from portal import settings as portal_settings

BASE = str(settings.BASE_DIR)


def run_manage(*args, **env):
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
        }
    }
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="portal.example.gov.tw")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k8#Vq2!zR7pL0wX4nB9mT1yC6uH3sJ5aD-eF_gQ+iK@oP%rS^tU&vW*xY(zA)bC",
        ALLOWED_HOSTS="portal.example.gov.tw",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_boolean_in_environment_fails_loudly():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_language_and_time_zone():
    # tests/settings.py switches the suite to English; production defaults to zh-hant.
    assert portal_settings.LANGUAGE_CODE == "zh-hant"
    assert settings.TIME_ZONE == "Asia/Taipei"
    assert ("en", "English") in settings.LANGUAGES


def test_postgresql_connections_are_kept_between_requests_unless_told_otherwise():
    """A new PostgreSQL connection costs 9–16 ms a request: it is kept for a minute
    (and checked before reuse); DB_CONN_MAX_AGE=0 closes it after each request, and
    SQLite's are not kept by default."""
    show = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    url = "postgres://portal:portal@127.0.0.1:5432/portal"
    kept = run_manage("shell", "--no-imports", "-c", show, DEBUG="1", DATABASE_URL=url)
    closed = run_manage(
        "shell", "--no-imports", "-c", show, DEBUG="1", DATABASE_URL=url, DB_CONN_MAX_AGE="0"
    )
    sqlite = run_manage(
        "shell", "--no-imports", "-c", show, DEBUG="1", DATABASE_URL="sqlite:////tmp/x.sqlite3"
    )
    assert (kept.stdout.split(), closed.stdout.split()) == (["60", "True"], ["0", "True"])
    assert sqlite.stdout.split()[0] == "0"
