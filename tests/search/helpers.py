"""Shortcuts for the search tests."""

from django.urls import reverse


def search(client, q=None, **params):
    if q is not None:
        params["q"] = q
    return client.get(reverse("meetings:search"), params)


def found(response):
    """The trips listed on a search page, in order."""
    return [row["trip"] for row in response.context["rows"]]
