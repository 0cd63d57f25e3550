"""Site-wide views: the home page and the login plumbing."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from delegates.access import is_editor, user_agency

from .dashboard import dashboard


def site_title():
    return _("International Meeting Portal")


def admin_index_title():
    return _("Records administration")


@require_GET
def home(request):
    context = {
        "agency": user_agency(request.user),
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
