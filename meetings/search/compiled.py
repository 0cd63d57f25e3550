"""Queries of the search page compiled once, run with a list of ids.

Django builds and compiles a query's SQL on every request: for the small queries the
search page runs with the ids of what it shows (the locations of the pieces on the
page) that cost more than running them. Here the list is one parameter (a JSON array
read with `json_each` on SQLite, an array compared with `= ANY` on PostgreSQL), so the
SQL never changes: it is compiled once per query and database, and each request runs
it with its own ids. The rows are plain named tuples, read without the ORM's
converters: for integer and text columns.
"""

import json
from collections import namedtuple

from django.db import connections, models
from django.db.models.expressions import RawSQL

# Where the ids go among a compiled query's parameters.
_IDS = object()
_compiled = {}


def in_ids(model, column, vendor, ids):
    """The condition "`column` of `model` is one of `ids`", with one parameter."""
    quote = connections[model._default_manager.db].ops.quote_name
    name = f"{quote(model._meta.db_table)}.{quote(column)}"
    if vendor == "postgresql":
        sql, value = f"{name} = ANY(%s)", ids if ids is _IDS else list(ids)
    else:
        sql = f"{name} IN (SELECT value FROM json_each(%s))"
        value = ids if ids is _IDS else json.dumps(list(ids))
    return RawSQL(sql, [value], output_field=models.BooleanField())


def rows_with_ids(name, model, column, ids, build):
    """The rows of `build(queryset)`, a `values_list` of `queryset` (the `model` rows
    whose `column` is one of `ids`), as named tuples. `name` names the query: it is
    compiled the first time only, so `build` must not depend on anything else."""
    ids = list(ids)
    if not ids:
        return []
    db = model._default_manager.db
    vendor = connections[db].vendor
    key = (name, vendor)
    if key not in _compiled:
        queryset = build(model._default_manager.filter(in_ids(model, column, vendor, _IDS)))
        sql, params = queryset.query.sql_with_params()
        fields = queryset._fields
        _compiled[key] = (sql, params, namedtuple(f"{model.__name__}Row", fields))
    sql, params, row = _compiled[key]
    value = ids if vendor == "postgresql" else json.dumps(ids)
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [value if p is _IDS else p for p in params])
        return [row._make(values) for values in cursor.fetchall()]
