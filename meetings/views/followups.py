"""Intranet views: followups."""

urlpatterns = []
