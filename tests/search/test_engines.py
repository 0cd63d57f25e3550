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


def corpus_stats(listed=12):
    """Term statistics as PostgreSQL's ANALYZE keeps them, computed in Python from the
    index rows: the `listed` most common terms with the share of pieces holding each."""
    from collections import Counter

    from meetings.search.lexeme_stats import LexemeStats

    texts = list(SearchEntry.objects.values_list("text", flat=True))
    counts = Counter(t for text in texts for t in set(tokenize(text)))
    shares = {t: n / len(texts) for t, n in counts.most_common(listed)}
    return LexemeStats(shares=shares, unlisted=min(shares.values()), pieces=float(len(texts)))


@pytest.mark.parametrize(
    "plan",
    # No statistics yet; the GIN index asked about the rarest terms of each word; also
    # about every word; every query taken for a rare one (the GIN index at once).
    ["no statistics", "rarest terms", "every word", "rare at once"],
)
@pytest.mark.parametrize("limit", [7, 100_000])
def test_the_terms_statistics_change_the_plan_not_the_candidates(
    corpus, other_editor, monkeypatch, plan, limit
):
    """PostgreSQL plans with its statistics of the index terms: which terms the GIN
    index is asked about (the rest of the query is checked on the rows it yields) and
    whether to skip walking the newest trips. Whatever the plan, the candidates are the
    `limit` newest matching pieces the user may see."""
    from meetings.search import engine

    stats = None if plan == "no statistics" else corpus_stats()
    monkeypatch.setattr(engine, "lexeme_stats", lambda: stats)
    # The GIN index after one walked trip, so that its windows are what is tested.
    monkeypatch.setattr(engine.PostgresEngine, "WALK_TRIPS", 1)
    monkeypatch.setattr(engine.PostgresEngine, "TRIP_COST", 10**9)
    if plan == "every word":
        monkeypatch.setattr(engine.PostgresEngine, "SOUGHT_SHARE", 1.0)
    if plan == "rare at once":
        monkeypatch.setattr(engine.PostgresEngine, "RARE", 10**9)
    visible = Trip.objects.visible_to(other_editor)
    backend = engine.engine()
    for trips, filtered in ((visible, False), (visible.filter(start_date__year__gte=2015), True)):
        for q in (
            "海關",
            "單一窗口",
            "綠色經濟 customs",
            "量子通關",
            '"supply chain" 風險管理',
            "WCO",
        ):
            query = prepare(q)
            condition, params = engine._trip_condition(backend, trips, filtered)
            rows = backend.candidates(query, condition, params, limit)
            assert [row[0] for row in rows] == newest_matching_pieces(query, trips, limit)


def test_the_gin_index_is_asked_about_the_rarest_terms():
    """A phrase needs every one of its terms: the GIN index is asked about its rarest
    (every term too rare to be listed, or else the least common listed one), and about
    another word only when that word is not common (`customs`, in 40 % of the pieces
    here, is checked on the rows found instead)."""
    from meetings.search.engine import PostgresEngine
    from meetings.search.lexeme_stats import LexemeStats
    from meetings.search.query import parse

    stats = LexemeStats(
        shares={
            "supply": 0.05,
            "chain": 0.06,
            "風險": 0.07,
            "險管": 0.07,
            "管理": 0.09,
            "customs": 0.4,
        },
        unlisted=0.001,
        pieces=1_000_000.0,
    )
    engine = PostgresEngine()
    sought, _, at_most = engine._sought(parse('"supply chain" 風險管理 customs'), stats)
    assert sought == "(('supply')) & (('風險'))"
    # At most the pieces of the rarest word ("supply chain").
    assert at_most == pytest.approx(0.05 * 1_000_000)
    sought, _, at_most = engine._sought(parse("量子通關"), stats)
    assert sought == "(('量子' & '子通' & '通關'))"
    assert at_most == pytest.approx(1000)
    # A lone character stands for every bigram it starts: the whole query is asked.
    assert engine._sought(parse("關"), stats) == (parse("關").tsquery(), None, None)
    assert engine._sought(parse("海關"), None) == (parse("海關").tsquery(), None, None)


def test_the_terms_statistics_are_postgresqls_own(corpus):
    """After ANALYZE, the share of pieces holding a common term is what the index holds
    (read from pg_stats); before, there are none and the engine plans without them."""
    from django.db import connection

    from meetings.search import lexeme_stats

    if connection.vendor != "postgresql":
        pytest.skip("The statistics are PostgreSQL's.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_searchentry")
    lexeme_stats.forget()
    stats = lexeme_stats.lexeme_stats()
    lexeme_stats.forget()
    expected = corpus_stats(listed=100)
    assert stats is not None
    assert stats.pieces == SearchEntry.objects.count()
    for term in ("海關", "customs"):
        assert stats.share(term) == pytest.approx(expected.share(term), abs=0.01)
    assert stats.unlisted <= min(stats.shares.values())
