"""Trips, their meetings and what came out of them."""

from .followups import FollowUp, FollowUpEvent
from .glossary import GlossaryTerm
from .lessons import Lesson
from .meetings import AgendaItem, Decision, Meeting, MeetingSeries, MinuteBlock, Organisation
from .plans import CostLine, ItinerarySegment, PerDiemRate, ReportReview, ReviewItem, TripTransition
from .reminders import CalendarToken, ReminderLog, ReminderPreference
from .search import SearchEntry
from .statistics import StatisticsCount, StatisticsTrip
from .trips import Attachment, Delegate, Destination, Keyword, ReportSection, Trip

__all__ = [
    "AgendaItem",
    "Attachment",
    "CalendarToken",
    "CostLine",
    "Decision",
    "Delegate",
    "Destination",
    "FollowUp",
    "FollowUpEvent",
    "GlossaryTerm",
    "ItinerarySegment",
    "Keyword",
    "Lesson",
    "Meeting",
    "MeetingSeries",
    "MinuteBlock",
    "Organisation",
    "PerDiemRate",
    "ReminderLog",
    "ReminderPreference",
    "ReportReview",
    "ReportSection",
    "ReviewItem",
    "SearchEntry",
    "StatisticsCount",
    "StatisticsTrip",
    "Trip",
    "TripTransition",
]
