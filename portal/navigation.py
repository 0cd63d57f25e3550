"""The portal's main tasks: one list feeds the top navigation and the home page.

An entry whose page is not installed (its URL name does not resolve) is left out,
as is one the user has no permission for.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from delegates.access import is_editor


@dataclass(frozen=True)
class Task:
    url_name: str
    label: str
    text: str
    in_nav: bool = True
    editors_only: bool = False


TASKS = [
    Task("meetings:search", _("Search"), _("Find past meetings, decisions and lessons.")),
    Task("meetings:trip-list", _("Trips"), _("Browse every trip and its report.")),
    Task(
        "meetings:followup-list",
        _("Follow-ups"),
        _("What must happen after the meetings, and by when."),
    ),
    Task(
        "meetings:recommendation-list",
        _("Recommendations"),
        _("Recommendations awaiting a decision and their review dates."),
    ),
    Task(
        "meetings:series-list",
        _("Meeting series"),
        _("Follow a recurring meeting across the years."),
    ),
    Task(
        "meetings:calendar-settings",
        _("My calendar"),
        _("Subscribe to your trips, meetings and due dates."),
        in_nav=False,
    ),
    Task(
        "meetings:statistics",
        _("Statistics"),
        _("Trips, people, timeliness and results in charts, with downloads."),
    ),
    Task(
        "delegates:agency-list",
        _("Agencies"),
        _("Agencies, their people and the trips they sent."),
    ),
    Task(
        "admin:meetings_trip_add",
        _("Add a trip"),
        _("Record a planned trip or a report by hand."),
        in_nav=False,
        editors_only=True,
    ),
    Task(
        "admin:meetings_trip_import",
        _("Import a report"),
        _("Turn a 出國報告 file (TXT, DOCX, PDF) into records."),
        in_nav=False,
        editors_only=True,
    ),
]


# {(URL configuration, script prefix): {url name: its URL, or None when not installed}}:
# the top navigation is on every page, and reversing its ten URLs cost more than the
# rest of the base template.
_urls = {}


def _task_urls():
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if key not in _urls:
        urls = {}
        for task in TASKS:
            try:
                urls[task.url_name] = reverse(task.url_name)
            except NoReverseMatch:
                urls[task.url_name] = None
        _urls[key] = urls
    return _urls[key]


def tasks_for(request):
    items = []
    urls = _task_urls()
    for task in TASKS:
        if task.editors_only and not is_editor(request.user):
            continue
        url = urls[task.url_name]
        if url is None:
            continue
        items.append(
            {
                "url": url,
                "label": task.label,
                "text": task.text,
                "in_nav": task.in_nav,
                "current": request.path.startswith(url) and url != "/",
            }
        )
    return items
