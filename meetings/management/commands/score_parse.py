"""Print the parser's per-field accuracy over a corpus of reports and list every miss."""

import json
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from meetings.importing.scoring import corpus, score_corpus


def _short(value, width=90):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


class Command(BaseCommand):
    help = (
        "Parse every report of DIR that has an expected trip document beside it "
        "(<report>.json) and print per-field accuracy and every miss."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder of reports and their expected JSON")

    def handle(self, *args, directory, **options):
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{directory}: not a folder.")
        if not corpus(path):
            raise CommandError(f"{directory}: no report has an expected .json beside it.")
        score = score_corpus(path)
        self.stdout.write(f"{score.reports} reports, {score.total} facts")
        self.stdout.write(f"{'field':<22} {'right':>6} {'total':>6} {'accuracy':>9}")
        for name in sorted(score.totals):
            right, total = score.totals[name]
            self.stdout.write(f"{name:<22} {right:>6} {total:>6} {100.0 * right / total:>8.1f}%")
        self.stdout.write(f"{'all':<22} {score.right:>6} {score.total:>6} {score.accuracy:>8.1f}%")
        if score.misses:
            self.stdout.write(f"\n{len(score.misses)} misses:")
            for miss in score.misses:
                self.stdout.write(
                    f"{miss.report} {miss.path}\n  expected {_short(miss.expected)}\n"
                    f"  found    {_short(miss.found)}"
                )
        else:
            self.stdout.write("\nNo misses.")
