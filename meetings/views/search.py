"""Intranet views: search past trips, meetings, decisions and lessons."""

from collections import namedtuple

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_safe

from delegates.models import Agency
from portal.paging import LateRowPaginator

from ..models import SearchEntry, Trip
from ..models.trips import LIST_FIELDS, trip_visibility
from ..search.engine import prepare, search
from ..search.filters import TripSearchFilter
from ..search.index import shown_locations
from ..search.query import MAX_QUERY_WORDS, TOO_MANY_WORDS
from ..search.related_filters import correlated
from ..search.results_html import results_html
from ..search.snippets import snippet

PAGE_SIZE = 20


def trip_url(trip_id):
    """The trip's page; the admin view of it until the trip pages are installed."""
    try:
        return reverse("meetings:trip-detail", args=[trip_id])
    except NoReverseMatch:
        return reverse("admin:meetings_trip_change", args=[trip_id])


# Trip ids are digits: the page's links are this URL with the trip's id put in
# (one `reverse` a page instead of one a row).
SOME_TRIP = 987654321987654321


def _row(trip, matches, categories, url):
    return {
        "trip": trip,
        "url": url.replace(str(SOME_TRIP), str(trip.pk)),
        "category": categories.get(trip.category, ""),
        "matches": matches,
    }


def _categories():
    return {k: str(label) for k, label in Trip.Category.choices}


# What the page shows of a matching piece: plain values, not a SearchEntry. Building
# the model instances of 60 pieces, each with its trip and agency, cost more than the
# query that reads them.
Piece = namedtuple("Piece", "pk kind object_id location text trip_id")
PIECE_FIELDS = ("id", "kind", "object_id", "location", "text", "trip_id")


def _columns(model, wanted):
    """The attnames of `wanted` in the order of the model's fields (as `from_db` needs)."""
    return [f.attname for f in model._meta.concrete_fields if f.attname in wanted]


# The trip and agency fields of a result (`TripQuerySet.for_list`).
TRIP_COLUMNS = _columns(Trip, {*(f for f in LIST_FIELDS if "__" not in f), "agency_id"})
AGENCY_COLUMNS = _columns(Agency, {"id", *(f[8:] for f in LIST_FIELDS if f.startswith("agency__"))})


def _page_pieces(hits, user):
    """The pieces shown for `hits` ({id: Piece}) and their trips ({id: Trip}, with
    their agencies), in one query: the trips through the pieces' join, with the
    user's access."""
    entries = SearchEntry.objects.filter(pk__in=[i for h in hits for i in h.entry_ids])
    visible = trip_visibility(user, "trip__")
    if visible is not None:
        entries = entries.filter(visible)
    rows = entries.order_by().values_list(
        *PIECE_FIELDS,
        *(f"trip__{c}" for c in TRIP_COLUMNS),
        *(f"trip__agency__{c}" for c in AGENCY_COLUMNS),
    )
    pieces, trips = {}, {}
    agency_at = len(PIECE_FIELDS) + len(TRIP_COLUMNS)
    for row in rows:
        piece = Piece(*row[: len(PIECE_FIELDS)])
        pieces[piece.pk] = piece
        if piece.trip_id not in trips:
            trip = Trip.from_db(rows.db, TRIP_COLUMNS, row[len(PIECE_FIELDS) : agency_at])
            agency = row[agency_at:]
            Trip.agency.field.set_cached_value(
                trip, Agency.from_db(rows.db, AGENCY_COLUMNS, agency) if agency[0] else None
            )
            trips[piece.trip_id] = trip
    return pieces, trips


def _hit_rows(hits, trips, query, user):
    """The page's trips with the pieces that matched (and where), highlighted."""
    entries, trip_map = _page_pieces(hits, user)
    missing = {h.trip_id for h in hits} - set(trip_map)
    if missing:
        # A trip whose pieces were reindexed since the search: shown without them.
        trip_map.update(trips.for_list().in_bulk(missing))
    locations = shown_locations(entries.values())
    # Translated once per page, not once per row (get_FOO_display re-translates all choices).
    kinds = {k: str(label) for k, label in SearchEntry.Kind.choices}
    categories = _categories()
    url = trip_url(SOME_TRIP)
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
        rows.append(_row(trip, matches, categories, url))
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
            # Counted with each related filter as a list of trip ids, paged with it
            # probed trip by trip along the start-date index, which stops at the page's
            # rows (see search.related_filters).
            listing = correlated(filtered).order_by("-start_date", "-id")
            paginator = LateRowPaginator(
                listing, PAGE_SIZE, rows=Trip.objects.for_list(), counted=filtered
            )
            page = paginator.get_page(request.GET.get("page"))
            categories, url = _categories(), trip_url(SOME_TRIP)
            context.update(
                searched=True,
                page=page,
                count=page.paginator.count,
                capped=False,
                rows=[_row(t, [], categories, url) for t in page],
            )
    elif filterset.is_bound:
        context["invalid"] = True
    if "rows" in context:
        context["rows_html"] = results_html(context["rows"])
    return render(request, "meetings/search.html", context)


urlpatterns = [path("search/", search_view, name="search")]
