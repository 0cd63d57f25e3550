"""Reindex a trip whenever one of its searchable records is saved or deleted.

Bulk writes that bypass model signals (the report import) send
`meetings.signals.trips_changed` with the trip ids instead.
"""

import threading

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from delegates.models import Person

from ..models import (
    AgendaItem,
    Attachment,
    Decision,
    Delegate,
    FollowUp,
    Keyword,
    Lesson,
    Meeting,
    MinuteBlock,
    ReportSection,
    Trip,
)
from ..signals import trips_changed
from .index import forget_trip, reindex_trips

# Trips being deleted: their children's post_delete must not re-create entries that
# would then point at a deleted trip.
_deleting = threading.local()

TRIP_CHILDREN = (Delegate, Attachment, ReportSection, Meeting, FollowUp, Lesson)
MEETING_CHILDREN = (AgendaItem, MinuteBlock, Decision)


def _deleting_ids():
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids


def _reindex(trip_ids):
    trip_ids = {i for i in trip_ids if i is not None} - _deleting_ids()
    if trip_ids:
        reindex_trips(trip_ids)


@receiver(pre_delete, sender=Trip)
def trip_deleting(sender, instance, **kwargs):
    _deleting_ids().add(instance.pk)
    # The cascade would delete the entries but not the engine's index of them.
    forget_trip(instance.pk)


@receiver(post_delete, sender=Trip)
def trip_deleted(sender, instance, **kwargs):
    _deleting_ids().discard(instance.pk)


@receiver(post_save, sender=Trip)
def trip_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex([instance.pk])


def child_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex([instance.trip_id])


def meeting_child_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    trip_id = Meeting.objects.filter(pk=instance.meeting_id).values_list("trip_id", flat=True)
    _reindex(trip_id)


for model in TRIP_CHILDREN:
    post_save.connect(child_changed, sender=model, dispatch_uid=f"search-save-{model.__name__}")
    post_delete.connect(child_changed, sender=model, dispatch_uid=f"search-del-{model.__name__}")
for model in MEETING_CHILDREN:
    post_save.connect(
        meeting_child_changed, sender=model, dispatch_uid=f"search-save-{model.__name__}"
    )
    post_delete.connect(
        meeting_child_changed, sender=model, dispatch_uid=f"search-del-{model.__name__}"
    )


@receiver(m2m_changed, sender=Trip.keywords.through)
def keywords_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        _reindex(pk_set or instance.trips.values_list("pk", flat=True))
    else:
        _reindex([instance.pk])


@receiver(post_save, sender=Keyword)
def keyword_renamed(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        _reindex(instance.trips.values_list("pk", flat=True))


@receiver(post_save, sender=Person)
def person_renamed(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        _reindex(instance.delegations.values_list("trip_id", flat=True))


@receiver(trips_changed)
def bulk_trips_changed(sender, trip_ids=(), **kwargs):
    _reindex(trip_ids)
