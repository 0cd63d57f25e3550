"""Signals of the meetings app.

`trips_changed` is sent (after commit) with the ids of trips whose records were
written in bulk, by the report import for example, where per-row save signals do
not fire; the search index listens to it.
"""

from django.db.models.signals import post_migrate
from django.dispatch import Signal, receiver

trips_changed = Signal()  # kwargs: trip_ids (list of int)


@receiver(post_migrate)
def sync_role_permissions(sender, app_config=None, using="default", **kwargs):
    if app_config is None or app_config.label != "meetings":
        return
    from portal.roles import sync_roles

    sync_roles(using=using)
