"""Benchmark of the report import: parse time of the seed, then a bulk import.

The bulk import runs `import_report` in a subprocess against a temporary SQLite
database (migrated first), never against the developer's database.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from meetings.importing import ReportError, extract_text, parse_report

SEED = settings.BASE_DIR / "data" / "reports" / "000_c82191a8b989691b.txt"
VARIANTS = settings.BASE_DIR / "tests" / "importing" / "reports"


class Command(BaseCommand):
    help = "Measure the seed's parse time and the time to import N generated reports."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=1000, help="reports to import")
        parser.add_argument("--runs", type=int, default=20, help="parse repetitions")

    def handle(self, *args, reports, runs, **options):
        if reports < 1 or runs < 1:
            raise CommandError("--reports and --runs must be at least 1.")
        seed_text = extract_text(SEED.read_bytes(), SEED.name)
        timings = []
        for _run in range(runs):
            start = time.perf_counter()
            parse_report(seed_text)
            timings.append((time.perf_counter() - start) * 1000)
        self.stdout.write(
            f"seed parse: {statistics.median(timings):.1f} ms "
            f"(median of {runs}; min {min(timings):.1f} ms, max {max(timings):.1f} ms)"
        )
        bases = self._bases()
        with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
            folder = Path(tmp) / "reports"
            folder.mkdir()
            for number in range(reports):
                text, title, system_id = bases[number % len(bases)]
                variant = text.replace(title, f"{title}（第 {number + 1} 份）")
                if system_id:
                    variant = variant.replace(system_id, f"{system_id}-{number + 1}")
                (folder / f"report-{number + 1:05d}.txt").write_text(variant, "utf-8")
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "portal.settings",
                "DEBUG": "1",
                "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                "MEDIA_ROOT": str(Path(tmp) / "media"),
            }
            manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
            subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
            start = time.perf_counter()
            done = subprocess.run(
                [*manage, "import_report", str(folder)], env=env, capture_output=True, text=True
            )
            seconds = time.perf_counter() - start
        summary = done.stdout.strip().splitlines()[0] if done.stdout.strip() else done.stderr
        self.stdout.write(f"generated {reports} reports from {len(bases)} layouts")
        self.stdout.write(f"import_report: {summary}")
        self.stdout.write(
            f"import of {reports} reports: {seconds:.1f} s ({reports / seconds:.1f} reports/s)"
        )

    def _bases(self):
        """Reports whose title can be varied: (text, title, system id)."""
        paths = [SEED, *(sorted(VARIANTS.glob("*.txt")) if VARIANTS.is_dir() else [])]
        bases = []
        for path in paths:
            try:
                text = extract_text(path.read_bytes(), path.name)
                doc = parse_report(text)
            except ReportError:
                continue
            title = doc["title"]
            if not title or title not in text:
                continue
            changed = parse_report(text.replace(title, title + "（第 1 份）"))
            if changed["title"] == title + "（第 1 份）":
                bases.append((text, title, doc["system_id"]))
        if not bases:
            raise CommandError("No report to generate variants from.")
        return bases
