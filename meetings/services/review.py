"""The review of a submitted report (出國報告審核), after the official review form.

A report is submitted when it is imported (the import service calls
`report_submitted` after its transaction) or uploaded against a plan from the trip
page (`import_into_plan`). Each submission opens a review round whose checklist the
portal pre-checks from the parsed record, with the evidence; the reviewer confirms or
overrides each item and approves the report (the trip is published and the accepted
recommendations enter adoption tracking) or returns it, to be revised within
REVISION_DAYS days. A re-submitted report opens a new round: earlier rounds stay.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..importing import ReportError
from ..models import Lesson, ReportReview, ReviewItem, Trip
from ..statistics.summary import counting_deferred, trip_counts_changed
from .lifecycle import BEFORE_REPORT, LifecycleError, locked_trip, move, require_role

REVISION_DAYS = 10
SUMMARY_MIN, SUMMARY_MAX = 200, 300
# The 提要 fields of the summary sheet and how the record holds each.
SUMMARY_SHEET = (
    ("title", lambda t, c: bool(t.title), gettext_lazy("title")),
    ("category", lambda t, c: bool(t.category), gettext_lazy("category")),
    ("agency", lambda t, c: bool(t.agency_id), gettext_lazy("sending agency")),
    ("contact", lambda t, c: bool(t.contact_name), gettext_lazy("contact person")),
    ("travelers", lambda t, c: c["travelers"] > 0, gettext_lazy("travellers")),
    ("destinations", lambda t, c: c["destinations"] > 0, gettext_lazy("destinations")),
    ("dates", lambda t, c: bool(t.start_date and t.end_date), gettext_lazy("dates")),
    ("report_date", lambda t, c: bool(t.report_date), gettext_lazy("report date")),
    ("pages", lambda t, c: t.pages is not None, gettext_lazy("pages")),
    ("summary", lambda t, c: bool(t.summary), gettext_lazy("summary")),
)
S = Trip.Status


def _headings(trip, *words):
    return [s.heading for s in trip.sections.all() if any(w in s.heading for w in words)]


def _found(headings, fallback=""):
    if headings:
        return True, _("Section: %(headings)s") % {"headings": "、".join(headings)}
    return False, fallback


def check_report(trip):
    """(key, result or None when the portal cannot tell, evidence) per checklist item."""
    C = ReviewItem.Check
    counts = {"travelers": trip.delegates.count(), "destinations": trip.destinations.count()}
    lessons = list(trip.lessons.values_list("kind", flat=True))
    checks = []
    purposes = trip.purposes or []
    if purposes:
        stated = _("%(count)s purpose(s) stated") % {"count": len(purposes)}
        checks.append((C.PURPOSE, True, stated))
    else:
        checks.append((C.PURPOSE, *_found(_headings(trip, "目的"), _("No purpose found."))))
    meetings = trip.meetings.count()
    process = _headings(trip, "過程", "紀要", "行程", "經過")
    if process or meetings:
        evidence = _found(process)[1] if process else ""
        if meetings:
            evidence = " ".join(
                x for x in (evidence, _("%(count)s meeting(s) recorded") % {"count": meetings}) if x
            )
        checks.append((C.PROCESS, True, evidence))
    else:
        checks.append((C.PROCESS, False, _("No process section and no meeting found.")))
    reflections = _headings(trip, "心得", "建議")
    if lessons or reflections:
        evidence = _("%(observations)s observation(s), %(recommendations)s recommendation(s)") % {
            "observations": lessons.count(Lesson.Kind.OBSERVATION),
            "recommendations": lessons.count(Lesson.Kind.RECOMMENDATION),
        }
        checks.append((C.REFLECTIONS, True, evidence))
    else:
        checks.append((C.REFLECTIONS, False, _("No reflections or recommendations found.")))
    missing = [str(label) for _key, test, label in SUMMARY_SHEET if not test(trip, counts)]
    checks.append(
        (
            C.SUMMARY_SHEET,
            not missing,
            _("Missing: %(fields)s") % {"fields": "、".join(missing)}
            if missing
            else _("Every field is filled in."),
        )
    )
    length = len("".join(trip.summary.split()))
    checks.append(
        (
            C.SUMMARY_LENGTH,
            SUMMARY_MIN <= length <= SUMMARY_MAX,
            _("%(count)s characters") % {"count": length},
        )
    )
    keywords = list(trip.keywords.values_list("name", flat=True))
    checks.append(
        (C.KEYWORDS, bool(keywords), "、".join(keywords) if keywords else _("No keywords."))
    )
    listed = list(trip.attachments.all())
    with_file = sum(1 for a in listed if a.file)
    if not listed:
        result = not trip.has_attachments
        evidence = (
            _("The summary sheet says there are attachments, but none is listed.")
            if trip.has_attachments
            else _("No attachments listed.")
        )
    elif with_file == len(listed):
        result, evidence = True, _("%(count)s listed, each with its file") % {"count": len(listed)}
    else:
        # Attachments are often bound into the report file itself: the reviewer looks.
        result = None
        evidence = _("%(count)s listed, %(files)s with a separate file") % {
            "count": len(listed),
            "files": with_file,
        }
    checks.append((C.ATTACHMENTS, result, evidence))
    return checks


def open_review_round(trip):
    """A new review round of the trip, its checklist pre-checked."""
    number = (trip.reviews.aggregate(last=Max("round"))["last"] or 0) + 1
    review = ReportReview.objects.create(trip=trip, round=number)
    ReviewItem.objects.bulk_create(
        ReviewItem(review=review, order=i, key=key, auto_result=result, evidence=evidence,
                   result=result)
        for i, (key, result, evidence) in enumerate(check_report(trip))
    )  # fmt: skip
    return review


def pending_review(trip):
    return trip.reviews.filter(decision=ReportReview.Decision.PENDING).order_by("-round").first()


def report_submitted(trip, user=None):
    """A report came in for the trip: open a review round (or re-check the open one).

    Called after the import commits. Does nothing for a trip without a report date
    or a published one. Returns the review, or None.
    """
    with transaction.atomic():
        submitted = trip
        trip = Trip.objects.select_for_update().get(pk=trip.pk)
        if not trip.report_date or trip.status == S.PUBLISHED:
            return None
        review = pending_review(trip)
        if review is not None:
            # The report was replaced while waiting for review: check it again.
            for item, (_key, result, evidence) in zip(
                review.items.order_by("order"), check_report(trip), strict=True
            ):
                item.auto_result, item.evidence, item.result, item.note = (
                    result,
                    evidence,
                    result,
                    "",
                )
                item.save()
            return review
        if trip.status not in (*BEFORE_REPORT, S.REPORT_RETURNED):
            return None
        move(trip, S.REPORT_SUBMITTED, user)
        submitted.status, submitted.version = trip.status, trip.version
        return open_review_round(trip)


def _parse_bool(value):
    return {"1": True, "true": True, "0": False, "false": False}.get(str(value).lower())


def review_report(review, *, user, results, notes, decision, comments="", accepted=(), version):
    """Save the reviewer's checklist and, with `decision` "approve" or "return", decide.

    `results` maps item keys to "1"/"0" (confirmed or not), `notes` item keys to the
    reviewer's note (required where the result overrides the automatic check);
    `accepted` holds the ids of the recommendations accepted (on approval).
    """
    comments = (comments or "").strip()
    if decision not in ("save", "approve", "return"):
        raise LifecycleError(_("Unknown action."))
    if decision == "return" and not comments:
        raise LifecycleError(_("Write the comments that go back to the author."))
    with transaction.atomic():
        trip = locked_trip(review.trip, version)
        require_role(user, trip, "approver")
        review = ReportReview.objects.select_for_update().get(pk=review.pk)
        if review.decision != ReportReview.Decision.PENDING or trip.status not in (
            S.REPORT_SUBMITTED,
            S.UNDER_REVIEW,
        ):
            raise LifecycleError(_("This review is closed: the report is not awaiting review."))
        items = list(review.items.order_by("order"))
        for item in items:
            result = _parse_bool(results.get(item.key, ""))
            if result is None:
                raise LifecycleError(
                    _("Confirm or override every item: “%(item)s” has no answer.")
                    % {"item": item.get_key_display()}
                )
            item.result = result
            item.note = (notes.get(item.key) or "").strip()[:500]
            if item.overridden and not item.note:
                raise LifecycleError(
                    _("Say why you override “%(item)s”.") % {"item": item.get_key_display()}
                )
        ReviewItem.objects.bulk_update(items, ["result", "note"])
        if decision == "approve" and not all(item.result for item in items):
            raise LifecycleError(
                _("A report can be approved only when every item is confirmed; return it instead.")
            )
        if trip.status == S.REPORT_SUBMITTED:
            move(trip, S.UNDER_REVIEW, user)
        if decision == "save":
            return review
        Decision = ReportReview.Decision
        review.decision = Decision.APPROVED if decision == "approve" else Decision.RETURNED
        review.reviewer = user
        review.decided_at = timezone.now()
        review.comments = comments
        review._history_user = user
        if decision == "return":
            review.revision_due = timezone.localdate() + datetime.timedelta(days=REVISION_DAYS)
            review.save()
            move(trip, S.REPORT_RETURNED, user, comments)
        else:
            review.save()
            _accept_recommendations(trip, accepted)
            move(trip, S.PUBLISHED, user, comments)
    return review


def _accept_recommendations(trip, accepted):
    """Accepted recommendations enter adoption tracking; the others stay observations."""
    accepted = {int(pk) for pk in accepted if str(pk).isdigit()}
    for lesson in trip.lessons.filter(kind=Lesson.Kind.RECOMMENDATION):
        if lesson.pk in accepted:
            if not lesson.adoption_status:
                lesson.adoption_status = Lesson.Adoption.PROPOSED
                lesson.save()
        else:
            lesson.kind = Lesson.Kind.OBSERVATION
            lesson.adoption_status = ""
            lesson.review_date = None
            lesson.save()


def import_into_plan(trip, doc, *, user, source=None, source_text=""):
    """Import a report into the plan it belongs to (an upload on the trip page).

    The plan takes the report's system id, title and start date first, so the import
    recognises it as this trip; a report that another trip already holds is refused.
    """
    from .importing import import_document

    with transaction.atomic(), counting_deferred():
        current = Trip.objects.select_for_update().get(pk=trip.pk)
        others = Trip.objects.exclude(pk=current.pk)
        if doc.get("system_id") and others.filter(system_id=doc["system_id"]).exists():
            raise ReportError(_("Another trip already holds a report with this system id."))
        if (
            doc.get("title")
            and others.filter(title=doc["title"], start_date=doc.get("start_date")).exists()
        ):
            raise ReportError(_("Another trip already holds a report with this title and date."))
        Trip.objects.filter(pk=current.pk).update(
            system_id=doc.get("system_id") or current.system_id,
            title=doc.get("title") or current.title,
            start_date=doc.get("start_date") or current.start_date,
        )
        trip_counts_changed(current.pk)
        result = import_document(doc, user=user, source=source, source_text=source_text)
        if result.trip.pk != current.pk:
            raise ReportError(_("The report could not be matched to this plan."))
    return result
