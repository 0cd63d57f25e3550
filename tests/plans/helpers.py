"""Building plans for the plan tests."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Trip
from meetings.services.plans import save_plan

# Plans are for trips to come.
START = timezone.localdate() + datetime.timedelta(days=60)
END = START + datetime.timedelta(days=4)

PLAN_FORM = {
    "plan_name": "赴日本東京出席 WCO 亞太區研討會計畫",
    "category": "meeting",
    "access": "open",
    "purposes": "瞭解各國海關風險管理\n交流智慧邊境經驗",
    "destinations": "日本東京",
    "start_date": START.isoformat(),
    "end_date": END.isoformat(),
    "meeting_titles": "WCO 亞太區風險管理研討會",
    "budget_year": "115",
    "budget_line": "國際交流活動",
    "funding": "own",
}


def make_plan(author, agency, people=(), **overrides):
    data = {
        "plan_name": PLAN_FORM["plan_name"],
        "category": "meeting",
        "agency": agency,
        "access": Trip.Access.OPEN,
        "start_date": START,
        "end_date": END,
        "budget_year": 115,
        "budget_line": "國際交流活動",
        "funding": "own",
        "purposes": "瞭解各國海關風險管理",
        "destinations": [("JP", "東京")],
        "people": list(people),
        "meeting_titles": ["WCO 亞太區風險管理研討會"],
        **overrides,
    }
    return save_plan(Trip(), data, user=author)


def move(client, trip, action, comment="", version=None):
    trip.refresh_from_db()
    return client.post(
        reverse("meetings:trip-transition", args=[trip.pk]),
        {"action": action, "comment": comment, "version": version or trip.version},
    )
