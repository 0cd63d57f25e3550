"""`manage.py send_reminders`: the morning reminder mails (run it from cron)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from meetings.reminders import send_reminders


class Command(BaseCommand):
    help = _(
        "E-mail owners their overdue and soon-due follow-ups and trip contacts their due "
        "reports; at most one message per person per day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="The portal's address, for links in the mails (https://portal.example).",
        )

        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Send as on this day (YYYY-MM-DD) instead of today, to catch up a missed run.",
        )

    def handle(self, *args, base_url="", date=None, **options):
        sent = send_reminders(today=date, base_url=base_url)
        self.stdout.write(f"{sent} reminder(s) sent.")
