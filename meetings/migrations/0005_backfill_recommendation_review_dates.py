"""Recommendations recorded before review dates existed get their first review:
six months after the trip's report date (or today when the report has none)."""

import calendar
import datetime

from django.db import migrations


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def fill(apps, schema_editor):
    Lesson = apps.get_model("meetings", "Lesson")
    today = datetime.date.today()
    missing = list(
        Lesson.objects.filter(
            kind="recommendation",
            adoption_status__in=["proposed", "adopted"],
            review_date__isnull=True,
        ).select_related("trip")
    )
    for lesson in missing:
        lesson.review_date = add_months(lesson.trip.report_date or today, 6)
    Lesson.objects.bulk_update(missing, ["review_date"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_reminderlog_calendartoken"),
    ]

    operations = [
        # Going back leaves the dates in place: they are valid data either way.
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
