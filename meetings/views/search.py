"""Intranet views: search."""

urlpatterns = []
