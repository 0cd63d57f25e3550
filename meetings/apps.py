from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Trips and meetings")

    def ready(self):
        from . import signals  # noqa: F401
        from .search import receivers  # noqa: F401
        from .statistics import cache, summary

        cache.connect()
        summary.connect()
