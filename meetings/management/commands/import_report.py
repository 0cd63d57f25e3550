"""Import trip reports and JSON trip documents from files and folders."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from meetings.importing import MAX_REPORT_BYTES, ReportError
from meetings.models import Trip
from meetings.services import CREATE, UPDATE, ImportOptions, import_document
from meetings.services.files import ACCEPTED_SUFFIXES, TripFile, read_trip_files
from meetings.services.import_review import path_label, review_flags

VERBS = {CREATE: "created", UPDATE: "updated", "unchanged": "unchanged"}
DRY_VERBS = {CREATE: "would create", UPDATE: "would update", "unchanged": "unchanged"}


def collect(paths):
    """The files to import: files as given, folders searched recursively."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in ACCEPTED_SUFFIXES
                )
            )
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = (
        "Import trip reports (.txt, .docx, .pdf) and JSON trip documents; folders are "
        "searched recursively. Each trip is imported in its own transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen, write nothing"
        )
        parser.add_argument(
            "--access",
            choices=Trip.Access.values,
            help=(
                "open or restricted (限閱): set in the transaction that creates the trip, so "
                "a restricted report is never visible to others; default: a new trip is "
                "open, a stored one keeps its access"
            ),
        )

    def handle(self, *args, paths, user=None, dry_run=False, access=None, **options):
        importer = self._user(user)
        files = collect(paths)
        if not files:
            raise CommandError("No report files found (.txt, .docx, .pdf, .json).")
        totals = {CREATE: 0, UPDATE: 0, "unchanged": 0}
        failed = []
        flagged = []
        verbs = DRY_VERBS if dry_run else VERBS
        for number, path in enumerate(files, 1):
            for entry in self._read(path):
                prefix = f"[{number}/{len(files)}] {entry.label}"
                try:
                    if entry.error is not None:
                        raise entry.error
                    # Fields the parser was unsure of mark the trip "needs review";
                    # a JSON document carries no provenance and states what it states.
                    flags = review_flags(entry.provenance) if entry.provenance else None
                    result = import_document(
                        entry.document,
                        user=importer,
                        source=entry.source,
                        source_text=entry.text,
                        dry_run=dry_run,
                        options=ImportOptions(access=access, review_flags=flags),
                    )
                except ReportError as err:
                    failed.append((entry.label, str(err)))
                    self.stderr.write(f"{prefix}: failed: {err}")
                    continue
                except Exception as exc:  # one broken file must not stop the batch
                    reason = f"{type(exc).__name__}: {exc}"
                    failed.append((entry.label, reason))
                    self.stderr.write(f"{prefix}: failed: {reason}")
                    continue
                totals[result.action] += 1
                trip = f" trip #{result.trip.pk}" if result.trip.pk and not dry_run else " trip"
                self.stderr.write(f"{prefix}: {verbs[result.action]}{trip}")
                if flags:
                    flagged.append((entry.label, flags, result.action != "unchanged"))
                for change in result.changes:
                    if change.action == "kept":
                        self.stderr.write(f"    {change.kind}: {change}")
                    elif change.action == "removed":
                        self.stderr.write(f"    {change.kind}: removed: {change}")
        self.stdout.write(
            f"{totals[CREATE]} created, {totals[UPDATE]} updated, "
            f"{totals['unchanged']} unchanged, {len(failed)} failed"
            + (" (dry run: nothing was written)" if dry_run else "")
        )
        if flagged:
            marked = sum(1 for _label, _flags, written in flagged if written)
            verb = "would be marked" if dry_run else "marked"
            self.stdout.write(f"{marked} {verb} needs review; fields the parser was unsure of:")
            for label, flags, _written in flagged:
                names = ", ".join(f"{path} ({path_label(path)})" for path in flags)
                self.stdout.write(f"  flagged: {label}: {names}")
        for label, reason in failed:
            self.stdout.write(f"  failed: {label}: {reason}")
        if failed:
            raise CommandError(f"{len(failed)} of the files could not be imported.")

    @staticmethod
    def _user(username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc

    @staticmethod
    def _read(path):
        try:
            if path.stat().st_size > MAX_REPORT_BYTES:
                return [TripFile(path.name, error=ReportError(_("The file is larger than 20 MB.")))]
            data = path.read_bytes()
        except OSError as exc:
            message = f"cannot read the file ({exc.strerror})"
            return [TripFile(str(path), error=ReportError(message))]
        return read_trip_files(data, path.name)
