"""The search index stops keeping a second copy of every piece's text as index terms.

SQLite: the FTS5 table becomes contentless (content='', columnsize=0): it holds only
the inverted index, filled and emptied by meetings.search.store (which recomputes a
piece's terms from its stored text to delete it), so the `tokens` column and the
triggers that copied it go; entry ids (the FTS5 rowids) name their trip. PostgreSQL: `search_vector` stops being generated from
`tokens` and is written by the same module, so `tokens` goes there too.

Existing rows keep their index: the terms are moved into the new FTS5 table (or stay
in the tsvector) before the column is dropped. Backwards, `tokens` is recomputed from
the text and the engines of migration 0010 are recreated.
"""

from importlib import import_module

from django.db import migrations

FTS = "meetings_search_fts"
PIECE_BITS = 12  # as meetings.search.store.PIECE_BITS when this migration was written
CREATE_CONTENTLESS = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(tokens, content='', columnsize=0, "
    "tokenize='unicode61 remove_diacritics 0')"
)


def _fill_tokens(schema_editor):
    from meetings.search.tokens import token_string

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, text FROM meetings_searchentry")
        rows = [(token_string(text), pk) for pk, text in cursor.fetchall()]
        cursor.executemany("UPDATE meetings_searchentry SET tokens = %s WHERE id = %s", rows)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for trigger in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS meetings_searchentry_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
        schema_editor.execute(CREATE_CONTENTLESS)
        # Entry ids become the trip's id and the piece's number (store.entry_id), in
        # two steps so that no new id meets an old one on the way.
        schema_editor.execute("UPDATE meetings_searchentry SET id = -id")
        schema_editor.execute(
            f"UPDATE meetings_searchentry SET id = (trip_id << {PIECE_BITS}) | r.number "
            "FROM (SELECT id AS old, ROW_NUMBER() OVER (PARTITION BY trip_id ORDER BY id DESC) "
            "- 1 AS number FROM meetings_searchentry) r WHERE meetings_searchentry.id = r.old"
        )
        schema_editor.execute(
            f"INSERT INTO {FTS}(rowid, tokens) SELECT id, tokens FROM meetings_searchentry"
        )
        schema_editor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
    elif vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE meetings_searchentry ALTER COLUMN search_vector DROP EXPRESSION"
        )
    schema_editor.execute("ALTER TABLE meetings_searchentry DROP COLUMN tokens")


def backward(apps, schema_editor):
    engines = import_module("meetings.migrations.0010_search_engines")
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        "ALTER TABLE meetings_searchentry ADD COLUMN tokens text NOT NULL DEFAULT ''"
    )
    _fill_tokens(schema_editor)
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
        for sql in engines.SQLITE_FORWARD:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS meetings_searchentry_vector_idx")
        schema_editor.execute("ALTER TABLE meetings_searchentry DROP COLUMN search_vector")
        for sql in engines.POSTGRES_FORWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0014_statistics_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="searchentry", name="tokens")],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
