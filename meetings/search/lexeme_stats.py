"""How common each index term is, from PostgreSQL's own statistics of the tsvector
column (what ANALYZE and autovacuum keep in `pg_stats`: the most common lexemes of
`meetings_searchentry.search_vector` and the share of pieces holding each).

The PostgreSQL engine uses them to plan, never to decide what matches: which terms of
a phrase the GIN index is asked about (the rarest; the others are checked on the rows
it yields) and whether a query is rare enough to skip walking the newest trips. A
term missing from the list is rarer than every listed one. No statistics yet (a new
database before its first ANALYZE): `None`, and the engine plans as if it knew
nothing.

Read at most every `MAX_AGE` seconds per process and database: the list is a few
hundred lexemes and changes only when the table is analysed again.
"""

import time
from dataclasses import dataclass

from django.db import connection

MAX_AGE = 300.0

_cache = {}


@dataclass(frozen=True)
class LexemeStats:
    # The share of pieces holding each listed lexeme.
    shares: dict
    # The share below which lexemes are not listed (an upper bound for those).
    unlisted: float
    # The number of pieces (pg_class.reltuples).
    pieces: float

    def share(self, lexeme):
        return self.shares.get(lexeme, self.unlisted)

    def is_listed(self, lexeme):
        return lexeme in self.shares


def _read():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
            "FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() "
            "AND s.tablename = c.relname AND s.attname = 'search_vector' "
            "WHERE c.relname = 'meetings_searchentry' "
            "AND c.relnamespace = current_schema()::regnamespace"
        )
        row = cursor.fetchone()
    if not row or not row[0] or not row[1] or not row[2] or row[2] <= 0:
        return None
    lexemes, shares, pieces = row
    # The shares of the listed lexemes, then their minimum, maximum and the share of
    # null elements (PostgreSQL's pg_stats documentation).
    listed = dict(zip(lexemes, shares[: len(lexemes)], strict=True))
    return LexemeStats(shares=listed, unlisted=float(shares[len(lexemes)]), pieces=float(pieces))


def lexeme_stats():
    """The current statistics (cached), or None when PostgreSQL has none yet."""
    key = (connection.alias, connection.settings_dict.get("NAME"))
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is None or now - cached[0] > MAX_AGE:
        cached = (now, _read())
        _cache[key] = cached
    return cached[1]


def forget():
    """Drop the cached statistics (after an ANALYZE, in tests and benchmarks)."""
    _cache.clear()
