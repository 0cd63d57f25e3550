"""Rebuild the full-text search index (and the glossary) from every trip."""

import time

from django.core.management.base import BaseCommand

from meetings.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every trip, showing progress."

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=500, help="Trips per transaction.")

    def handle(self, *args, chunk, **options):
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(f"\r{done}/{total} trips", ending="")
            self.stdout.flush()

        entries = rebuild(chunk=chunk, progress=progress if options["verbosity"] else None)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {entries} pieces in {time.monotonic() - started:.1f} s.")
        )
