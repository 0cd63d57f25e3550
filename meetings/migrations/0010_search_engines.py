"""The engine-specific half of the search index (see meetings.search.engine).

SQLite: an FTS5 table over SearchEntry.tokens (external content), kept in step by
triggers, so bulk writes to SearchEntry are indexed too. The tokens are already
split into terms by meetings.search.tokens, so the plain unicode61 tokenizer only
splits on spaces.

PostgreSQL: a generated tsvector column to_tsvector('simple', tokens) with a GIN index.
Each half does nothing on the other database.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE meetings_search_fts USING fts5("
    "tokens, content='meetings_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER meetings_searchentry_ai AFTER INSERT ON meetings_searchentry BEGIN "
    "INSERT INTO meetings_search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER meetings_searchentry_ad AFTER DELETE ON meetings_searchentry BEGIN "
    "INSERT INTO meetings_search_fts(meetings_search_fts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER meetings_searchentry_au AFTER UPDATE ON meetings_searchentry BEGIN "
    "INSERT INTO meetings_search_fts(meetings_search_fts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO meetings_search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "INSERT INTO meetings_search_fts(meetings_search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS meetings_searchentry_ai",
    "DROP TRIGGER IF EXISTS meetings_searchentry_ad",
    "DROP TRIGGER IF EXISTS meetings_searchentry_au",
    "DROP TABLE IF EXISTS meetings_search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE meetings_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    # Serves `search_vector @@ to_tsquery(...)` in meetings.search.engine.
    "CREATE INDEX meetings_searchentry_vector_idx ON meetings_searchentry "
    "USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS meetings_searchentry_vector_idx",
    "ALTER TABLE meetings_searchentry DROP COLUMN IF EXISTS search_vector",
]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        chosen = statements.get(vendor, [])
        for sql in chosen:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_search_index_and_glossary")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
