"""The three role groups and the permissions each one holds.

Groups are created by a data migration and kept in step by a post_migrate handler,
so a model added later gets its permissions without a hand-written migration.
Object-level rules (which agency's trips an editor may change) live in the admin
and in the querysets; these are the model-level permissions only.
"""

from delegates.access import ADMINISTRATORS, APPROVERS, EDITORS, VIEWERS

APPS = ("meetings", "delegates")

# Models editors add and change (for their own agency).
EDITOR_MODELS = {
    "meetings": {
        "trip",
        "destination",
        "delegate",
        "attachment",
        "reportsection",
        "meeting",
        "agendaitem",
        "minuteblock",
        "decision",
        "followup",
        "followupevent",
        "lesson",
        "keyword",
        "meetingseries",
        "organisation",
        "glossaryterm",
        "itinerarysegment",
        "costline",
    },
    "delegates": {"person"},
}


def role_codenames(apps):
    """(group name → set of (app_label, codename)) for the current models."""
    viewers, editors, admins = set(), set(), set()
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            name = model._meta.model_name
            if name.startswith("historical"):
                viewers.add((app_label, f"view_{name}"))
                admins.add((app_label, f"view_{name}"))
                continue
            viewers.add((app_label, f"view_{name}"))
            for action in ("add", "change", "delete", "view"):
                admins.add((app_label, f"{action}_{name}"))
            if name in EDITOR_MODELS.get(app_label, set()):
                editors |= {(app_label, f"{action}_{name}") for action in ("add", "change")}
    editors |= viewers
    for codename in ("add_user", "change_user", "view_user", "view_group"):
        admins.add(("auth", codename))
    admins |= {("axes", f"{a}_{m}") for a in ("view", "delete") for m in ("accessattempt",)}
    admins.add(("axes", "view_accessfailurelog"))
    # Approvers read everything; the lifecycle services check their agency.
    return {VIEWERS: viewers, EDITORS: editors, ADMINISTRATORS: admins, APPROVERS: set(viewers)}


def sync_roles(apps=None, using="default"):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = role_codenames(global_apps)
    for group_name, pairs in wanted.items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name)
        perms = [
            p
            for p in Permission.objects.using(using).select_related("content_type")
            if (p.content_type.app_label, p.codename) in pairs
        ]
        group.permissions.set(perms)
