"""Write and delete SearchEntry rows together with the engine's index of them.

SQLite: `meetings_search_fts` is a contentless FTS5 table (migration 0011): it keeps
the inverted index only, keyed by the entry's id. Its rows are added here, and removed
with FTS5's 'delete' command, which needs the terms that were indexed: they are
recomputed from the entry's stored text (the tokeniser is deterministic). Entries get
their ids here (`entry_id`: the trip's id and the piece's number), so the index can
be written in the same `executemany` pass and the engine can tell a match's trip from
its rowid alone.

PostgreSQL: the tsvector column is computed from the terms in the INSERT itself.
"""

from django.db import connection

from .tokens import token_string

TABLE = "meetings_searchentry"
FTS = "meetings_search_fts"
COLUMNS = "trip_id, kind, object_id, location, text"
PIECE_BITS = 12
PIECES_PER_TRIP = 1 << PIECE_BITS


def _sqlite():
    return connection.vendor == "sqlite"


def entry_id(trip_id, number):
    """A SQLite entry's id, which is also its FTS5 rowid: the trip's id and the
    piece's number within the trip, so the engine reads the trip off the rowid."""
    return (trip_id << PIECE_BITS) | number


def _numbered(rows):
    by_trip = {}
    for row in rows:
        by_trip.setdefault(row[0], []).append(row)
    for trip_id, pieces in by_trip.items():
        if len(pieces) > PIECES_PER_TRIP:
            # Beyond what any report has: the last pieces are searched as one.
            rest = pieces[PIECES_PER_TRIP - 1 :]
            pieces = [*pieces[: PIECES_PER_TRIP - 1], (*rest[0][:-1], _join(rest))]
        for number, row in enumerate(pieces):
            yield (entry_id(trip_id, number), *row)


def _join(rows):
    return "\n".join(row[-1] for row in rows)


def add(rows):
    """Insert entries: (trip id, kind, object id, location, text) tuples, all the
    entries of each trip at once (a trip's old entries must be gone)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if _sqlite():
            numbered = list(_numbered(rows))
            cursor.executemany(
                f"INSERT INTO {TABLE} (id, {COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)", numbered
            )
            cursor.executemany(
                f"INSERT INTO {FTS}(rowid, tokens) VALUES (%s, %s)",
                [(row[0], token_string(row[-1])) for row in numbered],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {TABLE} ({COLUMNS}, search_vector) "
                "VALUES (%s, %s, %s, %s, %s, to_tsvector('simple', %s))",
                [(*row, token_string(row[-1])) for row in rows],
            )


def trip_range(trip_id):
    """The first and last possible SQLite entry ids of a trip."""
    return entry_id(trip_id, 0), entry_id(trip_id, PIECES_PER_TRIP - 1)


def drop_trips(trip_ids):
    """Delete the entries of these trips and their index."""
    with connection.cursor() as cursor:
        if _sqlite():
            # A trip's entries are one id range (no index on trip_id on SQLite).
            ranges = [trip_range(trip_id) for trip_id in trip_ids]
            found = []
            for low, high in ranges:
                cursor.execute(
                    f"SELECT id, text FROM {TABLE} WHERE id BETWEEN %s AND %s", [low, high]
                )
                found += cursor.fetchall()
            cursor.executemany(
                f"INSERT INTO {FTS}({FTS}, rowid, tokens) VALUES ('delete', %s, %s)",
                [(pk, token_string(text)) for pk, text in found],
            )
            cursor.executemany(f"DELETE FROM {TABLE} WHERE id BETWEEN %s AND %s", ranges)
            return
        placeholders = ", ".join(["%s"] * len(trip_ids))
        cursor.execute(f"DELETE FROM {TABLE} WHERE trip_id IN ({placeholders})", trip_ids)


def drop_all():
    with connection.cursor() as cursor:
        if _sqlite():
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')")
        cursor.execute(f"DELETE FROM {TABLE}")


def optimize():
    """Merge the FTS5 index into one segment after a full rebuild (faster queries,
    smaller file)."""
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
