"""Shared files and settings for the report-import tests."""

from pathlib import Path

import pytest

from meetings.importing import parse_report, read_report

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "reports" / "000_c82191a8b989691b.txt"
VARIANTS = ROOT / "tests" / "importing" / "reports"
REPORTS = [SEED, *sorted(VARIANTS.glob("r*.txt"))]  # n*.txt: non-reports, *.json: expectations


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded reports go to a folder of their own for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def seed_bytes():
    return SEED.read_bytes()


@pytest.fixture
def seed_doc(seed_bytes):
    return read_report(seed_bytes, SEED.name)


def variant_doc(name):
    return read_report((VARIANTS / name).read_bytes(), name)


def text_doc(text):
    return parse_report(text)
