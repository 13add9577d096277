"""vidan backup --to DIR — one consistent copy of the database, the data directory and the audit head."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vidan.core.backup import BackupRefused, backup_write


class Command(BaseCommand):
    help = "Back up the database, the data directory and the audit chain's head file into a new directory."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, help="The backup's directory (absent or empty).")

    def handle(self, *args, to: Path, **options):
        try:
            manifest = backup_write(to=to)
        except BackupRefused as refusal:
            raise CommandError(_("Backup failed, nothing written: %(reason)s") % {"reason": refusal}) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s: %(rows)d rows in %(tables)d tables, %(files)d files.")
                % {
                    "path": to.absolute(),
                    "rows": sum(manifest["tables"].values()),
                    "tables": len(manifest["tables"]),
                    "files": len(manifest["files"]),
                }
            )
        )
