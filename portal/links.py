"""Links to pages that may or may not be installed yet.

The trip page belongs to another part of the portal; until its URL name resolves,
a trip links to its admin change page instead.
"""

from django.urls import NoReverseMatch, reverse


def url_if(name, *args):
    """The URL for `name`, or "" when that page is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def trip_url(trip_id):
    return url_if("meetings:trip-detail", trip_id) or reverse(
        "admin:meetings_trip_change", args=[trip_id]
    )
