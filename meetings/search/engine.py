"""Run a parsed query against the index, on SQLite (FTS5) or PostgreSQL (tsvector).

The candidate set is capped: the engine returns at most `CANDIDATES` matching pieces,
newest first, each with its relevance, restricted to the trips the user may see
(the access and filter conditions run inside the same SQL statement, so nothing
hidden is ever counted). Trips are then ranked from their pieces in Python. For rare
terms this is the exact answer. For very common ones (the cap is reached) ranking the
newest thousand pieces by relevance would pass a partial ranking off as the best
matches, so the search page lists those trips by date instead and says so. The
candidates are those of the most recently added trips (the trip's id, newest first,
then the piece: on SQLite an entry's id starts with its trip's id; on PostgreSQL the
engine orders by both columns).
"""

from dataclasses import dataclass, field

from django.db import OperationalError, connection
from django.db.models.expressions import RawSQL

from ..models import GlossaryTerm, SearchEntry, Trip
from ..models.names import visible_names
from . import store
from .lexeme_stats import lexeme_stats
from .query import Query, parse
from .related_filters import split

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
# Filters that leave fewer trips than this are applied as a list of trips (above,
# building the list costs more than checking each match's trip).
NARROW = 5000
# A filter on a related table that keeps fewer rows than this is checked against a
# list of its trip ids, built once; above, against its index, match by match (SQLite,
# 100,000 trips: a country's 7,700 trips, listed, 9 ms against 13 ms probed; open
# follow-ups, 30,000 trips, 9 ms listed against 4 ms probed).
RELATED_NARROW = 10000
# A filter that keeps at most this many trips has them read one by one (about 30 µs
# each on SQLite at 100,000 trips, see _few_trips).
FEW_TRIPS = 200
# ... in a database of at least this many trips: below, going through a common
# term's matches costs little, and keeps the bm25() ranking the walk cannot afford.
WALK_FROM = 5000
# Below this many trips with all words in one piece, trips with the words spread over
# several pieces are added after them.
TRIP_LEVEL_BELOW = 100


