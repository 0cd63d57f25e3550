"""Trips, their meetings and what came out of them."""

from .followups import FollowUp, FollowUpEvent
from .glossary import GlossaryTerm
from .lessons import Lesson
from .meetings import AgendaItem, Decision, Meeting, MeetingSeries, MinuteBlock, Organisation
from .search import SearchEntry
from .trips import Attachment, Delegate, Destination, Keyword, ReportSection, Trip

__all__ = [
    "AgendaItem",
    "Attachment",
    "Decision",
    "Delegate",
    "Destination",
    "FollowUp",
    "FollowUpEvent",
    "GlossaryTerm",
    "Keyword",
    "Lesson",
    "Meeting",
    "MeetingSeries",
    "MinuteBlock",
    "Organisation",
    "ReportSection",
    "SearchEntry",
    "Trip",
]
