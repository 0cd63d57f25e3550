"""Make the importing tests work with or without the project's Django settings."""

import os

import django
from django.conf import settings

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=False)
    django.setup()
