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
        if not hasattr(query, "values"):
            return len(query)
        # SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1): the database stops
        # after the cap and no row travels to Python.
        return query.order_by().values("pk")[: COUNT_CAP + 1].count()
