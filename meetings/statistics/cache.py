"""The statistics page's figures, kept for a few minutes.

The figures are added up from counts kept in advance (summary.py, about 0.1 s at
100,000 trips); the finished tables change only when records do. They are kept
(Django's cache) per set of trips a user may see, filters, language and day, under a
version that any save or delete of a counted record, and any bulk import
(`trips_changed`), moves on, so an edit shows at once. Changes made in another process
(an import command) show within `STATISTICS_CACHE_SECONDS`.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from delegates.access import agency_scope_ids, is_portal_admin

from ..signals import trips_changed

VERSION_KEY = "statistics:version"
COUNTED = (
    "meetings.Trip",
    "meetings.Destination",
    "meetings.Delegate",
    "meetings.Meeting",
    "meetings.MeetingSeries",
    "meetings.Organisation",
    "meetings.FollowUp",
    "meetings.Lesson",
    "meetings.CostLine",
    "delegates.Agency",
    "delegates.Person",
)


def figures_key(user, params, today):
    """One key per set of visible trips (not per user), filters, language and day."""
    scope = "all" if is_portal_admin(user) else sorted(agency_scope_ids(user))
    described = json.dumps([scope, sorted(params.items()), get_language(), str(today)])
    version = cache.get_or_set(VERSION_KEY, 1)
    return f"statistics:{version}:{hashlib.sha256(described.encode()).hexdigest()}"


def cached_figures(key, build):
    """(figures, when they were counted), from the cache or from `build()`."""
    seconds = settings.STATISTICS_CACHE_SECONDS
    if seconds:
        found = cache.get(key)
        if found is not None:
            return found
    found = (build(), timezone.now())
    if seconds:
        cache.set(key, found, seconds)
    return found


def forget_figures(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1)


def connect():
    from django.apps import apps

    for label in COUNTED:
        model = apps.get_model(label)
        post_save.connect(forget_figures, sender=model, dispatch_uid=f"statistics-{label}")
        post_delete.connect(forget_figures, sender=model, dispatch_uid=f"statistics-d-{label}")
    trips_changed.connect(forget_figures, dispatch_uid="statistics-bulk")
