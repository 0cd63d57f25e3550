"""Intranet URLs of the meetings app. Each feature keeps its routes in its own module."""

from .views import followups, pages, review, search

app_name = "meetings"

urlpatterns = [
    *pages.urlpatterns,
    *search.urlpatterns,
    *followups.urlpatterns,
    *review.urlpatterns,
]
