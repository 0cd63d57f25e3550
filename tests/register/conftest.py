"""Shared files of the register and Word-report tests."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "reports" / "000_c82191a8b989691b.txt"
CORPUS = ROOT / "tests" / "importing" / "reports"


def reports():
    """The seed and every report of the parser's corpus, read when the tests are
    collected, so a report added to the folder is tested too."""
    return [SEED, *sorted(CORPUS.glob("r*.txt"))]  # n*.txt: non-reports, *.json: expectations


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
