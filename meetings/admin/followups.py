"""Follow-up and lesson admin: the work after the trip."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_paging import LargeTablePaginator

from ..concurrency import VersionedAdminMixin
from ..followup_forms import PostponeForm, ReassignForm
from ..models import FollowUp, Lesson, ReminderLog
from ..services import followups as services
from .scoping import ScopedHistoryAdmin
from .trips import YearFilter


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = FollowUp.objects.overdue(timezone.localdate())
        if self.value() == "yes":
            # Combined, not `pk IN (subquery)`: the conditions join the page's own query.
            return queryset & overdue
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue.values("pk"))
        return queryset


class FollowUpYearFilter(YearFilter):
    model = FollowUp
    field_name = "due_date"


@admin.register(FollowUp)
class FollowUpAdmin(VersionedAdminMixin, ScopedHistoryAdmin):
    list_display = ["description_short", "trip", "owner", "owner_text", "due_date", "status"]
    list_editable = ["due_date", "status"]
    list_filter = [
        "status",
        OverdueFilter,
        "owner_agency",
        FollowUpYearFilter,
    ]
    # The owner agency filter lists the (few) agencies rather than "related only",
    # whose SELECT DISTINCT over every visible follow-up cost 0.2 s a page at scale.
    # No owner-person filter: at scale it lists thousands of people in the sidebar;
    # the search box finds an owner by name instead.
    list_select_related = ["trip", "owner_person", "owner_agency"]
    search_fields = ["description", "owner_text", "owner_person__name", "owner_agency__name"]
    autocomplete_fields = ["owner_person", "owner_agency"]
    raw_id_fields = ["trip", "meeting", "decision"]
    show_full_result_count = False
    paginator = LargeTablePaginator
    # Each row carries two form fields (list_editable); 50 rows keep the page light.
    list_per_page = 50
    fields = [
        "trip",
        "meeting",
        "decision",
        "description",
        ("owner_person", "owner_agency", "owner_text"),
        ("due_date", "status", "completed_on"),
        "outcome",
        "outcome_file",
    ]

    actions = ["mark_done", "reassign", "postpone"]

    def _report(self, request, changed, selected):
        messages.success(
            request,
            ngettext("%(count)d follow-up changed.", "%(count)d follow-ups changed.", changed)
            % {"count": changed},
        )
        if changed < selected:
            messages.warning(
                request,
                _("%(count)d selected follow-up(s) were left alone: not yours to change.")
                % {"count": selected - changed},
            )

    def _intermediate(self, request, queryset, form, action, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "action": action,
            "queryset": queryset.select_related("owner_person", "owner_agency"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/followup/bulk_action.html", context)

    @admin.action(description=_("Mark selected follow-ups done today"), permissions=["change"])
    def mark_done(self, request, queryset):
        selected = queryset.filter(status__in=FollowUp.PENDING).count()
        changed = services.mark_done(queryset, user=request.user)
        self._report(request, changed, selected)

    @admin.action(description=_("Reassign selected follow-ups"), permissions=["change"])
    def reassign(self, request, queryset):
        form = ReassignForm(request.POST if "apply" in request.POST else None, user=request.user)
        if form.is_bound and form.is_valid():
            changed = services.reassign(
                queryset,
                user=request.user,
                person=form.cleaned_data["person"],
                agency=form.cleaned_data["agency"],
            )
            self._report(request, changed, queryset.count())
            return None
        return self._intermediate(request, queryset, form, "reassign", _("Reassign follow-ups"))

    @admin.action(description=_("Postpone selected follow-ups"), permissions=["change"])
    def postpone(self, request, queryset):
        form = PostponeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            changed = services.postpone(
                queryset,
                user=request.user,
                new_due_date=form.cleaned_data["new_due_date"],
                days=form.cleaned_data["days"],
            )
            self._report(request, changed, queryset.count())
            return None
        return self._intermediate(request, queryset, form, "postpone", _("Postpone follow-ups"))

    def save_model(self, request, obj, form, change):
        # A status changed on the change form or in the list still belongs in the
        # follow-up's timeline.
        old_status = form.initial.get("status", "") if change else ""
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data or not change:
            services.record_admin_change(obj, user=request.user, old_status=old_status)

    @admin.display(description=_("description"), ordering="description")
    def description_short(self, obj):
        # Cut at a word or character with an ellipsis, never mid-sentence silently.
        return Truncator(obj.description).chars(80)

    @admin.display(description=_("responsible"))
    def owner(self, obj):
        return obj.owner_display


@admin.register(Lesson)
class LessonAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "kind", "adoption_status", "review_date", "trip"]
    list_filter = ["kind", "adoption_status"]
    list_select_related = ["trip"]
    search_fields = ["title", "body", "adoption_note"]
    raw_id_fields = ["trip"]
    show_full_result_count = False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Which reminder mails went out: read only, for answering "did I get one?"."""

    list_display = ["recipient", "date", "follow_up_count", "report_count", "sent_at"]
    list_filter = ["date"]
    list_select_related = ["recipient__agency"]
    search_fields = ["recipient__name", "recipient__email"]
    date_hierarchy = "date"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
