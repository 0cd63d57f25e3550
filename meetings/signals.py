"""Keep the role groups' permissions in step with the models after every migrate."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def sync_role_permissions(sender, app_config=None, using="default", **kwargs):
    if app_config is None or app_config.label != "meetings":
        return
    from portal.roles import sync_roles

    sync_roles(using=using)
