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

from django.db import models


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


# Built (never evaluated) querysets of names per model and scope. Building the
# condition's nested EXISTS cost about 2 ms of Python per list and page (three lists
# on the search page); the SQL is the same for every user of a scope, and each
# request runs a clone of it, so the rows are always current.
_built_choices = {}


def visible_names(model, user, *related):
    """`model.objects.visible_to(user)` (with `related` selected), from the query
    built once for the user's scope."""
    key = (model, related, _scope_key(user))
    built = _built_choices.get(key)
    if built is None:
        built = model._default_manager.visible_to(user).select_related(*related)
        _built_choices[key] = built
    return built.all()


def names_seen_by(model, *related):
    """A filter's choices of derived names, from the request's user (django-filter
    calls it with the request): `queryset=names_seen_by(MeetingSeries)`."""

    def choices(request):
        user = getattr(request, "user", None)
        if user is None:
            return model._default_manager.none()
        return visible_names(model, user, *related)

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
