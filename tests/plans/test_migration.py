"""The data migration: trips "planned" under the old states become drafts, and the
Approvers group exists."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("meetings", "0010_search_engines")]
AFTER = [("meetings", "0013_drafts_and_approvers_group")]


@pytest.mark.django_db(transaction=True)
def test_planned_trips_become_drafts_and_other_states_stay():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("meetings", "Trip")
    planned = old.objects.create(title="舊的規劃中出國案", status="planned")
    published = old.objects.create(title="已公開的出國案", status="published")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("meetings", "Trip")
    assert new.objects.get(pk=planned.pk).status == "draft"
    assert new.objects.get(pk=published.pk).status == "published"
    assert Group.objects.filter(name="Approvers").exists()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
