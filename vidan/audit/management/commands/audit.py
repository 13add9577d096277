"""vidan audit verify — walk the hash chain and report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from vidan.audit.models import AuditEntry
from vidan.audit.verify import audit_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Recompute every hash and report the first broken link.")

    def handle(self, *args, action, **options):
        total = AuditEntry.objects.count()
        report = audit_verify(
            progress=lambda done: self.stderr.write(f"\r{done}/{total}", ending="") if total > 5000 else None
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries checked."))
            return
        raise CommandError(
            f"Audit chain broken at entry #{report.broken_at}: {report.reason} "
            f"({report.checked} entries before it are intact)."
        )