class SQLiteEngine:
    # bm25() costs tens of microseconds a row: scoring a thousand pieces of a word found
    # everywhere (海關) took longer than the rest of the page. Above this many candidates
    # the pieces are ranked by where they matched (KIND_WEIGHT) and how many matched,
    # which is what tells such pieces apart anyway.
    BM25_ROWS = 300

    # The trip of a match, read from the FTS5 rowid itself (see store.entry_id): the
    # trip filters are checked without looking up the entry, which cost more than the
    # match itself when a narrow filter made the engine go through many matches.
    TRIP = f"(meetings_search_fts.rowid >> {store.PIECE_BITS})"

    # The covering index that holds what the access check and the trip's own filters
    # read (Trip.Meta.indexes).
    CHECK_INDEX = "trip_filter_check_idx"

    def trip_check(self, trips):
        """SQL that is true when the match's trip is one of `trips`, with its parameters.

        SQLite answers `id = ?` from the trip table itself (INTEGER PRIMARY KEY), whose
        rows are large: a term found in a thousand different trips (SCCP at 100,000
        trips) spent 8 ms reading them, 1.4 ms with the covering CHECK_INDEX. The
        planner never prefers it to the rowid, so it is named (INDEXED BY), when the
        trips' conditions are on the trip table alone.
        """
        query = trips.query
        table = Trip._meta.db_table
        # Joins that the conditions ended up not needing stay in alias_map, unused.
        joined = any(query.alias_refcount[a] for a in query.alias_map if a != table)
        if query.model is not Trip or joined:
            return _correlated(trips, self.TRIP)
        compiler = query.get_compiler(connection=connection)
        where, params = compiler.compile(query.where) if query.where else ("", [])
        trip = f'"{table}"."{Trip._meta.pk.column}" = {self.TRIP}'
        sql = (
            f'EXISTS (SELECT 1 FROM "{table}" INDEXED BY {self.CHECK_INDEX} '
            f"WHERE {trip}{f' AND ({where})' if where else ''})"
        )
        return sql, list(params)

    def candidates(self, query, condition, params, limit):
        sql = (
            f"SELECT e.id, e.id >> {store.PIECE_BITS}, e.kind{{score}} FROM ("
            "SELECT meetings_search_fts.rowid AS id{inner} FROM meetings_search_fts "
            f"WHERE meetings_search_fts MATCH %s AND {condition} "
            "ORDER BY meetings_search_fts.rowid DESC LIMIT %s"
            ") c JOIN meetings_searchentry e ON e.id = c.id"
        )
        params = [query.fts5(), *params, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql.format(score="", inner=""), params)
            rows = cursor.fetchall()
            if len(rows) > self.BM25_ROWS:
                return [(*row, 1.0) for row in rows]
            cursor.execute(
                sql.format(score=", c.score", inner=", -bm25(meetings_search_fts) AS score"),
                params,
            )
            return cursor.fetchall()

    def walk(self, query, trip_ids, limit):
        """The candidates among the pieces of a few trips (`trip_ids`), each trip's
        rowid range asked of the FTS5 index in turn (CROSS JOIN keeps the trips the
        outer loop). Ranked by where they matched, like a capped result: bm25() would
        count the term's documents again for every trip (1.1 s for 26 trips)."""
        if not trip_ids:
            return []
        values = ", ".join(["(%s)"] * len(trip_ids))
        first = f"(t.column1 << {store.PIECE_BITS})"
        sql = (
            f"SELECT e.id, e.id >> {store.PIECE_BITS}, e.kind, 1.0 FROM ("
            f"SELECT meetings_search_fts.rowid AS id FROM (VALUES {values}) t "
            "CROSS JOIN meetings_search_fts WHERE meetings_search_fts MATCH %s "
            f"AND meetings_search_fts.rowid BETWEEN {first} "
            f"AND {first} + {store.PIECES_PER_TRIP - 1} "
            "ORDER BY meetings_search_fts.rowid DESC LIMIT %s"
            ") c JOIN meetings_searchentry e ON e.id = c.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*trip_ids, query.fts5(), limit])
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
    """Candidates in steps, so that neither a common term nor a rare one reads every
    match (EXPLAIN ANALYZE at 10,000 and 100,000 trips, README "Search at scale").

    The GIN index yields the pieces that hold a term in no useful order: a common term
    or a phrase of common bigrams (單一窗口 is three of them, whose positions are
    rechecked piece by piece) had every one of its matches fetched, rechecked, joined to
    its trip and sorted before the newest thousand were kept. So the newest trips that
    pass the access and filter conditions are walked first (the trip primary key
    backwards, each trip's pieces by `trip_id`) and their pieces tested one by one: a
    common term fills the cap within a few dozen trips, and the walk stops there. When
    the first `WALK_TRIPS` trips fall short, what they held (the matches a trip has,
    the trips a filter skips) estimates the span of older trips that holds the rest,
    and whether walking it costs less than asking the GIN index for that window of
    trip ids. A term the walk did not find is rare: the GIN index reads every older
    trip, as it does at the last of `STEPS` steps.

    PostgreSQL's statistics of the index terms (`lexeme_stats`) refine this: a query
    whose rarest terms are rare is sent to the GIN index at once (walking the newest
    trips would find next to nothing), and the GIN index is asked only about the
    rarest terms of each phrase, the whole query being checked on the rows it yields
    (`_sought`).

    The order is the trip's id, newest first, then the piece, as on SQLite (whose
    entry ids start with the trip's id).
    """

    # The alias of the trip's id in both statements (the trip condition names it).
    TRIP = "t.id"
    # Above any trip id: the first walk starts from the newest trip.
    NEWEST = 2**62
    # The first walk: trips whose pieces are tested one by one (about 17 pieces each).
    WALK_TRIPS = 200
    # Costs in units of one match fetched through the GIN index (its row read, its
    # positions rechecked, its trip checked: about 9 µs), from EXPLAIN ANALYZE at
    # 100,000 trips: a walked trip (its 17 pieces read and tested, about 14 µs) 1.6
    # of them, a trip read and left out by a filter 0.1, building the GIN bitmap 20–45
    # ms for a phrase of common bigrams (綠色經濟: 97,268 rows from the index), far less
    # for a rare term (GIN_COST: without statistics; with them, see below).
    TRIP_COST = 1.6
    SKIP_COST = 0.1
    GIN_COST = 5000
    # Steps of one search at most (a walk is two statements, a GIN window one): the
    # last asks the GIN index for every trip left, so the statements per page stay few.
    STEPS = 4
    # Lists the trips of a narrow filter first (engine._trip_condition): not here, the
    # walk checks each trip as it reads it.
    LISTS_NARROW_FILTERS = False
    # With statistics (`_sought`): the GIN bitmap costs POSTING_COST a piece of the
    # lists of the terms asked and YIELD_COST a piece it yields, the window of trip
    # ids SPAN_COST a trip id (the trip_id index's bitmap: about 17 pieces a trip).
    # Another word is asked too when it is in at most SOUGHT_SHARE of the pieces.
    POSTING_COST = 0.1 / 9
    YIELD_COST = 0.15 / 9
    SPAN_COST = 0.2
    SOUGHT_SHARE = 0.1
    # Queries that match at most this many pieces in the whole index (times the cap)
    # skip the walk: the GIN index reads them all at once.
    RARE = 3

    # OFFSET 0 keeps the text condition out of the pieces' scan, so that it is a plain
    # index scan on trip_id per trip and never a GIN bitmap per trip.
    WALK = (
        "SELECT e.id, e.trip_id, e.kind, ts_rank(e.search_vector, q) "
        "FROM to_tsquery('simple', %s) q, (SELECT t.id FROM meetings_trip t "
        "WHERE t.id < %s AND {condition} ORDER BY t.id DESC LIMIT %s) t "
        "CROSS JOIN LATERAL (SELECT p.id, p.trip_id, p.kind, p.search_vector "
        "FROM meetings_searchentry p WHERE p.trip_id = t.id OFFSET 0) e "
        "WHERE e.search_vector @@ q ORDER BY t.id DESC, e.id DESC LIMIT %s"
    )
    # What a walk that fell short of the cap walked.
    WALKED = (
        "SELECT COUNT(*), MIN(t.id), MAX(t.id) FROM (SELECT t.id FROM meetings_trip t "
        "WHERE t.id < %s AND {condition} ORDER BY t.id DESC LIMIT %s) t"
    )
    # A window of trip ids: the GIN bitmap of the sought terms (s) is combined with the
    # trip_id index's, so that only the matches of the window are fetched; the whole
    # query (q) is checked on those rows. ts_match_vq is @@ written as a function,
    # which the planner does not take to the GIN index.
    OLDER = (
        "SELECT e.id, e.trip_id, e.kind, ts_rank(e.search_vector, q) "
        "FROM to_tsquery('simple', %s) q, to_tsquery('simple', %s) s, meetings_searchentry e "
        "CROSS JOIN LATERAL (SELECT e.trip_id AS id) t "
        "WHERE e.search_vector @@ s AND ts_match_vq(e.search_vector, q) "
        "AND t.id >= %s AND t.id < %s AND {condition} "
        "ORDER BY t.id DESC, e.id DESC LIMIT %s"
    )

    def trip_check(self, trips):
        return _correlated(trips, self.TRIP)

    def candidates(self, query, condition, params, limit):
        tsquery = query.tsquery()
        sought, bitmap, at_most = self._sought(query, lexeme_stats())
        walk = self.WALK.format(condition=condition)
        walked_sql = self.WALKED.format(condition=condition)
        older = self.OLDER.format(condition=condition)
        rows, below, trips, span = [], self.NEWEST, self.WALK_TRIPS, 0
        passed = newest = None
        gin_used = False
        if at_most is not None and at_most <= self.RARE * limit:
            trips, span = 0, self.NEWEST
        with connection.cursor() as cursor:
            for step in range(1, self.STEPS + 1):
                if len(rows) >= limit:
                    break
                wanted = limit - len(rows)
                if trips:
                    cursor.execute(walk, [tsquery, below, *params, trips, wanted])
                    rows += cursor.fetchall()
                    if len(rows) >= limit:
                        break
                    cursor.execute(walked_sql, [below, *params, trips])
                    walked, oldest, latest = cursor.fetchone()
                    if walked < trips:
                        break  # no older trip passes the conditions
                    newest = newest or latest
                    passed = walked / (latest - oldest + 1)
                    below = oldest
                else:
                    gin_used = True
                    lowest = max(below - span, 0)
                    cursor.execute(older, [tsquery, sought, lowest, below, *params, wanted])
                    rows += cursor.fetchall()
                    below = lowest
                    if below <= 0:
                        break
                if step == self.STEPS - 1:
                    trips, span = 0, self.NEWEST
                else:
                    trips, span = self._next_step(
                        len(rows), newest - below + 1, passed, span, gin_used, limit, bitmap
                    )
        return rows[:limit]

    def _sought(self, query, stats):
        """What the GIN index is asked (a to_tsquery expression), what building its
        bitmap costs, and at most how many pieces match in the whole index (those of
        the rarest word: words found together are not independent, so their shares
        are not multiplied), from PostgreSQL's statistics of the terms (None for both
        without them).

        A phrase matches only pieces that hold each of its terms, so asking for its
        rarest terms (those too rare to be listed, or else the least common listed
        one) yields every match and a few more, which the whole query then leaves out.
        The GIN index reads the whole list of each term it is asked about (EXPLAIN
        ANALYZE at 100,000 trips: about 0.1 µs a piece of the list, 0.15 µs a piece
        it yields), so a phrase of common bigrams cost 20–55 ms where its rarest
        bigram costs a few, and the estimate (from real frequencies rather than the
        product of a phrase's bigrams) lets the planner combine the bitmap with the
        window of trip ids. Of several words, the rarest is always asked; another
        only when its list is short (`SOUGHT_SHARE`): `customs` is in a third of the
        pieces, its list costs more than the rows it would leave out. Without
        statistics, or for a lone CJK character (a prefix of many bigrams), the
        whole query is asked.
        """
        if stats is None or any(p.prefix for c in query.clauses for p in c.alternatives):
            return query.tsquery(), None, None
        clauses = []
        for clause in query.clauses:
            options, share, listed = [], 0.0, 0.0
            for phrase in clause.alternatives:
                terms = list(dict.fromkeys(phrase.terms))
                rare = [t for t in terms if not stats.is_listed(t)]
                rare = rare or [min(terms, key=stats.share)]
                options.append("(" + " & ".join(f"'{t}'" for t in rare) + ")")
                share += min(stats.share(t) for t in rare)
                listed += sum(stats.share(t) for t in rare)
            clauses.append((min(share, 1.0), listed, "(" + " | ".join(options) + ")"))
        clauses.sort()
        asked = clauses[:1] + [c for c in clauses[1:] if c[0] <= self.SOUGHT_SHARE]
        at_most = clauses[0][0] * stats.pieces
        postings = sum(c[1] for c in asked) * stats.pieces
        bitmap = postings * self.POSTING_COST + at_most * self.YIELD_COST
        return " & ".join(c[2] for c in asked), bitmap, at_most

    def _next_step(self, found, covered, passed, last_span, gin_used, limit, bitmap=None):
        """Walk on (a number of trips) or ask the GIN index (a span of trip ids).

        What was read so far (`found` matches in the `covered` newest trip ids, of
        which the share `passed` passes the conditions) estimates the span of older
        trip ids that holds the matches still wanted. Walking it reads each of its
        trips; the GIN index fetches its matches of every trip, filtered out or not,
        after building its bitmap. Nothing found: the term is rare, the GIN index
        reads all that is left. Each step spans at least twice the last, and once the
        GIN index has been asked it is asked again, so a query takes a few steps.
        """
        if not found:
            return 0, self.NEWEST
        per_id = found / covered
        span = max(int((limit - found) / per_id * 1.2) + 1, 2 * last_span)
        walk_cost = span * (passed * self.TRIP_COST + self.SKIP_COST)
        if bitmap is None:
            gin_cost = self.GIN_COST + span * per_id / passed
        else:
            gin_cost = bitmap + span * (self.SPAN_COST + per_id / passed)
        if walk_cost < gin_cost and not gin_used:
            return int(span * passed) + 1, span
        return 0, span

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


def prepare(text, user=None):
    """Parse `text` and expand it with the glossary terms `user` may see (one query):
    a term learnt only from a restricted trip of another agency must not widen the
    search, nor betray itself through what it finds. Without a user (commands and
    benchmarks, which see every trip) every term counts."""
    query = parse(text)
    if query:
        terms = GlossaryTerm.objects.all() if user is None else visible_names(GlossaryTerm, user)
        query.expand(terms.matching(query.lookup_keys()))
    return query


def _by_trip(rows):
    hits = {}
    for entry_id, trip_id, kind, score in rows:
        weighted = float(score) * KIND_WEIGHT.get(kind, 1.0)
        hits.setdefault(trip_id, TripHit(trip_id)).scored.append((weighted, entry_id))
    return hits


def _ranked(hits):
    return sorted(hits, key=lambda h: (-h.score, -h.trip_id))


def _trip_condition(backend, trips, filtered, counts=None):
    """SQL that keeps the matches of `trips`, with its parameters.

    On SQLite the filters on related tables (a country, an organisation, a series, a
    delegate, open follow-ups: related_filters.split) come first, each checked on the
    match's trip id alone: a list of trip ids built once from the related table's
    index when the filter keeps fewer than RELATED_NARROW rows, else a probe of that
    index per match. Only the matches that pass them have their trip read for the
    access check and the trip's own filters (years, category, agency). When those
    keep fewer than NARROW trips (a bounded count), they are listed once from the
    trip indexes too; otherwise each match checks its own trip, and the first
    `limit` matches usually suffice. PostgreSQL's engine checks each trip as it walks
    them (PostgresEngine), so there the whole condition is one correlated EXISTS.
    The bounded counts are added to `counts` as (count, bound) pairs.
    """
    trips = trips.order_by()
    counts = [] if counts is None else counts
    parts, params = [], []
    if getattr(backend, "LISTS_NARROW_FILTERS", True):
        related, trips = split(trips)
        for filter_ in related:
            counts.append((filter_.count(RELATED_NARROW), RELATED_NARROW))
            if counts[-1][0] < RELATED_NARROW:
                sql, more = filter_.listed()
                parts.append(f"{backend.TRIP} IN ({sql})")
            else:
                sql, more = filter_.probed(backend.TRIP)
                parts.append(sql)
            params += more
        if filtered:
            counts.append((trips.values("pk")[:NARROW].count(), NARROW))
            if counts[-1][0] < NARROW:
                sql, more = trips.values("pk").query.sql_with_params()
                return " AND ".join([*parts, f"{backend.TRIP} IN ({sql})"]), [*params, *more]
    sql, more = backend.trip_check(trips)
    return " AND ".join([*parts, sql]), [*params, *more]


def _few_trips(backend, trips, counts):
    """The ids of the trips `trips` keeps, newest first, when they are at most
    FEW_TRIPS (SQLite); else None.

    Whatever form a filter takes, the FTS5 index yields a term's matches newest
    first and each is checked against the filter: a common term with filters that
    keep a few trips went through every match of the term (會議 with a person, a year
    and a country, 26 trips at 100,000: 690 ms; a country nobody visited, 230 ms).
    Those trips are read one by one instead (SQLiteEngine.walk: 1–5 ms). Listing
    them costs what building the filters' lists does (up to 11 ms for open
    follow-ups), so it is done only when the filters' exact counts (`counts` below
    their bounds), taken as independent shares of all trips, leave fewer than twice
    FEW_TRIPS, in a database of WALK_FROM trips or more (the newest trip's id).
    """
    exact = [count for count, bound in counts if count < bound]
    if not exact or not hasattr(backend, "walk"):
        return None
    newest = Trip.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    if newest < WALK_FROM:
        return None
    estimate = newest
    # A count that reached its bound says only "at least": no share is assumed.
    for count in exact:
        estimate *= count / newest
    if estimate >= 2 * FEW_TRIPS:
        return None
    ids = list(trips.order_by("-pk").values_list("pk", flat=True)[: FEW_TRIPS + 1])
    return ids if len(ids) <= FEW_TRIPS else None


def _correlated(trips, trip_sql):
    """EXISTS: the trip `trip_sql` is one of `trips`."""
    sql, params = trips.filter(pk=RawSQL(trip_sql, ())).values("pk").query.sql_with_params()
    return f"EXISTS ({sql})", params


def search(query, trips, limit=None, filtered=False):
    """Ranked TripHits of `trips` (a Trip queryset: access and filters) matching `query`.
    `filtered`: whether `trips` has filters beyond the user's access.

    Trips with every word in one piece (a minutes block, a lesson) come first. When
    those are few, trips with each word somewhere follow: each word is looked up on
    its own (capped the same way) and the trip sets intersected.
    """
    limit = limit or CANDIDATES
    backend = engine()
    counts = []
    condition, params = _trip_condition(backend, trips, filtered, counts)
    few = _few_trips(backend, trips, counts)

    def candidates(query):
        if few is not None:
            return backend.walk(query, few, limit)
        return backend.candidates(query, condition, params, limit)

    rows = candidates(query)
    capped = len(rows) >= limit
    hits = _by_trip(rows)
    ranked = _ranked(hits.values())
    if len(query.clauses) > 1 and len(hits) < TRIP_LEVEL_BELOW:
        per_word = []
        for clause in query.clauses:
            word_rows = candidates(Query([clause]))
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
