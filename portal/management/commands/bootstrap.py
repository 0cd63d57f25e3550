"""First-run setup: a first administrator, the portal's first record, and the
administrator's person and agency.

Safe to run on every start: it creates the administrator only when no superuser
exists, imports the first record only into an empty database, and links the first
administrator to a person only while the account has none.

The administrator's person comes from the environment when set:

    PORTAL_ADMIN_PERSON   name of the administrator's person (found or created)
    PORTAL_ADMIN_AGENCY   name or short name of their agency (must exist)

otherwise it is a new person of the sending agency of the first record, so the
dashboard, the "mine" filters and the calendar feed work from the first login.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, CommandError, call_command, get_commands
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from delegates.access import ADMINISTRATORS
from delegates.models import Agency, Person
from meetings.models import Trip

FIRST_RECORD = settings.BASE_DIR / "data" / "reports" / "000_c82191a8b989691b.txt"


class Command(BaseCommand):
    help = (
        "Create the first administrator, import the first report and link the "
        "administrator to a person, once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        self.create_first_admin(username)
        self.load_first_record()
        with translation.override(settings.LANGUAGE_CODE):
            self.link_first_admin()

    def create_first_admin(self, username):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
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

    def link_first_admin(self):
        admin = (
            get_user_model()
            .objects.filter(is_superuser=True)
            .order_by("date_joined", "pk")
            .select_related("person")
            .first()
        )
        if admin is None or getattr(admin, "person", None) is not None:
            return
        agency = self.admin_agency()
        if agency is None:
            self.stdout.write(
                "No agency known yet: link the administrator to a person on their user page."
            )
            return
        name = os.environ.get("PORTAL_ADMIN_PERSON", "").strip() or _("Portal administrator")
        with transaction.atomic():
            person = (
                Person.objects.select_for_update()
                .filter(name=name, agency=agency, user__isnull=True)
                .first()
            )
            if person is None:
                person = Person.objects.create(name=name, agency=agency)
            person.user = admin
            person.save(update_fields=["user"])
        self.stdout.write(
            f"Administrator '{admin.get_username()}' linked to {person.name} ({agency.name})."
        )

    def admin_agency(self):
        wanted = os.environ.get("PORTAL_ADMIN_AGENCY", "").strip()
        if wanted:
            agency = Agency.objects.filter(Q(name=wanted) | Q(short_name=wanted)).first()
            if agency is None:
                raise CommandError(
                    f"PORTAL_ADMIN_AGENCY={wanted!r} names no agency; use the name or short "
                    "name of one in the administration (agencies)."
                )
            return agency
        first = Trip.objects.filter(agency__isnull=False).order_by("pk").select_related("agency")
        trip = first.first()
        return trip.agency if trip else None
