"""Planned trips become drafts of the new lifecycle; create the Approvers group."""

from django.db import migrations


def forwards(apps, schema_editor):
    from portal.roles import sync_roles

    alias = schema_editor.connection.alias
    for name in ("Trip", "HistoricalTrip"):
        model = apps.get_model("meetings", name)
        model.objects.using(alias).filter(status="planned").update(status="draft")
    sync_roles(using=alias)


def backwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    for name in ("Trip", "HistoricalTrip"):
        model = apps.get_model("meetings", name)
        model.objects.using(alias).filter(status__in=["draft", "submitted", "returned"]).update(
            status="planned"
        )
        model.objects.using(alias).filter(
            status__in=["under_review", "report_returned"]
        ).update(status="report_submitted")
    apps.get_model("auth", "Group").objects.using(alias).filter(name="Approvers").delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_trip_plan_itinerary_budget_review")]

    operations = [migrations.RunPython(forwards, backwards)]
