"""Intranet pages of the trip plan and its lifecycle: create and edit a plan, its
itinerary and budget, move it through its states, upload its report, review it.

Every trip is looked up in `Trip.objects.visible_to(user)` (another agency's
restricted trip is a 404); the services decide the role (a refusal is a 403 with the
reason) and refuse stale edits and moves the trip's state does not allow.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from delegates.access import is_editor, user_agency

from ..importing import MAX_REPORT_BYTES, ReportError, extract_text, parse_report
from ..models import CostLine, ItinerarySegment, ReportReview, ReviewItem, Trip
from ..models.plans import budget_totals
from ..plan_forms import (
    CostLineForm,
    PerDiemForm,
    PlanForm,
    ReportUploadForm,
    SegmentForm,
    TransitionForm,
    child_formset,
)
from ..services.lifecycle import (
    BEFORE_REPORT,
    PLAN_EDITABLE,
    LifecycleError,
    approves_for,
    available_actions,
    edits_for,
    transition,
)
from ..services.plans import estimate_per_diem, save_children, save_plan
from ..services.review import import_into_plan, review_report

UPLOAD_STATES = (*BEFORE_REPORT, Trip.Status.REPORT_RETURNED)
STALE_PAGE = gettext_lazy(
    "Someone else changed this trip after you opened the page; nothing was changed. "
    "Reload the page and try again."
)


def visible_trip(request, pk):
    return get_object_or_404(Trip.objects.visible_to(request.user).select_related("agency"), pk=pk)


def refuse(error):
    """A wrong role is a 403 with the reason; other refusals go back to the page."""
    if error.forbidden:
        raise PermissionDenied(error.message)


def plan_context(trip, user):
    """What the trip page shows of the plan: timeline, itinerary, budget, actions."""
    lines = list(trip.cost_lines.select_related("traveller__person"))
    estimated, actual, variance = budget_totals(lines)
    latest_review = trip.reviews.order_by("-round").first()
    may_edit = edits_for(user, trip)
    return {
        "timeline": trip.transitions.select_related("user"),
        "itinerary": trip.itinerary.all(),
        "cost_lines": lines,
        "budget": {"estimated": estimated, "actual": actual, "variance": variance},
        "actions": available_actions(trip, user),
        "latest_review": latest_review,
        "may_edit_plan": may_edit and trip.status in PLAN_EDITABLE,
        "may_edit_children": may_edit,
        "may_upload_report": may_edit and trip.status in UPLOAD_STATES,
        "transition_form": TransitionForm(initial={"version": trip.version}),
        "upload_form": ReportUploadForm(initial={"version": trip.version}),
    }


def _plan_page(request, form, trip=None, status=200):
    return render(request, "meetings/plan_form.html", {"form": form, "trip": trip}, status=status)


@require_http_methods(["GET", "POST"])
def plan_create(request):
    if not is_editor(request.user):
        raise PermissionDenied(_("Only editors may create trip plans."))
    if request.method == "POST":
        form = PlanForm(request.POST, user=request.user)
        if form.is_valid():
            trip = save_plan(Trip(), form.cleaned_data, user=request.user)
            messages.success(request, _("The plan was created as a draft."))
            return redirect(trip)
        return _plan_page(request, form, status=400)
    agency = user_agency(request.user)
    form = PlanForm(user=request.user, initial={"agency": agency.pk if agency else None})
    return _plan_page(request, form)


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    trip = visible_trip(request, pk)
    if not edits_for(request.user, trip):
        raise PermissionDenied(_("Only the author or an editor of the trip's agency may do this."))
    if trip.status not in PLAN_EDITABLE:
        messages.error(request, _("The plan can be changed only while it is a draft or returned."))
        return redirect(trip)
    if request.method == "POST":
        form = PlanForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                save_plan(
                    trip, form.cleaned_data, user=request.user, version=form.cleaned_data["version"]
                )
            except LifecycleError as error:
                refuse(error)
                form.add_error(None, error.message)
                return _plan_page(request, form, trip, status=409 if error.stale else 400)
            messages.success(request, _("The plan was saved."))
            return redirect(trip)
        return _plan_page(request, form, trip, status=400)
    return _plan_page(
        request, PlanForm(user=request.user, initial=PlanForm.initial_for(trip)), trip
    )


CHILDREN = {"itinerary": (ItinerarySegment, SegmentForm), "budget": (CostLine, CostLineForm)}


def _children_page(request, trip, kind, formset, per_diem=None, status=200):
    context = {
        "trip": trip,
        "kind": kind,
        "formset": formset,
        "version": trip.version,
        "per_diem_form": per_diem
        or (PerDiemForm(initial={"version": trip.version}) if kind == "budget" else None),
    }
    return render(request, "meetings/trip_children_form.html", context, status=status)


def _children_view(kind):
    model, form_class = CHILDREN[kind]

    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        trip = visible_trip(request, pk)
        if not edits_for(request.user, trip):
            raise PermissionDenied(
                _("Only the author or an editor of the trip's agency may do this.")
            )
        if request.method == "GET":
            return _children_page(request, trip, kind, child_formset(model, form_class, trip))
        if "exchange_rate" in request.POST:
            return _per_diem(request, trip)
        formset = child_formset(model, form_class, trip, request.POST)
        if formset.is_valid():
            try:
                save_children(
                    trip,
                    formset,
                    user=request.user,
                    version=request.POST.get("version"),
                    plan_only=False,
                )
            except LifecycleError as error:
                refuse(error)
                messages.error(request, error.message)
                return _children_page(
                    request, trip, kind, formset, status=409 if error.stale else 400
                )
            messages.success(request, _("The changes were saved."))
            return redirect(reverse("meetings:trip-detail", args=[trip.pk]) + f"#{kind}")
        messages.error(request, _("Nothing was saved. Correct the errors below."))
        return _children_page(request, trip, kind, formset, status=400)

    view.__name__ = f"{kind}_edit"
    return view


def _per_diem(request, trip):
    form = PerDiemForm(request.POST)
    formset = child_formset(CostLine, CostLineForm, trip)
    if not form.is_valid():
        return _children_page(request, trip, "budget", formset, form, status=400)
    try:
        rate, days, computed = estimate_per_diem(
            trip,
            user=request.user,
            version=form.cleaned_data["version"],
            exchange_rate=form.cleaned_data["exchange_rate"],
        )
    except LifecycleError as error:
        refuse(error)
        form.add_error(None, error.message)
        return _children_page(
            request, trip, "budget", formset, form, status=409 if error.stale else 400
        )
    messages.success(
        request,
        _("Per diem: %(days)s days × %(amount)s %(currency)s = %(twd)s TWD per traveller.")
        % {"days": days, "amount": rate.daily_amount, "currency": rate.currency, "twd": computed},
    )
    return redirect("meetings:trip-budget", pk=trip.pk)


@require_POST
def trip_transition(request, pk):
    trip = visible_trip(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; reload the page and try again."))
        return redirect(trip)
    try:
        step = transition(
            trip,
            form.cleaned_data["action"],
            user=request.user,
            version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )
    except LifecycleError as error:
        refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The trip is now “%(status)s”.") % {"status": step.get_to_status_display()}
        )
    return redirect(reverse("meetings:trip-detail", args=[trip.pk]) + "#timeline")


@require_POST
def report_upload(request, pk):
    trip = visible_trip(request, pk)
    if not edits_for(request.user, trip):
        raise PermissionDenied(_("Only the author or an editor of the trip's agency may do this."))
    form = ReportUploadForm(request.POST, request.FILES)
    if trip.status not in UPLOAD_STATES:
        messages.error(
            request,
            _("A report can be uploaded only before it is reviewed or when it was returned."),
        )
        return redirect(trip)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(trip)
    if form.cleaned_data["version"] != trip.version:
        messages.error(request, STALE_PAGE)
        return redirect(trip)
    upload = form.cleaned_data["file"]
    data = upload.read(MAX_REPORT_BYTES + 1)
    try:
        text = extract_text(data, upload.name)
        doc = parse_report(text)
        import_into_plan(trip, doc, user=request.user, source=(upload.name, data), source_text=text)
    except ReportError as error:
        messages.error(request, _("The report was not imported: %(reason)s") % {"reason": error})
        return redirect(trip)
    messages.success(request, _("The report was imported and is awaiting review."))
    return redirect("meetings:trip-review", pk=trip.pk)


@require_http_methods(["GET", "POST"])
def trip_review(request, pk):
    trip = visible_trip(request, pk)
    reviews = list(
        trip.reviews.select_related("reviewer")
        .prefetch_related(Prefetch("items", queryset=ReviewItem.objects.order_by("order")))
        .order_by("-round")
    )
    if not reviews:
        messages.error(request, _("No report of this trip has been submitted for review."))
        return redirect(trip)
    current = reviews[0]
    may_review = (
        approves_for(request.user, trip) and current.decision == ReportReview.Decision.PENDING
    )
    status = 200
    if request.method == "POST":
        if not approves_for(request.user, trip):
            raise PermissionDenied(
                _("Only an approver of the trip's agency may do this (and not for their own plan).")
            )
        post = request.POST
        try:
            review_report(
                current,
                user=request.user,
                results={
                    item.key: post.get(f"result-{item.key}", "") for item in current.items.all()
                },
                notes={item.key: post.get(f"note-{item.key}", "") for item in current.items.all()},
                decision=post.get("decision", ""),
                comments=post.get("comments", ""),
                accepted=post.getlist("accepted"),
                version=post.get("version"),
            )
        except LifecycleError as error:
            messages.error(request, error.message)
            status = 409 if error.stale else 400
        else:
            messages.success(request, _("The review was saved."))
            return redirect("meetings:trip-review", pk=trip.pk)
    context = {
        "trip": trip,
        "review": current,
        "earlier": reviews[1:],
        "may_review": may_review,
        "recommendations": trip.lessons.filter(kind="recommendation").order_by("order", "id"),
        "posted": request.POST if request.method == "POST" else None,
    }
    return render(request, "meetings/trip_review.html", context, status=status)


urlpatterns = [
    path("trips/new/", plan_create, name="plan-create"),
    path("trips/<int:pk>/plan/", plan_edit, name="plan-edit"),
    path("trips/<int:pk>/itinerary/", _children_view("itinerary"), name="trip-itinerary"),
    path("trips/<int:pk>/budget/", _children_view("budget"), name="trip-budget"),
    path("trips/<int:pk>/transition/", trip_transition, name="trip-transition"),
    path("trips/<int:pk>/report/", report_upload, name="trip-report-upload"),
    path("trips/<int:pk>/review/", trip_review, name="trip-review"),
]
