"""Shared pieces of the fuzz tests: case counts, example budgets, media folder.

The number of examples of each fuzz test is its base count times the
``FUZZ_EXAMPLES`` multiplier (default 1), so ``FUZZ_EXAMPLES=20 pytest tests/fuzz``
runs a long local session while the normal suite stays within about 90 seconds.
"""

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

COUNTS = {"parser": 0, "service": 0, "command": 0, "admin": 0, "search": 0, "lists": 0}


def examples(base):
    """The number of examples for a test whose normal budget is `base`."""
    try:
        factor = float(os.environ.get("FUZZ_EXAMPLES", "1"))
    except ValueError:
        factor = 1.0
    return max(1, int(base * factor))


def fuzz_settings(base):
    """Hypothesis settings of a fuzz test: `base` examples (times FUZZ_EXAMPLES), no
    deadline (the machine is shared), fixtures shared across examples on purpose.

    Shrinking a damaged report of several hundred kilobytes takes minutes, so a failure
    is reported as found unless ``FUZZ_SHRINK=1`` asks for the smallest example."""
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    if os.environ.get("FUZZ_SHRINK") == "1":
        phases.append(Phase.shrink)
    return settings(
        max_examples=examples(base),
        deadline=None,
        database=None,
        phases=phases,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


def count(kind):
    COUNTS[kind] += 1


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded reports go to a folder of their own for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pytest_terminal_summary(terminalreporter):
    if not any(COUNTS.values()):
        return
    terminalreporter.write_line(
        "fuzz cases run: parser {parser}, service {service}, admin {admin}, search {search}; "
        "import_report command {command}, list pages {lists}".format(**COUNTS)
    )
