"""Settings for the test suite: production-like (DEBUG off), with test conveniences."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "k3y" * 20)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")

from portal.settings import *  # noqa: E402,F403
from portal.settings import BASE_DIR, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Serve static files from the app folders, as runserver does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests assert the English msgids they were written with. The production default
# (zh-hant, see portal.settings) is exercised by tests/test_translations.py, which
# renders the main pages in Traditional Chinese.
LANGUAGE_CODE = "en"

# Every test recounts its own data; tests/statistics/test_cache.py turns the cache on.
STATISTICS_CACHE_SECONDS = 0
