"""The trip's "needs review" mark: an editor confirms the imported trip was checked."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import Trip
from ..services.import_review import ReviewError, mark_reviewed


@require_POST
def trip_mark_reviewed(request, pk):
    trip = get_object_or_404(Trip.objects.visible_to(request.user), pk=pk)
    if not Trip.objects.editable_by(request.user).filter(pk=trip.pk).exists():
        raise PermissionDenied
    try:
        mark_reviewed(trip, user=request.user)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The trip is marked reviewed."))
    return redirect(trip)


urlpatterns = [
    path("trips/<int:pk>/reviewed/", trip_mark_reviewed, name="trip-mark-reviewed"),
]
