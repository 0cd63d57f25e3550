"""Write a consistent snapshot of the portal: database, JSON records, media files."""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Snapshot the portal into DIR: the SQLite database (online backup), a JSON "
        "export of every record, and the uploaded files. On PostgreSQL, also run "
        "pg_dump when it is installed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "var" / "backups"),
            help="folder for the snapshot files (default: var/backups)",
        )

    def handle(self, *args, output, **options):
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        stem = backup.snapshot_stem()
        written = []

        if backup.is_sqlite():
            target = folder / f"{stem}.sqlite3"
            backup.sqlite_snapshot(target)
            written.append(target)

        records = folder / f"{stem}-records.json"
        backup.export_records(records)
        written.append(records)

        media = folder / f"{stem}-media"
        if backup.copy_media(media):
            written.append(media)

        if not backup.is_sqlite():
            dump = folder / f"{stem}.dump"
            command = backup.pg_dump_command(dump)
            self.stdout.write("PostgreSQL: the full database dump is made with")
            self.stdout.write("    " + " ".join(command))
            self.stdout.write("and restored with pg_restore --clean --no-owner -d DBNAME FILE.")
            if shutil.which("pg_dump"):
                env = {**os.environ}
                password = settings.DATABASES["default"].get("PASSWORD")
                if password:
                    env["PGPASSWORD"] = password
                result = subprocess.run(command, env=env, capture_output=True, text=True)
                if result.returncode != 0:
                    raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
                written.append(dump)
            else:
                self.stdout.write("pg_dump is not installed here: only the JSON export was made.")

        for path in written:
            self.stdout.write(f"wrote {path}")
