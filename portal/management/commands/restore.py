"""Bring a snapshot written by `backup` back into the database."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Restore PATH: a -records.json export (any database; all or nothing) or, on "
        "SQLite, a .sqlite3 snapshot. Refuses a database that already holds records "
        "unless --force. The snapshot's -media folder, if present, is copied back."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--force", action="store_true", help="load even if the database holds records"
        )

    def handle(self, *args, path, force, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        try:
            if source.suffix == ".json":
                backup.load_records(source, force=force)
                stem = source.name.removesuffix("-records.json")
            elif source.suffix == ".sqlite3":
                backup.restore_sqlite_snapshot(source, force=force)
                stem = source.stem
            else:
                raise CommandError("PATH must be a -records.json export or a .sqlite3 snapshot.")
        except backup.RestoreRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"restored {source}")
        media = source.with_name(f"{stem}-media")
        if media.is_dir():
            copied = backup.restore_media(media, force=force)
            self.stdout.write(f"copied {copied} media files from {media}")
