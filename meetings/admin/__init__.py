"""Admin screens for editors: trips, meetings, follow-ups and lessons."""

from . import followups, glossary, meetings, plans, trips  # noqa: F401
