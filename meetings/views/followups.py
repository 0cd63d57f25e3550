"""Intranet views: the work after the trip.

Follow-ups and their timeline, recommendations and their adoption, meeting series
across years, the briefing pack before a trip, and the personal calendar feed.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Max, Prefetch, Q, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_filters.views import FilterView

from delegates.access import user_person

from ..briefing import gather
from ..calendar import build_feed
from ..exports import recommendations_workbook
from ..followup_forms import (
    FollowUpFilter,
    RecommendationFilter,
    RecommendationStatusForm,
    ReminderLanguageForm,
    StatusChangeForm,
)
from ..models import (
    CalendarToken,
    FollowUp,
    Lesson,
    Meeting,
    MeetingSeries,
    ReminderPreference,
    Trip,
)
from ..services.followups import (
    FollowUpError,
    change_status,
    update_recommendation,
    version_of,
)

PAGE_SIZE = 25


# Follow-ups ------------------------------------------------------------------


class FollowUpListView(FilterView):
    filterset_class = FollowUpFilter
    template_name = "meetings/followup_list.html"
    paginate_by = PAGE_SIZE
    strict = False

    def get_queryset(self):
        return (
            FollowUp.objects.visible_to(self.request.user)
            .select_related("trip", "meeting__series", "owner_person", "owner_agency")
            .by_due_date()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["today"] = timezone.localdate()
        return context


def _visible_follow_up(request, pk):
    return get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related(
            "trip__agency",
            "meeting__series",
            "decision",
            "owner_person",
            "owner_agency",
        ),
        pk=pk,
    )


def _can_edit(user, follow_up):
    return FollowUp.objects.editable_by(user).filter(pk=follow_up.pk).exists()


def _render_detail(request, follow_up, form, can_edit, status=200):
    context = {
        "follow_up": follow_up,
        "events": follow_up.events.select_related("user"),
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "meetings/followup_detail.html", context, status=status)


@require_GET
def followup_detail(request, pk):
    follow_up = _visible_follow_up(request, pk)
    can_edit = _can_edit(request.user, follow_up)
    form = None
    if can_edit:
        form = StatusChangeForm(
            initial={"status": follow_up.status, "version": version_of(follow_up)}
        )
    return _render_detail(request, follow_up, form, can_edit)


@require_POST
def followup_status(request, pk):
    follow_up = _visible_follow_up(request, pk)
    if not _can_edit(request.user, follow_up):
        raise PermissionDenied
    form = StatusChangeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change_status(
                follow_up,
                user=request.user,
                status=data["status"],
                note=data["note"],
                outcome=data["outcome"],
                evidence=data["evidence"],
                version=data["version"],
            )
        except FollowUpError as error:
            form.add_error(None, error.message)
            # Keep what the user typed, but let the next try compare with the
            # follow-up as it is now, which the page shows.
            form.data = form.data.copy()
            form.data["version"] = version_of(follow_up)
        else:
            messages.success(request, _("The follow-up was updated."))
            return redirect("meetings:followup-detail", pk=follow_up.pk)
    # The page opens with a summary that lists and links each error (no second banner).
    return _render_detail(request, follow_up, form, True, status=400)


@require_GET
def followup_evidence(request, pk, event_pk):
    """An evidence file, for those who may see the follow-up (files are never served
    directly from the media folder)."""
    follow_up = _visible_follow_up(request, pk)
    event = get_object_or_404(follow_up.events.exclude(file=""), pk=event_pk)
    try:
        handle = event.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=event.file.name.rsplit("/", 1)[-1])


# Recommendations -------------------------------------------------------------

ADOPTION_ORDER = Case(
    *[When(adoption_status=value, then=Value(i)) for i, value in enumerate(Lesson.Adoption)],
    output_field=IntegerField(),
)


class RecommendationListView(FilterView):
    filterset_class = RecommendationFilter
    template_name = "meetings/lesson_recommendation_list.html"
    paginate_by = PAGE_SIZE
    strict = False

    def get_queryset(self):
        return (
            Lesson.objects.visible_to(self.request.user)
            .recommendations()
            .select_related("trip__agency")
            .annotate(adoption_rank=ADOPTION_ORDER)
            .order_by("adoption_rank", "review_date", "trip__start_date", "id")
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            filterset = self.get_filterset(self.get_filterset_class())
            rows = filterset.qs if filterset.is_valid() else self.get_queryset()
            response = HttpResponse(
                recommendations_workbook(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            filename = f"recommendations-{timezone.localdate().isoformat()}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_ids = [lesson.pk for lesson in context["object_list"]]
        context["editable_ids"] = set(
            Lesson.objects.editable_by(self.request.user)
            .filter(pk__in=page_ids)
            .values_list("pk", flat=True)
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context["query_string"] = query.urlencode()
        context["status_choices"] = Lesson.Adoption.choices
        context["today"] = timezone.localdate()
        return context


@require_POST
def recommendation_update(request, pk):
    lesson = get_object_or_404(Lesson.objects.visible_to(request.user).recommendations(), pk=pk)
    if not Lesson.objects.editable_by(request.user).filter(pk=lesson.pk).exists():
        raise PermissionDenied
    form = RecommendationStatusForm(request.POST)
    if form.is_valid():
        try:
            update_recommendation(
                lesson,
                user=request.user,
                status=form.cleaned_data["adoption_status"],
                note=form.cleaned_data["note"],
            )
        except FollowUpError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The recommendation was updated."))
    else:
        messages.error(request, _("Choose a valid adoption status."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("meetings:recommendation-list")
    return redirect(target)


# Meeting series --------------------------------------------------------------


@require_GET
def series_list(request):
    visible = Trip.objects.visible_to(request.user).values("pk")
    series = (
        MeetingSeries.objects.visible_to(request.user)
        .select_related("organisation")
        .annotate(
            meeting_count=Count("meetings", filter=Q(meetings__trip__in=visible)),
            last_date=Max("meetings__start_date", filter=Q(meetings__trip__in=visible)),
        )
        .order_by("organisation__acronym", "name")
    )
    return render(request, "meetings/meetingseries_list.html", {"series_list": series})


@require_GET
def series_detail(request, pk):
    series = get_object_or_404(
        MeetingSeries.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(series=series)
        .select_related("trip__agency")
        .prefetch_related("decisions")
        .order_by("start_date", "trip__start_date", "id")
    )
    open_follow_ups = (
        FollowUp.objects.visible_to(request.user)
        .pending()
        .filter(Q(meeting__series=series) | Q(decision__meeting__series=series))
        .select_related("trip", "meeting", "owner_person", "owner_agency")
        .by_due_date()
    )
    context = {
        "series": series,
        "meetings": meetings,
        "open_follow_ups": open_follow_ups,
        "today": timezone.localdate(),
    }
    return render(request, "meetings/meetingseries_detail.html", context)


# Briefing pack ---------------------------------------------------------------


@require_GET
def trip_briefing(request, pk):
    trip = get_object_or_404(
        Trip.objects.visible_to(request.user)
        .select_related("agency")
        .prefetch_related(
            "destinations",
            Prefetch("meetings", queryset=Meeting.objects.select_related("series__organisation")),
            Prefetch("follow_ups", queryset=FollowUp.objects.only("id", "trip_id", "owner_text")),
        ),
        pk=pk,
    )
    context = {"briefing": gather(trip, request.user), "trip": trip, "today": timezone.localdate()}
    return render(request, "meetings/trip_briefing.html", context)


# Calendar feed ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    token = CalendarToken.objects.filter(user=request.user).first()
    if request.method == "POST":
        if token is None:
            token = CalendarToken.objects.create(user=request.user)
            messages.success(request, _("Your calendar address was created."))
        else:
            token.regenerate()
            messages.success(
                request, _("A new calendar address was made; the old one no longer works.")
            )
        return redirect("meetings:calendar-settings")
    person = user_person(request.user)
    preference = getattr(person, "reminder_preference", None) if person else None
    language_form = ReminderLanguageForm(
        initial={"language": preference.language if preference else settings.LANGUAGE_CODE}
    )
    feed_url = None
    if token is not None:
        feed_url = request.build_absolute_uri(reverse("meetings:calendar-feed", args=[token.token]))
    context = {
        "token": token,
        "feed_url": feed_url,
        "person": person,
        "language_form": language_form,
    }
    return render(request, "meetings/calendartoken_settings.html", context)


@require_POST
def reminder_language(request):
    person = user_person(request.user)
    if person is None:
        raise PermissionDenied
    form = ReminderLanguageForm(request.POST)
    if form.is_valid():
        ReminderPreference.objects.update_or_create(
            person=person, defaults={"language": form.cleaned_data["language"]}
        )
        messages.success(request, _("Your reminder language was saved."))
    else:
        messages.error(request, _("Choose one of the languages offered."))
    return redirect("meetings:calendar-settings")


def _token_owner(token):
    # Find candidates by a short prefix, then compare the whole secret in constant
    # time, so response times do not reveal how much of a guess was right.
    if len(token) < 16:
        return None
    for candidate in CalendarToken.objects.filter(token__startswith=token[:8]).select_related(
        "user"
    )[:5]:
        if secrets.compare_digest(candidate.token.encode(), token.encode()):
            return candidate.user
    return None


@login_not_required
@require_GET
def calendar_feed(request, token):
    user = _token_owner(token)
    if user is None or not user.is_active:
        raise Http404
    response = HttpResponse(build_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="portal.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


urlpatterns = [
    path("follow-ups/", FollowUpListView.as_view(), name="followup-list"),
    path("follow-ups/<int:pk>/", followup_detail, name="followup-detail"),
    path("follow-ups/<int:pk>/status/", followup_status, name="followup-status"),
    path(
        "follow-ups/<int:pk>/evidence/<int:event_pk>/",
        followup_evidence,
        name="followup-evidence",
    ),
    path("recommendations/", RecommendationListView.as_view(), name="recommendation-list"),
    path(
        "recommendations/<int:pk>/status/",
        recommendation_update,
        name="recommendation-update",
    ),
    path("series/", series_list, name="series-list"),
    path("series/<int:pk>/", series_detail, name="series-detail"),
    path("trips/<int:pk>/briefing/", trip_briefing, name="trip-briefing"),
    path("calendar/", calendar_settings, name="calendar-settings"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("reminders/language/", reminder_language, name="reminder-language"),
]
