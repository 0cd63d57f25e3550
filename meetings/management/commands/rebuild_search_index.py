"""Rebuild the full-text search index (and the glossary) from every trip."""

import time

from django.core.management.base import BaseCommand

from meetings.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every trip, showing progress."

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk", type=int, default=1000, help="Trips read and written at a time."
        )

    def handle(self, *args, chunk, **options):
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(f"\r{done}/{total} trips", ending="")
            self.stdout.flush()

        entries, size = rebuild(chunk=chunk, progress=progress if options["verbosity"] else None)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {entries} pieces ({size / 1024 / 1024:.1f} MB of text) "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
