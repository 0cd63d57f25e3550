"""Trips, their meetings and what came out of them."""

from .followups import FollowUp, FollowUpEvent
from .glossary import GlossaryTerm
from .lessons import Lesson
from .meetings import AgendaItem, Decision, Meeting, MeetingSeries, MinuteBlock, Organisation
from .reminders import CalendarToken, ReminderLog, ReminderPreference
from .search import SearchEntry
from .trips import Attachment, Delegate, Destination, Keyword, ReportSection, Trip

__all__ = [
    "AgendaItem",
    "Attachment",
    "CalendarToken",
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
    "ReminderLog",
    "ReminderPreference",
    "ReportSection",
    "SearchEntry",
    "Trip",
]
