"""Intranet views: search past trips, meetings, decisions and lessons."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_safe

from ..models import SearchEntry, Trip
from ..models.trips import LIST_FIELDS, trip_visibility
from ..search.engine import prepare, search
from ..search.filters import TripSearchFilter
from ..search.index import shown_locations
from ..search.query import MAX_QUERY_WORDS, TOO_MANY_WORDS
from ..search.snippets import snippet

PAGE_SIZE = 20


def trip_url(trip_id):
    """The trip's page; the admin view of it until the trip pages are installed."""
    try:
        return reverse("meetings:trip-detail", args=[trip_id])
    except NoReverseMatch:
        return reverse("admin:meetings_trip_change", args=[trip_id])


def _row(trip, matches, categories):
    return {
        "trip": trip,
        "url": trip_url(trip.pk),
        "category": categories.get(trip.category, ""),
        "matches": matches,
    }


def _categories():
    return {k: str(label) for k, label in Trip.Category.choices}


def _hit_rows(hits, trips, query, user):
    """The page's trips with the pieces that matched: the pieces and their trips in one
    query (the trips through the entries' join, with the user's access)."""
    entry_ids = [i for h in hits for i in h.entry_ids]
    entries = SearchEntry.objects.filter(pk__in=entry_ids).order_by()
    visible = trip_visibility(user, "trip__")
    if visible is not None:
        entries = entries.filter(visible)
    entries = entries.select_related("trip__agency").only(
        "id", "kind", "object_id", "location", "text", *(f"trip__{f}" for f in LIST_FIELDS)
    )
    entries = {entry.pk: entry for entry in entries}
    trip_map = {entry.trip_id: entry.trip for entry in entries.values()}
    missing = {h.trip_id for h in hits} - set(trip_map)
    if missing:
        # A trip whose pieces were reindexed since the search: shown without them.
        trip_map.update(trips.for_list().in_bulk(missing))
    locations = shown_locations(entries.values())
    # Translated once per page, not once per row (get_FOO_display re-translates all choices).
    kinds = {k: str(label) for k, label in SearchEntry.Kind.choices}
    categories = _categories()
    rows = []
    for hit in hits:
        trip = trip_map.get(hit.trip_id)
        if trip is None:
            continue
        matches = []
        for entry in (entries[i] for i in hit.entry_ids if i in entries):
            location = locations.get(entry.pk, entry.location)
            matches.append(
                {
                    "kind": kinds.get(entry.kind, entry.kind),
                    "location": location,
                    "snippet": snippet(entry.text, query, location),
                }
            )
        rows.append(_row(trip, matches, categories))
    return rows


@require_safe
def search_view(request):
    trips = Trip.objects.visible_to(request.user)
    filterset = TripSearchFilter(request.GET or None, queryset=trips, request=request)
    context = {"filter": filterset, "form": filterset.form, "searched": False}
    if filterset.is_bound and filterset.is_valid():
        text = filterset.clean_q()
        filtered = filterset.qs
        if text:
            query = prepare(text, request.user)
            if query.truncated:
                messages.warning(request, TOO_MANY_WORDS % {"max": MAX_QUERY_WORDS})
            results = search(query, filtered, filtered=filterset.has_filters) if query else None
            hits = results.hits if results else []
            capped = bool(results and results.capped)
            # A capped result set is only part of the matches: it is listed by date
            # rather than ranked as if it held the best ones (see search.engine).
            if hits and (filterset.sort_by_date or capped):
                # The hits passed the filters already: repeating them here made SQLite
                # list every trip of a broad filter again (0.1 s for open follow-ups).
                dates = trips.start_dates([h.trip_id for h in hits])
                hits.sort(
                    key=lambda h: (
                        dates.get(h.trip_id) is not None,
                        dates.get(h.trip_id) or 0,
                        h.trip_id,
                    ),
                    reverse=True,
                )
            page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
            context.update(
                searched=True,
                page=page,
                count=len(hits),
                capped=capped,
                rows=_hit_rows(page.object_list, trips, query, request.user),
            )
        elif filterset.has_filters:
            listing = filtered.for_list().order_by("-start_date", "-id")
            page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
            categories = _categories()
            context.update(
                searched=True,
                page=page,
                count=page.paginator.count,
                capped=False,
                rows=[_row(t, [], categories) for t in page],
            )
    elif filterset.is_bound:
        context["invalid"] = True
    return render(request, "meetings/search.html", context)


urlpatterns = [path("search/", search_view, name="search")]
