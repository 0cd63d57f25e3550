"""Recording that a report was uploaded to the national register (公務出國報告資訊網).

The change runs in one transaction, refuses with `RegisterError` (a message for the
user) and is audited by the trip's simple-history record, which names the user.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Trip


class RegisterError(Exception):
    """A register change refused for a reason the user can act on."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def record_register_upload(trip, *, user, uploaded_on, system_id=None, version=None):
    """Record the day `trip` was uploaded to the register, and its 系統識別號 when
    given. Only an editor of the trip's agency may; the day may not lie in the future
    or before the return."""
    system_id = (system_id or "").strip() or None
    if uploaded_on is None:
        raise RegisterError(_("Enter the day the report was uploaded."))
    if uploaded_on > timezone.localdate():
        raise RegisterError(_("The upload day cannot be in the future."))
    with transaction.atomic():
        current = Trip.objects.editable_by(user).select_for_update().filter(pk=trip.pk).first()
        if current is None or not user.is_staff:
            raise RegisterError(_("You may not change this trip."))
        if version is not None and str(version) != str(current.version):
            raise RegisterError(_("Someone else changed this trip; review and try again."))
        if current.end_date is None or uploaded_on < current.end_date:
            raise RegisterError(_("A report cannot be uploaded before the return."))
        if system_id and Trip.objects.filter(system_id=system_id).exclude(pk=current.pk).exists():
            raise RegisterError(_("Another trip already has this system id."))
        current.register_uploaded_on = uploaded_on
        if system_id:
            current.system_id = system_id
        current.updated_by = user
        current._history_user = user
        current.save()
    trip.refresh_from_db()
    return trip
