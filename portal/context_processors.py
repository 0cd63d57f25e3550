"""Template context shared by every page."""

from delegates.access import is_editor

from .navigation import tasks_for


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_can_edit": False, "portal_nav": [], "portal_tasks": []}
    tasks = tasks_for(request)
    return {
        "user_can_edit": is_editor(user),
        "portal_nav": [t for t in tasks if t["in_nav"]],
        "portal_tasks": tasks,
    }
