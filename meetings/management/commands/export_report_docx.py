"""Write the report of one trip as a Word file in the official layout."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from meetings.models import Trip
from meetings.register import register_trips, trip_docx


class Command(BaseCommand):
    help = (
        "Generate the 出國報告 of a trip as a Word (.docx) file: cover, 提要 table, 目錄, "
        "body, meetings and agendas, recommendations and attachment list."
    )

    def add_arguments(self, parser):
        parser.add_argument("trip_id", type=int, help="the id of the trip")
        parser.add_argument(
            "-o", "--output", help="the file to write (default: report-trip-ID.docx)"
        )

    def handle(self, *args, trip_id, output=None, **options):
        trips = register_trips(Trip.objects.filter(pk=trip_id))
        if not trips:
            raise CommandError(f"There is no trip with id {trip_id}.")
        path = Path(output or f"report-trip-{trip_id}.docx")
        try:
            path.write_bytes(trip_docx(trips[0]))
        except OSError as exc:
            raise CommandError(f"{path}: cannot write the file ({exc.strerror}).") from exc
        self.stdout.write(f"{path}: {trips[0].title}")
