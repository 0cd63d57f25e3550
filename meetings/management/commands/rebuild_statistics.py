"""Count the statistics page's figures again from every trip (meetings/statistics/summary.py).

The counts follow every save, delete and report import by themselves; run this after
writing trips in bulk some other way (a script, a restored backup) or to repair them.
"""

import time

from django.core.management.base import BaseCommand

from meetings.statistics.summary import count_everything


class Command(BaseCommand):
    help = "Count the statistics page's figures again from every trip."

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(f"\r{done}/{total} trips", ending="")
            self.stdout.flush()

        rows = count_everything(progress=progress if options["verbosity"] else None)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Counted {rows} rows in {time.monotonic() - started:.1f} s.")
        )
