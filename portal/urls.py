"""Top-level URLs. Every URL needs login except the login page and static files."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views
from .forms import PortalAuthenticationForm

admin.site.site_header = views.site_title()
admin.site.site_title = views.site_title()
admin.site.index_title = views.admin_index_title()

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=PortalAuthenticationForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Switching language must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/login/", views.admin_login_redirect),
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(views.admin_view_on_site),
        name="admin-view-on-site",
    ),
    path("admin/", admin.site.urls),
    path("", include("meetings.urls")),
    path("", include("delegates.urls")),
]
