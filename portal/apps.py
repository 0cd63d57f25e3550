from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib import admin

        from .admin_search import cap_every_search

        # The admin modules of every app are loaded by now (django.contrib.admin comes
        # first in INSTALLED_APPS and discovers them in its own ready()).
        cap_every_search(admin.site)
