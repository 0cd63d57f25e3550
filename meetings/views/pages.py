"""Intranet views: pages."""

urlpatterns = []
