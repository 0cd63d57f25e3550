"""Site-wide views: the home page and the login plumbing."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from delegates.access import is_editor, user_agency

from .dashboard import dashboard


def site_title():
    return _("International Meeting Portal")


def admin_index_title():
    return _("Records administration")


def account_fix_url(user):
    """Where this user can link their own account to a person and agency, if they may."""
    if user.has_perm("auth.change_user"):
        return reverse("admin:auth_user_change", args=[user.pk]) + "#person-group"
    return None


@require_GET
def home(request):
    agency = user_agency(request.user)
    context = {
        "agency": agency,
        "account_fix_url": None if agency else account_fix_url(request.user),
        "can_edit": is_editor(request.user),
        **dashboard(request.user),
    }
    return render(request, "portal/home.html", context)


@login_not_required
def admin_login_redirect(request):
    """One login page for the whole portal, the admin included.

    A logged-in user without staff status is refused outright: sending them to the
    login page would bounce them straight back here.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next", "/admin/"))


def admin_view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for records the user may see only.

    Django's own view redirects to any record's page, so its answer (a redirect or a
    404) would tell whether a restricted trip with that id exists.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        records = model._default_manager.all()
        if hasattr(records, "visible_to"):
            records.visible_to(request.user).get(pk=object_id)
    except (ObjectDoesNotExist, ValueError, ValidationError, AttributeError) as missing:
        raise Http404 from missing
    return shortcut(request, content_type_id, object_id)
