"""Names derived from trips, and who may see them.

Meeting series, organisations, keywords and glossary terms come into being through a
trip's records (a meeting's acronym, the report's keywords, a definition in its
text). The rule, kept here and nowhere else: **a name that exists only because of
records a user may not see is itself invisible to that user** — on every list,
count, drop-down, autocomplete, admin page, search expansion and export. A name used
by at least one visible record is visible, and so is one no record uses (typed in by
an administrator).

Each queryset names the records that use its rows (`uses`: a model, the lookup from
it to the name, and the lookup from it to its trip); the condition is two EXISTS
subqueries per use, so lists stay one query whatever their length.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models.expressions import RawSQL


def derived_visibility(user, uses):
    """The condition on a name's rows that the user may see, or None for no limit.

    `uses` is a list of (model, lookup to the name, path to the trip) triples, or
    quadruples whose last item is the name's own field the lookup matches (its pk
    unless stated).
    """
    from .trips import trip_visibility

    if not user.is_authenticated:
        return models.Q(pk__in=[])
    unused = models.Q()
    seen = models.Q(pk__in=[])
    for model, lookup, trip_path, *outer in uses:
        visible = trip_visibility(user, trip_path)
        if visible is None:
            return None
        rows = model._default_manager.filter(**{lookup: models.OuterRef(*outer or ["pk"])})
        unused &= ~models.Exists(rows)
        seen |= models.Exists(rows.filter(visible))
    return unused | seen


def _scope_key(user):
    """What a user's derived-names condition depends on: who sees every trip, and
    otherwise the agencies whose restricted trips the user sees."""
    from delegates.access import agency_scope_ids, is_portal_admin

    if not user.is_authenticated:
        return "anonymous"
    return "all" if is_portal_admin(user) else frozenset(agency_scope_ids(user))


# The SQL of each model's derived-names condition per scope and database. Building
# the condition's nested EXISTS cost about 2 ms of Python per list and compiling it
# to SQL as much again, on every search page (three drop-downs and the glossary
# lookup: 7–10 ms of a 30 ms page at 100,000 trips). The SQL is the same for every
# user of a scope: it is compiled once, and each request runs a fresh query with it,
# so the rows are always current.
_built_conditions = {}
# The condition of a user who sees no name (not logged in).
NOTHING = "nothing"


def _condition_sql(model, user):
    """(sql, params) of `model.objects.visible_to(user)`'s WHERE clause: None when it
    has none (the user sees every name), NOTHING when it matches no row."""
    queryset = model._default_manager.visible_to(user)
    query = queryset.query
    if not query.where:
        return None
    joined = {alias for alias, count in query.alias_refcount.items() if count}
    if joined - {model._meta.db_table}:
        raise ValueError(f"{model.__name__}.visible_to() must filter without joins.")
    try:
        return query.get_compiler(queryset.db).compile(query.where)
    except EmptyResultSet:
        return NOTHING


def visible_names(model, user, *related):
    """`model.objects.visible_to(user)` (with `related` selected), its condition
    compiled once for the user's scope."""
    key = (model, connections[model._default_manager.db].vendor, _scope_key(user))
    if key not in _built_conditions:
        _built_conditions[key] = _condition_sql(model, user)
    condition = _built_conditions[key]
    names = model._default_manager.select_related(*related)
    if condition is None:
        return names
    if condition is NOTHING:
        return names.none()
    sql, params = condition
    return names.filter(RawSQL(sql, params, output_field=models.BooleanField()))


# The whole SQL of each drop-down of names (its columns, the condition, its order) per
# scope and database, compiled once like the condition above: each request runs it
# and reads the rows afresh.
_choice_queries = {}


def _concrete_columns(model):
    return [f.attname for f in model._meta.concrete_fields]


def name_choices(model, user, *related):
    """[(pk, label)] of `visible_names(model, user, *related)` in its order, the label
    being the name's `str()` (with its `related` objects, as `select_related` reads
    them). The same rows as iterating the queryset, without building and compiling
    the query on every request (three drop-downs on every search page)."""
    key = (model, connections[model._default_manager.db].vendor, _scope_key(user), related)
    if key not in _choice_queries:
        names = visible_names(model, user, *related)
        if not names.query.is_empty():
            fields = _concrete_columns(model)
            for name in related:
                remote = model._meta.get_field(name).related_model
                fields += [f"{name}__{column}" for column in _concrete_columns(remote)]
            names = names.values_list(*fields)
        _choice_queries[key] = None if names.query.is_empty() else names.query.sql_with_params()
    query = _choice_queries[key]
    if query is None:
        return []
    db = model._default_manager.db
    columns = _concrete_columns(model)
    choices = []
    with connections[db].cursor() as cursor:
        cursor.execute(*query)
        for row in cursor.fetchall():
            name = model.from_db(db, columns, row[: len(columns)])
            at = len(columns)
            for field_name in related:
                field = model._meta.get_field(field_name)
                remote_columns = _concrete_columns(field.related_model)
                values = row[at : at + len(remote_columns)]
                at += len(remote_columns)
                remote = field.related_model.from_db(db, remote_columns, values)
                field.set_cached_value(name, remote if values[0] is not None else None)
            choices.append((name.pk, str(name)))
    return choices


def names_seen_by(model, *related):
    """A filter's choices of derived names, from the request's user (django-filter
    calls it with the request): `queryset=names_seen_by(MeetingSeries)`."""

    def choices(request):
        user = getattr(request, "user", None)
        if user is None:
            return model._default_manager.none()
        return visible_names(model, user, *related)

    # For `name_choices`, which reads the same rows without the queryset.
    choices.model, choices.related = model, related
    return choices


class DerivedNameQuerySet(models.QuerySet):
    """A queryset of names made by trips; subclasses list the records using them."""

    def uses(self):
        """(model, lookup to the name, path to the trip) of each record using a name;
        a subclass lists them. A name nothing uses is visible to everyone."""
        return []

    def visible_to(self, user):
        condition = derived_visibility(user, self.uses())
        return self if condition is None else self.filter(condition)


class KeywordQuerySet(DerivedNameQuerySet):
    def uses(self):
        from .trips import Trip

        return [(Trip.keywords.through, "keyword", "trip__")]


class MeetingSeriesQuerySet(DerivedNameQuerySet):
    def uses(self):
        from .meetings import Meeting

        return [(Meeting, "series", "trip__")]


class OrganisationQuerySet(DerivedNameQuerySet):
    def uses(self):
        from .meetings import Meeting

        return [(Meeting, "series__organisation", "trip__")]


class GlossaryTermQuerySet(DerivedNameQuerySet):
    def uses(self):
        from .trips import Trip

        return [(Trip, "pk", "", "source_trip_id")]

    def editable_by(self, user):
        """Terms an editor may correct: those learnt from trips the editor edits
        (portal administrators: every term)."""
        from delegates.access import is_portal_admin

        from .trips import Trip

        if is_portal_admin(user):
            return self
        return self.filter(source_trip__in=Trip.objects.editable_by(user))

    def matching(self, keys):
        """Terms whose acronym or either name equals one of the normalised `keys`."""
        keys = list(keys)
        if not keys:
            return self.none()
        return self.filter(
            models.Q(acronym_key__in=keys) | models.Q(zh_key__in=keys) | models.Q(en_key__in=keys)
        )
