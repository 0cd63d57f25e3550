"""Smaller search entries (issue 13): one-letter kinds, no trip index on SQLite.

Measured at 100,000 trips (1.76 million entries, dbstat): the kind words took 11.4 MB
and the index on `trip_id` 24.4 MB. On SQLite an entry's id is its trip's id shifted
left by 12 bits plus the piece's number (meetings.search.store.entry_id), so a trip's
entries are one id range and the index is not needed there; PostgreSQL keeps it.
Entries are removed with their trip by the search receivers, which must also tell the
engine's index, so the model's cascade becomes DO_NOTHING (no database change).
"""

import django.db.models.deletion
from django.db import migrations, models

KINDS = {
    "title": "t",
    "summary": "s",
    "keywords": "k",
    "purpose": "p",
    "section": "r",
    "meeting": "m",
    "agenda": "a",
    "minutes": "n",
    "decision": "d",
    "follow_up": "f",
    "lesson": "l",
    "attachment": "x",
    "delegate": "g",
}
TRIP_INDEX = "meetings_searchentry_trip_id_0cb00b0b"


def _recode(schema_editor, mapping):
    cases = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in mapping.items())
    schema_editor.execute(f"UPDATE meetings_searchentry SET kind = CASE kind {cases} ELSE kind END")


def forward(apps, schema_editor):
    _recode(schema_editor, KINDS)
    # Agenda and minutes locations are built when shown (meetings.search.index
    # shown_locations); backwards they come back with `rebuild_search_index`.
    schema_editor.execute("UPDATE meetings_searchentry SET location = '' WHERE kind IN ('a', 'n')")
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'meetings_searchentry' AND sql LIKE '%(\"trip_id\")%'"
            )
            names = [name for (name,) in cursor.fetchall()]
        for name in names:
            schema_editor.execute(f'DROP INDEX "{name}"')


def backward(apps, schema_editor):
    _recode(schema_editor, {new: old for old, new in KINDS.items()})
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{TRIP_INDEX}" ON "meetings_searchentry" ("trip_id")'
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0017_trip_column_names")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="trip",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="search_entries",
                        to="meetings.trip",
                    ),
                ),
                migrations.AlterField(
                    model_name="searchentry",
                    name="kind",
                    field=models.CharField(
                        choices=[
                            ("t", "Title"),
                            ("s", "Summary"),
                            ("k", "Keywords"),
                            ("p", "Purposes"),
                            ("r", "Report section"),
                            ("m", "Meeting"),
                            ("a", "Agenda item"),
                            ("n", "Minutes"),
                            ("d", "Decision"),
                            ("f", "Follow-up"),
                            ("l", "Lesson or recommendation"),
                            ("x", "Attachment"),
                            ("g", "Delegation"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                migrations.AlterModelOptions(
                    name="searchentry",
                    options={
                        "ordering": ["id"],
                        "verbose_name": "search entry",
                        "verbose_name_plural": "search entries",
                    },
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
