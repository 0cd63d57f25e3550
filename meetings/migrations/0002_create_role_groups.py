"""Create the Viewers, Editors and Administrators groups with their permissions."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(using=schema_editor.connection.alias)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=["Viewers", "Editors", "Administrators"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("delegates", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
