"""Scoring the parser against a corpus: each report file beside its expected JSON.

A corpus directory holds report files (``.txt``, ``.docx``, ``.pdf``) and, for
each, ``<same stem>.json``: either the expected trip document (``sections`` may
be left out: it is the report's raw text, not a fact) or ``{"refused": "…"}``
for a text that is not a report and must be refused with a message containing
the given words.

Facts are compared field by field: scalars by value, the contact by its three
parts, list entries position by position and field by field (a missing or
surplus entry is a miss for each of its fields).  ``score_parse`` prints the
result per field and lists every miss.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation

from .document import SCALARS
from .errors import ReportError
from .parser import read_report

REPORT_EXTENSIONS = (".txt", ".docx", ".pdf")
_ENTRY_FIELDS = {
    "travelers": ("name", "title", "unit", "agency", "rank"),
    "destinations": ("country", "city"),
    "purposes": ("title", "body"),
    "follow_ups": ("description", "owner", "due_date", "status"),
    "lessons": ("title", "body", "kind"),
    "attachments": ("number", "title"),
    "meetings": (
        "title",
        "title_en",
        "acronym",
        "start_date",
        "end_date",
        "location",
        "chairs",
        "agenda",
        "minutes",
        "decisions",
    ),
}


@dataclass
class Miss:
    report: str
    path: str
    expected: object
    found: object


@dataclass
class Score:
    reports: int = 0
    totals: dict = field(default_factory=dict)  # field name -> [right, total]
    misses: list = field(default_factory=list)

    def count(self, report, name, path, expected, found):
        right_total = self.totals.setdefault(name, [0, 0])
        right_total[1] += 1
        if expected == found:
            right_total[0] += 1
        else:
            self.misses.append(Miss(report, path, expected, found))

    @property
    def right(self):
        return sum(right for right, _total in self.totals.values())

    @property
    def total(self):
        return sum(total for _right, total in self.totals.values())

    @property
    def accuracy(self):
        return 100.0 * self.right / self.total if self.total else 100.0


def corpus(directory):
    """``(report path, expected JSON path)`` for every report with an expectation."""
    directory = Path(directory)
    pairs = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() in REPORT_EXTENSIONS:
            expected = path.with_suffix(".json")
            if expected.exists():
                pairs.append((path, expected))
    return pairs


def score_document(score, report, expected, found):
    """Add the comparison of one parsed document with its expectation to ``score``."""
    for key in SCALARS:
        score.count(report, key, key, expected.get(key), found.get(key))
    for part in ("name", "title", "phone"):
        score.count(
            report,
            f"contact.{part}",
            f"contact.{part}",
            (expected.get("contact") or {}).get(part),
            found["contact"][part],
        )
    score.count(report, "keywords", "keywords", expected.get("keywords", []), found["keywords"])
    for key, fields in _ENTRY_FIELDS.items():
        want, got = expected.get(key, []), found[key]
        for index in range(max(len(want), len(got))):
            a = want[index] if index < len(want) else {}
            b = got[index] if index < len(got) else {}
            for name in fields:
                score.count(
                    report, f"{key}.{name}", f"{key}.{index}.{name}", a.get(name), b.get(name)
                )


def score_report(score, path, expected):
    """Parse one report file and score it against ``expected`` (a dict)."""
    import json

    score.reports += 1
    refused = expected.get("refused")
    try:
        found = read_report(path.read_bytes(), path.name)
    except ReportError as err:
        # The reason as the user reads it (zh-Hant) must hold the expected words.
        with translation.override("zh-hant"):
            reason = str(err)
        if refused is not None:
            shown = refused if refused in reason else reason
            score.count(path.name, "refused", "refused", refused, shown)
        else:
            score.count(path.name, "parsed", "parsed", None, reason)
        return
    if refused is not None:
        score.count(path.name, "refused", "refused", refused, json.dumps(found["title"]))
        return
    score_document(score, path.name, expected, found)


def score_corpus(directory):
    """Score every report of a corpus directory; returns a :class:`Score`."""
    import json

    score = Score()
    for path, expected_path in corpus(directory):
        score_report(score, path, json.loads(expected_path.read_text("utf-8")))
    return score
