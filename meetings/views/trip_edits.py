"""Intranet POSTs of the trip page: mark the head of the delegation, and switch a
lesson between reflection (心得) and recommendation (建議). Editors of the trip's
agency only; the trip must be visible to them (404 otherwise)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Delegate, Lesson, Trip
from ..services.followups import FollowUpError
from ..services.trip_page import mark_head_of_delegation, reclassify_lesson


def _editable(request, queryset, pk):
    record = get_object_or_404(
        queryset.filter(trip__in=Trip.objects.visible_to(request.user).values("pk")), pk=pk
    )
    editable = Trip.objects.editable_by(request.user).filter(pk=record.trip_id).exists()
    if not (request.user.is_staff and editable):
        raise PermissionDenied
    return record


def _back(record, anchor):
    return redirect(f"{Trip(pk=record.trip_id).get_absolute_url()}#{anchor}")


@require_POST
def delegate_head(request, pk):
    delegate = _editable(request, Delegate.objects.select_related("person"), pk)
    try:
        mark_head_of_delegation(delegate, user=request.user)
    except FollowUpError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now shown as the head of the delegation.")
            % {"name": delegate.person.name},
        )
    return _back(delegate, "delegation")


@require_POST
def lesson_kind(request, pk):
    lesson = _editable(request, Lesson.objects.all(), pk)
    try:
        lesson = reclassify_lesson(lesson, user=request.user)
    except FollowUpError as error:
        messages.error(request, error.message)
    else:
        if lesson.kind == Lesson.Kind.RECOMMENDATION:
            done = _("Now a recommendation: it is on the recommendations page for a decision.")
        else:
            done = _("Now a reflection: it left the recommendations page.")
        messages.success(request, done)
    return _back(lesson, f"lesson-{lesson.pk}")


urlpatterns = [
    path("delegates/<int:pk>/head/", delegate_head, name="delegate-head"),
    path("lessons/<int:pk>/kind/", lesson_kind, name="lesson-kind"),
]
