"""Both engines (SQLite FTS5 and PostgreSQL tsvector; run the suite with DATABASE_URL
pointing at PostgreSQL for the latter) give the answer the query semantics define."""

import pytest

from meetings.benchmarks.corpus import build_corpus
from meetings.models import SearchEntry, Trip
from meetings.search.engine import prepare, search
from meetings.search.index import rebuild
from meetings.search.tokens import tokenize

pytestmark = pytest.mark.django_db

QUERIES = [
    "海關",
    "單一窗口",
    "綠色經濟 customs",
    '"supply chain"',
    "WCO",
    "量子通關",
    "關",
    "facilitation 風險管理",
]


def contains(terms, phrase):
    if phrase.prefix:
        return any(t.startswith(phrase.terms[0]) for t in terms)
    n = len(phrase.terms)
    return any(tuple(terms[i : i + n]) == phrase.terms for i in range(len(terms) - n + 1))


def expected(query):
    """The trips the query semantics select, computed in Python from the index rows:
    every clause matched by one of the trip's pieces."""
    matched = {}
    for trip_id, text in SearchEntry.objects.values_list("trip_id", "text"):
        terms = tokenize(text)
        for index, clause in enumerate(query.clauses):
            if any(contains(terms, p) for p in clause.alternatives):
                matched.setdefault(trip_id, set()).add(index)
    return {t for t, found in matched.items() if len(found) == len(query.clauses)}


@pytest.fixture
def corpus(customs):
    build_corpus(40, seed=7)
    rebuild()


@pytest.mark.parametrize("q", QUERIES)
def test_engine_matches_the_reference_semantics(corpus, q):
    query = prepare(q)
    results = search(query, Trip.objects.all(), limit=100_000)
    assert {h.trip_id for h in results.hits} == expected(query)
    assert not results.capped


def test_the_candidate_cap_is_reported(corpus):
    results = search(prepare("海關"), Trip.objects.all(), limit=5)
    assert results.capped
    assert results.count <= 5


def test_very_common_terms_are_ranked_by_where_they_match(customs, monkeypatch):
    from meetings.search.engine import SQLiteEngine

    from ..factories import make_trip

    monkeypatch.setattr(SQLiteEngine, "BM25_ROWS", 0)
    in_summary = make_trip(customs, title="年度報告", summary="提及綠色經濟。")
    in_title = make_trip(customs, title="綠色經濟研討會")
    results = search(prepare("綠色經濟"), Trip.objects.all())
    assert [h.trip_id for h in results.hits] == [in_title.pk, in_summary.pk]


@pytest.mark.parametrize("narrow", [0, 10**9])
def test_filters_keep_the_same_trips_whichever_way_they_are_applied(corpus, monkeypatch, narrow):
    """A filter is applied as a list of trips when it is narrow, else trip by trip;
    both give the trips the filter and the query select."""
    from meetings.search import engine

    monkeypatch.setattr(engine, "NARROW", narrow)
    kept = Trip.objects.filter(start_date__year__gte=2018, category=Trip.Category.MEETING)
    for q in ("海關", "單一窗口", "綠色經濟 customs"):
        query = prepare(q)
        results = search(query, kept, limit=100_000, filtered=True)
        assert {h.trip_id for h in results.hits} == expected(query) & set(
            kept.values_list("pk", flat=True)
        )


@pytest.mark.parametrize("narrow", [0, 10**9])
@pytest.mark.parametrize("related_narrow", [0, 10**9])
@pytest.mark.parametrize("few_trips", [0, 10**9])
def test_related_filters_keep_the_same_trips_listed_or_probed(
    corpus, other_editor, monkeypatch, narrow, related_narrow, few_trips
):
    """A filter on a related table (a country, open follow-ups) is checked against a
    list of its trip ids or probed match by match, before the trip's own filters and
    the access check, or the few trips the filters keep are read one by one: every
    way gives the trips the user may see that the filters keep, restricted trips of
    other agencies left out."""
    from django.http import QueryDict

    from meetings.models import Destination
    from meetings.search import engine
    from meetings.search.filters import TripSearchFilter

    monkeypatch.setattr(engine, "NARROW", narrow)
    monkeypatch.setattr(engine, "RELATED_NARROW", related_narrow)
    monkeypatch.setattr(engine, "FEW_TRIPS", few_trips)
    monkeypatch.setattr(engine, "WALK_FROM", 0)
    visible = Trip.objects.visible_to(other_editor)
    assert visible.count() < Trip.objects.count()
    country = Destination.objects.values_list("country", flat=True).order_by("id").first()
    for params in (
        {"country": country},
        {"country": country, "year_from": "2015"},
        {"open_follow_ups": "on"},
        {"open_follow_ups": "on", "country": country, "category": Trip.Category.MEETING},
    ):
        data = QueryDict(mutable=True)
        data.update(params)
        filterset = TripSearchFilter(data, queryset=visible)
        assert filterset.is_valid()
        kept = set(filterset.qs.values_list("pk", flat=True))
        for q in ("海關", "單一窗口", "綠色經濟 customs"):
            query = prepare(q)
            results = search(query, filterset.qs, limit=100_000, filtered=True)
            assert {h.trip_id for h in results.hits} == expected(query) & kept


