"""The import confirm: a bounded number of queries, the time printed (never asserted)."""

import time

import pytest

from .conftest import SEED
from .test_admin_import import confirm, upload

pytestmark = pytest.mark.django_db


def test_confirm_of_the_seed_report_has_a_bounded_query_count(
    client_for, superuser, seed_bytes, django_assert_max_num_queries
):
    client = client_for(superuser)
    preview = upload(client, SEED.name, seed_bytes, "txt")
    # About one query per table (bulk inserts), the review round, the search index and
    # the statistics counts of the trip's group (about 15, meetings/statistics/summary.py)
    # included; never one per traveller, agenda item or glossary term.
    with django_assert_max_num_queries(150):
        started = time.perf_counter()
        done = confirm(client, preview)
        elapsed = time.perf_counter() - started
    assert done.status_code == 302
    print(f"import confirm of the seed report: {elapsed * 1000:.0f} ms")
