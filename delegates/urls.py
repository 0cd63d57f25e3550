"""Intranet URLs for agencies and people."""

from . import views

app_name = "delegates"

urlpatterns = views.urlpatterns
