"""Consistent snapshots of the portal's records, and bringing them back.

A snapshot is a set of files sharing one stem, `portal-YYYYmmdd-HHMMSS`:
- `<stem>.sqlite3`: on SQLite, a copy of the live database made with SQLite's online
  backup API (consistent even while the portal is in use);
- `<stem>-records.json`: every record (people and agencies, trips, meetings,
  follow-ups, their history, users and groups) as a Django fixture with natural
  keys, which any database engine can load;
- `<stem>-media/`: the uploaded reports, attachments and evidence files.
Sessions, axes' login logs, permissions and content types are not exported: they
are recreated (permissions, groups' rows) or are not worth keeping.
"""

import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

# What the JSON export holds, in app_label[.Model] form, as dumpdata takes it.
EXPORTED = [
    "auth.group",
    "auth.user",
    "delegates",
    "meetings",
    "admin.logentry",
]


class RestoreRefused(Exception):
    pass


def snapshot_stem(now=None):
    now = timezone.localtime(now)
    return f"portal-{now:%Y%m%d-%H%M%S}"


def is_sqlite():
    return connection.vendor == "sqlite"


def sqlite_snapshot(target):
    """Copy the live SQLite database to `target` with the online backup API."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def export_records(target):
    """Write every exported record to `target` as one consistent JSON fixture."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One snapshot for every table read by the export.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        serializers.register_serializer("precise_json", "portal.precise_json")
        call_command(
            "dumpdata",
            *EXPORTED,
            format="precise_json",
            natural_foreign=True,
            natural_primary=True,
            output=str(target),
            verbosity=0,
        )


def copy_media(target):
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        shutil.copytree(media, target)
        return True
    return False


def pg_dump_command(target):
    db = settings.DATABASES["default"]
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
    if db.get("HOST"):
        command.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        command.append(f"--port={db['PORT']}")
    if db.get("USER"):
        command.append(f"--username={db['USER']}")
    command.append(db["NAME"])
    return command


def database_is_empty():
    from django.contrib.auth import get_user_model

    from delegates.models import Agency, Person
    from meetings.models import Meeting, Trip

    return not any(
        model.objects.exists() for model in (get_user_model(), Agency, Person, Trip, Meeting)
    )


def load_records(path, force=False):
    """Load a JSON export, all or nothing. Refuses a non-empty database unless forced."""
    with transaction.atomic():
        if not force and not database_is_empty():
            raise RestoreRefused(
                "The database already holds records. Restore into an empty database "
                "(after `manage.py migrate`), or pass --force to load over them."
            )
        call_command("loaddata", str(path), verbosity=0)


def restore_sqlite_snapshot(path, force=False):
    if not is_sqlite():
        raise RestoreRefused("A .sqlite3 snapshot can only be restored into SQLite.")
    if not force and not database_is_empty():
        raise RestoreRefused(
            "The database already holds records. Pass --force to replace it with the snapshot."
        )
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def restore_media(source, force=False):
    """Copy a snapshot's media folder back; existing files are kept unless forced."""
    media = Path(settings.MEDIA_ROOT)
    copied = 0
    for file in Path(source).rglob("*"):
        if not file.is_file():
            continue
        destination = media / file.relative_to(source)
        if destination.exists() and not force:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, destination)
        copied += 1
    return copied
