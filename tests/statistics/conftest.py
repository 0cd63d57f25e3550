"""The statistics tests' known trips (see world.py) as a fixture."""

import pytest

from .world import build_stats_world


@pytest.fixture
def stats_world(ministry, customs, taipei_customs, other_agency):
    return build_stats_world(customs, taipei_customs, other_agency)
