"""Write and delete SearchEntry rows together with the engine's index of them.

SQLite: `meetings_search_fts` is a contentless FTS5 table (migration 0011): it keeps
the inverted index only, keyed by the entry's id. Its rows are added here, and removed
with FTS5's 'delete' command, which needs the terms that were indexed: they are
recomputed from the entry's stored text (the tokeniser is deterministic). Entries get
their ids here, in order after the table's AUTOINCREMENT sequence, once the write
lock is held, so the index can be written in the same `executemany` pass.

PostgreSQL: the tsvector column is computed from the terms in the INSERT itself.
"""

from django.db import connection

from .tokens import token_string

TABLE = "meetings_searchentry"
FTS = "meetings_search_fts"
COLUMNS = "trip_id, kind, object_id, location, text"


def _sqlite():
    return connection.vendor == "sqlite"


def add(rows):
    """Insert entries: (trip id, kind, object id, location, text) tuples."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if _sqlite():
            # Called after a DELETE in the same transaction, or inside a fresh one:
            # this statement takes the write lock before the sequence is read.
            cursor.execute("UPDATE sqlite_sequence SET seq = seq WHERE name = %s", [TABLE])
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"COALESCE((SELECT MAX(id) FROM {TABLE}), 0))",
                [TABLE],
            )
            first = cursor.fetchone()[0] + 1
            numbered = [(first + i, *row) for i, row in enumerate(rows)]
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


def drop_trips(trip_ids):
    """Delete the entries of these trips and their index."""
    placeholders = ", ".join(["%s"] * len(trip_ids))
    with connection.cursor() as cursor:
        if _sqlite():
            cursor.execute(
                f"SELECT id, text FROM {TABLE} WHERE trip_id IN ({placeholders})", trip_ids
            )
            cursor.executemany(
                f"INSERT INTO {FTS}({FTS}, rowid, tokens) VALUES ('delete', %s, %s)",
                [(pk, token_string(text)) for pk, text in cursor.fetchall()],
            )
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
