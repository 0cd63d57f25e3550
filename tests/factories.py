"""Small builders for test records (plain functions, no factory library needed)."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from delegates.models import Agency, Person
from meetings.models import Trip

_counter = itertools.count(1)


def make_agency(name, parent=None, short_name=""):
    return Agency.objects.get_or_create(
        name=name, defaults={"parent": parent, "short_name": short_name}
    )[0]


def make_user(username, group=None, agency=None, person_name=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery staple", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    if agency:
        Person.objects.create(name=person_name or username, agency=agency, user=user)
    return user


def make_trip(agency, title=None, access=Trip.Access.OPEN, start=None, **fields):
    start = start or datetime.date(2022, 8, 22)
    return Trip.objects.create(
        title=title or f"Trip {next(_counter)}",
        agency=agency,
        access=access,
        start_date=start,
        end_date=fields.pop("end", start + datetime.timedelta(days=4)),
        category=fields.pop("category", Trip.Category.MEETING),
        **fields,
    )
