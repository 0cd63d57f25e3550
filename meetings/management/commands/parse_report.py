"""Print the trip document of one report file as JSON."""

import json
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from meetings.importing import MAX_REPORT_BYTES, ReportError, read_report


class Command(BaseCommand):
    help = "Parse a trip report (.txt, .docx, .pdf) and print its trip document as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the report file")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            if path.stat().st_size > MAX_REPORT_BYTES:
                raise CommandError(f"{path.name}: The file is larger than 20 MB.")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}).") from exc
        try:
            document = read_report(data, path.name)
        except ReportError as err:
            raise CommandError(f"{path.name}: {err}") from err
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
