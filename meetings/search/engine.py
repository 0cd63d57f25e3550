"""Run a parsed query against the index, on SQLite (FTS5) or PostgreSQL (tsvector).

The candidate set is capped: the engine returns at most `CANDIDATES` matching pieces,
newest first, each with its relevance, restricted to the trips the user may see
(the access and filter conditions run inside the same SQL statement, so nothing
hidden is ever counted). Trips are then ranked from their pieces in Python. For rare
terms this is the exact answer. For very common ones (the cap is reached) ranking the
newest thousand pieces by relevance would pass a partial ranking off as the best
matches, so the search page lists those trips by date instead and says so. Entry ids
follow the trips' dates after a rebuild (and new reports get new ids), so the newest
pieces are those of the newest trips.
"""

from dataclasses import dataclass, field

from django.db import OperationalError, connection
from django.db.models.expressions import RawSQL

from ..models import GlossaryTerm, SearchEntry
from .query import Query, parse

CANDIDATES = 1000
# A match in the title or the keywords says more about the trip than one in the minutes.
KIND_WEIGHT = {
    SearchEntry.Kind.TITLE: 3.0,
    SearchEntry.Kind.KEYWORDS: 2.0,
    SearchEntry.Kind.MEETING: 2.0,
    SearchEntry.Kind.SUMMARY: 1.5,
    SearchEntry.Kind.AGENDA: 1.5,
}
SNIPPETS_PER_TRIP = 3
# Below this many trips with all words in one piece, trips with the words spread over
# several pieces are added after them.
TRIP_LEVEL_BELOW = 100


class SQLiteEngine:
    # bm25() costs tens of microseconds a row: scoring a thousand pieces of a word found
    # everywhere (海關) took longer than the rest of the page. Above this many candidates
    # the pieces are ranked by where they matched (KIND_WEIGHT) and how many matched,
    # which is what tells such pieces apart anyway.
    BM25_ROWS = 300

    def candidates(self, query, trip_sql, trip_params, limit):
        sql = (
            "SELECT e.id, e.trip_id, e.kind{score} "
            "FROM meetings_search_fts "
            "JOIN meetings_searchentry e ON e.id = meetings_search_fts.rowid "
            f"WHERE meetings_search_fts MATCH %s AND EXISTS ({trip_sql}) "
            "ORDER BY meetings_search_fts.rowid DESC LIMIT %s"
        )
        params = [query.fts5(), *trip_params, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql.format(score=""), params)
            rows = cursor.fetchall()
            if len(rows) > self.BM25_ROWS:
                return [(*row, 1.0) for row in rows]
            cursor.execute(sql.format(score=", -bm25(meetings_search_fts)"), params)
            return cursor.fetchall()

    def size_bytes(self):
        with connection.cursor() as cursor:
            try:
                cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'meetings_search%'")
            except OperationalError:
                # SQLite built without the dbstat table: the whole file is an upper bound.
                cursor.execute(
                    "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
                )
            return cursor.fetchone()[0] or 0

    def text_bytes(self):
        """The UTF-8 size of the text the index was built from."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM meetings_searchentry")
            return cursor.fetchone()[0] or 0


class PostgresEngine:
    def candidates(self, query, trip_sql, trip_params, limit):
        sql = (
            "SELECT e.id, e.trip_id, e.kind, ts_rank(e.search_vector, q) "
            "FROM meetings_searchentry e, to_tsquery('simple', %s) q "
            f"WHERE e.search_vector @@ q AND EXISTS ({trip_sql}) "
            "ORDER BY e.id DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.tsquery(), *trip_params, limit])
            return cursor.fetchall()

    def size_bytes(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('meetings_searchentry')")
            return cursor.fetchone()[0] or 0

    def text_bytes(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT SUM(octet_length(text)) FROM meetings_searchentry")
            return cursor.fetchone()[0] or 0


def engine():
    return PostgresEngine() if connection.vendor == "postgresql" else SQLiteEngine()


@dataclass
class TripHit:
    trip_id: int
    scored: list = field(default_factory=list)

    @property
    def score(self):
        # The best piece counts fully, further pieces a little: many mentions help,
        # but one strong match in the title beats many passing ones.
        scores = [s for s, _ in self.scored]
        return max(scores) + 0.2 * (sum(scores) - max(scores))

    @property
    def entry_ids(self):
        return [i for _, i in sorted(self.scored, reverse=True)[:SNIPPETS_PER_TRIP]]


@dataclass
class Results:
    query: object
    hits: list
    capped: bool

    @property
    def count(self):
        return len(self.hits)


def prepare(text):
    """Parse `text` and expand it with the glossary (one query)."""
    query = parse(text)
    if query:
        query.expand(GlossaryTerm.objects.matching(query.lookup_keys()))
    return query


def _by_trip(rows):
    hits = {}
    for entry_id, trip_id, kind, score in rows:
        weighted = float(score) * KIND_WEIGHT.get(kind, 1.0)
        hits.setdefault(trip_id, TripHit(trip_id)).scored.append((weighted, entry_id))
    return hits


def _ranked(hits):
    return sorted(hits, key=lambda h: (-h.score, -h.trip_id))


def search(query, trips, limit=None):
    """Ranked TripHits of `trips` (a Trip queryset: access and filters) matching `query`.

    Trips with every word in one piece (a minutes block, a lesson) come first. When
    those are few, trips with each word somewhere follow: each word is looked up on
    its own (capped the same way) and the trip sets intersected.
    """
    limit = limit or CANDIDATES
    correlated = trips.order_by().filter(pk=RawSQL("e.trip_id", ())).values("pk")
    trip_sql, trip_params = correlated.query.sql_with_params()
    backend = engine()
    rows = backend.candidates(query, trip_sql, trip_params, limit)
    capped = len(rows) >= limit
    hits = _by_trip(rows)
    ranked = _ranked(hits.values())
    if len(query.clauses) > 1 and len(hits) < TRIP_LEVEL_BELOW:
        per_word = []
        for clause in query.clauses:
            word_rows = backend.candidates(Query([clause]), trip_sql, trip_params, limit)
            capped = capped or len(word_rows) >= limit
            per_word.append(_by_trip(word_rows))
        spread = set.intersection(*(set(found) for found in per_word)) - set(hits)
        extra = []
        for trip_id in spread:
            hit = TripHit(trip_id)
            for found in per_word:
                hit.scored += sorted(found[trip_id].scored, reverse=True)[:1]
            extra.append(hit)
        ranked += _ranked(extra)
    return Results(query=query, hits=ranked, capped=capped)