def test_edited_and_deleted_trips_leave_nothing_in_the_fts_index(customs):
    from django.db import connection

    from ..factories import make_trip

    if connection.vendor != "sqlite":
        pytest.skip("The FTS5 table is SQLite's.")

    def indexed(term):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM meetings_search_fts WHERE meetings_search_fts MATCH %s",
                [f'"{term}"'],
            )
            return cursor.fetchone()[0]

    trip = make_trip(customs, title="量子 報告", summary="blockchain")
    assert (indexed("量子"), indexed("blockchain")) == (1, 1)
    trip.summary = "quantum"
    trip.save()
    assert (indexed("blockchain"), indexed("quantum")) == (0, 1)
    trip.delete()
    assert (indexed("量子"), indexed("quantum")) == (0, 0)


def newest_matching_pieces(query, trips, limit):
    """The reference candidates: the pieces of `trips` that match every clause, the
    newest trip first, then its newest piece, at most `limit` of them."""
    kept = set(trips.values_list("pk", flat=True))
    pieces = []
    for entry_id, trip_id, text in SearchEntry.objects.values_list("id", "trip_id", "text"):
        terms = tokenize(text)
        if trip_id in kept and all(
            any(contains(terms, p) for p in clause.alternatives) for clause in query.clauses
        ):
            pieces.append((trip_id, entry_id))
    return [entry_id for _, entry_id in sorted(pieces, reverse=True)[:limit]]


@pytest.mark.parametrize(
    ("walk_trips", "trip_cost"),
    # PostgreSQL: only the GIN index after one trip; walks that go on trip after trip;
    # one walk over every trip. (SQLite has a single plan: the same answer is expected.)
    [(1, 10**9), (1, 0), (3, 1.6), (10**6, 1.6)],
)
@pytest.mark.parametrize("limit", [1, 7, 60, 100_000])
def test_the_candidates_are_the_newest_matching_pieces(
    corpus, other_editor, monkeypatch, walk_trips, trip_cost, limit
):
    """Whichever way the engine reads the matches (PostgreSQL walks the newest trips,
    then asks the GIN index about the older ones when that costs less), the candidates
    are the `limit` newest matching pieces of the trips the user may see and the
    filter keeps, restricted trips of other agencies left out."""
    from meetings.models import Destination
    from meetings.search import engine

    monkeypatch.setattr(engine.PostgresEngine, "WALK_TRIPS", walk_trips)
    monkeypatch.setattr(engine.PostgresEngine, "TRIP_COST", trip_cost)
    visible = Trip.objects.visible_to(other_editor)
    assert visible.count() < Trip.objects.count()
    backend = engine.engine()
    country = Destination.objects.values_list("country", flat=True).order_by("id").first()
    for trips, filtered in (
        (visible, False),
        (visible.filter(start_date__year__gte=2015), True),
        (
            visible.filter(pk__in=Destination.objects.filter(country=country).values("trip_id")),
            True,
        ),
    ):
        for q in ("海關", "單一窗口", "綠色經濟 customs", "量子通關"):
            query = prepare(q)
            condition, params = engine._trip_condition(backend, trips, filtered)
            rows = backend.candidates(query, condition, params, limit)
            assert [row[0] for row in rows] == newest_matching_pieces(query, trips, limit)
            if hasattr(backend, "walk"):
                # SQLite reads the trips of a filter that keeps few of them one by one.
                ids = list(trips.order_by("-pk").values_list("pk", flat=True))
                rows = backend.walk(query, ids, limit)
                assert [row[0] for row in rows] == newest_matching_pieces(query, trips, limit)
