"""Who a portal user is, in terms of agencies and roles.

A user's agency comes from the `Person` linked to the account. Restricted trips are
visible to, and trips are editable by, the staff of the sending agency and of the
agencies above it (an administration oversees its branches).
"""

from django.contrib.auth.models import AnonymousUser

VIEWERS = "Viewers"
EDITORS = "Editors"
ADMINISTRATORS = "Administrators"
# Approve the trip plans and review the reports of their agency scope.
APPROVERS = "Approvers"


def _group_names(user):
    if not hasattr(user, "_portal_group_names"):
        user._portal_group_names = (
            set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        )
    return user._portal_group_names


def is_portal_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active) and (
        user.is_superuser or ADMINISTRATORS in _group_names(user)
    )


def is_editor(user) -> bool:
    return is_portal_admin(user) or (user.is_authenticated and EDITORS in _group_names(user))


def is_approver(user) -> bool:
    return is_portal_admin(user) or (user.is_authenticated and APPROVERS in _group_names(user))


def user_agency(user):
    """The agency of the person linked to this account, or None."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if not hasattr(user, "_portal_agency"):
        from .models import Person

        person = Person.objects.select_related("agency").filter(user=user).first()
        user._portal_agency = person.agency if person else None
    return user._portal_agency


def user_person(user):
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_portal_person"):
        from .models import Person

        user._portal_person = Person.objects.select_related("agency").filter(user=user).first()
    return user._portal_person


def agency_scope_ids(user) -> set:
    """Agencies whose restricted records this user may see and (as editor) change:
    the user's own agency and every agency below it."""
    if not hasattr(user, "_portal_scope"):
        from .models import Agency

        agency = user_agency(user)
        user._portal_scope = Agency.objects.descendant_ids(agency.pk) if agency else set()
    return user._portal_scope
