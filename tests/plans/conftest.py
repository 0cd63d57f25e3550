"""Personas of the plan lifecycle: approvers of customs and of the other agency."""

import pytest

from delegates.access import APPROVERS
from tests.factories import make_user


@pytest.fixture
def approver(customs):
    return make_user("approver", APPROVERS, agency=customs, person_name="張核定", is_staff=True)


@pytest.fixture
def other_approver(other_agency):
    return make_user(
        "other_approver", APPROVERS, agency=other_agency, person_name="周他核", is_staff=True
    )
