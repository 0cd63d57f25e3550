"""First-run setup: a first administrator and the portal's first record.

Safe to run on every start: it creates the administrator only when no superuser
exists, and imports the first record only into an empty database.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, call_command, get_commands

from delegates.access import ADMINISTRATORS
from meetings.models import Trip

FIRST_RECORD = settings.BASE_DIR / "data" / "reports" / "000_c82191a8b989691b.txt"


class Command(BaseCommand):
    help = "Create the first administrator and import the first report, once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        self.create_first_admin(username)
        self.load_first_record()

    def create_first_admin(self, username):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        import os

        password = os.environ.get("PORTAL_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        user.groups.add(Group.objects.get(name=ADMINISTRATORS))
        if os.environ.get("PORTAL_ADMIN_PASSWORD"):
            self.stdout.write(f"Administrator '{username}' created with PORTAL_ADMIN_PASSWORD.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Administrator created. Username: {username}  Password: {password}\n"
                    "This password is shown only once: note it now."
                )
            )

    def load_first_record(self):
        if Trip.objects.exists():
            return
        if "import_report" not in get_commands():
            self.stdout.write("The report importer is not installed; no first record loaded.")
            return
        call_command("import_report", str(FIRST_RECORD), stdout=self.stdout, stderr=self.stderr)
