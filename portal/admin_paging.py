"""A paginator for changelists over very large tables.

Counting 100,000 trips on every page view costs more than the page itself; past a
threshold the count is capped, and the admin shows "more than N" pages instead.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class LargeTablePaginator(Paginator):
    @cached_property
    def count(self):
        query = self.object_list
        try:
            capped = query.order_by()[: COUNT_CAP + 1].values("pk")
            return len(capped) if hasattr(query, "values") else len(query)
        except (AttributeError, TypeError):
            return len(query)
