"""Intranet pages of agencies and people.

Agencies and their staff are not secret, but the trips listed and counted on their
pages are only those the user may see (`Trip.objects.visible_to`); a person outside
every agency is found only through a visible trip (`Person.objects.visible_to`).
"""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from meetings.models import Delegate, Trip

from .models import Agency, Person

PER_PAGE = 25


def paginate(request, object_list, per_page=PER_PAGE, param="page"):
    page = Paginator(object_list, per_page).get_page(request.GET.get(param))
    page.page_range_elided = page.paginator.get_elided_page_range(page.number, on_each_side=2)
    params = request.GET.copy()
    params.pop(param, None)
    page.query = params.urlencode()
    page.param = param
    return page


@method_decorator(require_GET, name="dispatch")
class PersonDetailView(DetailView):
    template_name = "delegates/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.visible_to(self.request.user).select_related("agency")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegations = (
            Delegate.objects.filter(
                person=self.object, trip__in=Trip.objects.visible_to(self.request.user)
            )
            .select_related("trip", "trip__agency", "agency")
            .order_by("-trip__start_date", "-trip_id")
        )
        context["delegations"] = paginate(self.request, delegations)
        return context


@method_decorator(require_GET, name="dispatch")
class AgencyDetailView(DetailView):
    template_name = "delegates/agency_detail.html"
    context_object_name = "agency"

    def get_queryset(self):
        # An agency known only through restricted trips of another agency: 404.
        return Agency.objects.visible_to(self.request.user).select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency = self.object
        scope = Agency.objects.descendant_ids(agency.pk)
        trips = (
            Trip.objects.visible_to(self.request.user)
            .filter(agency_id__in=scope)
            .for_list()
            .prefetch_related("destinations")
        )
        context.update(
            lineage=[*reversed(agency.ancestors()), agency],
            children=Agency.objects.visible_to(self.request.user)
            .filter(parent=agency)
            .annotate(n_people=Count("people")),
            people=paginate(
                self.request, agency.people.order_by("name", "id"), param="people_page"
            ),
            trips=paginate(self.request, trips),
        )
        return context


@method_decorator(require_GET, name="dispatch")
class AgencyListView(TemplateView):
    """The agency tree: top-level agencies paginated, each with everything below it."""

    template_name = "delegates/agency_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agencies = list(
            Agency.objects.visible_to(self.request.user)
            .annotate(n_people=Count("people"))
            .order_by("name")
        )
        trip_counts = dict(
            Trip.objects.visible_to(self.request.user)
            .order_by()
            .values_list("agency_id")
            .annotate(n=Count("id"))
        )
        known = {a.pk for a in agencies}
        children = defaultdict(list)
        roots = []
        for agency in agencies:
            agency.n_trips = trip_counts.get(agency.pk, 0)
            if agency.parent_id in known:
                children[agency.parent_id].append(agency)
            else:
                roots.append(agency)

        seen = set()

        def node(agency):
            seen.add(agency.pk)
            return {
                "agency": agency,
                "children": [node(c) for c in children[agency.pk] if c.pk not in seen],
            }

        page = paginate(self.request, roots)
        context.update(page=page, tree=[node(a) for a in page.object_list])
        return context


urlpatterns = [
    path("people/<int:pk>/", PersonDetailView.as_view(), name="person-detail"),
    path("agencies/", AgencyListView.as_view(), name="agency-list"),
    path("agencies/<int:pk>/", AgencyDetailView.as_view(), name="agency-detail"),
]
