"""Intranet pages of agencies and people."""

urlpatterns = []
