"""Intranet URLs of the meetings app. Each feature keeps its routes in its own module."""

from .views import followups, import_review, pages, plans, register, search, statistics, trip_edits

app_name = "meetings"

urlpatterns = [
    *pages.urlpatterns,
    *search.urlpatterns,
    *followups.urlpatterns,
    *register.urlpatterns,
    *trip_edits.urlpatterns,
    *plans.urlpatterns,
    *statistics.urlpatterns,
    *import_review.urlpatterns,
]
