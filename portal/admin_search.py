"""One cap on the words of every admin search box.

Django's changelist search turns each word into a group of LIKE conditions; a pasted
page of about 1,000 words builds a query SQLite refuses ("Expression tree is too
large") and the page fails. Every registered admin with `search_fields` — the
portal's and those of Django's auth and axes — gets `CappedSearchMixin` when the
portal app is ready, with the intranet search's cap and message
(`meetings.search.query.MAX_QUERY_WORDS`).
"""

from django.contrib import messages
from django.utils.text import smart_split


class CappedSearchMixin:
    def get_search_results(self, request, queryset, search_term):
        from meetings.search.query import MAX_QUERY_WORDS, TOO_MANY_WORDS

        words = list(dict.fromkeys(smart_split(search_term or "")))
        if len(words) > MAX_QUERY_WORDS:
            search_term = " ".join(words[:MAX_QUERY_WORDS])
            match = getattr(request, "resolver_match", None)
            # Autocomplete answers in JSON: a message would wait for the next page.
            if match is None or match.url_name != "autocomplete":
                messages.warning(request, TOO_MANY_WORDS % {"max": MAX_QUERY_WORDS})
        return super().get_search_results(request, queryset, search_term)


def cap_every_search(site):
    """Give each model admin of `site` with a search box the capped search."""
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if model_admin.search_fields and not issubclass(cls, CappedSearchMixin):
            model_admin.__class__ = type(cls.__name__, (CappedSearchMixin, cls), {})
