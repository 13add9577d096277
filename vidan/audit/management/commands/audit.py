"""vidan audit verify | rekey — check the hash chain and its head file; move a chain from before the key onto it."""

import logging
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from vidan.audit.head import HeadRefused, head_file_path, head_matches, head_read
from vidan.audit.models import AuditEntry
from vidan.audit.services import RekeyRefused, audit_chain_rekey
from vidan.audit.verify import audit_verify

# A chain found broken is logged as an error, which is mailed to ADMINS (vidan.core.logs): the nightly check
# runs from a timer whose output nobody reads.
logger = logging.getLogger("vidan.audit")


def verify_failed(message: str) -> CommandError:
    logger.error("vidan audit verify: %s", message)
    return CommandError(message)


@dataclass(frozen=True)
class CommandActor:
    """The operator at the command line, as the audit log names them (the audit layer knows no staff)."""

    label: str
    staff: None = None
    ip: None = None


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Recompute every hash, check the head file, and report the first broken link.")
        sub.add_parser(
            "rekey",
            help="Once, after upgrading to a keyed chain: move the entries hashed before the key onto it (audited).",
        )

    def handle(self, *args, action, **options):
        if action == "rekey":
            return self.rekey()
        total = AuditEntry.objects.count()
        report = audit_verify(
            progress=lambda done: self.stderr.write(f"\r{done}/{total}", ending="") if total > 5000 else None
        )
        if not report.ok:
            raise verify_failed(
                _("Audit chain broken at entry #%(id)d: %(reason)s (%(checked)d entries before it are intact).")
                % {"id": report.broken_at, "reason": _(report.reason), "checked": report.checked}
            )
        path = head_file_path()
        try:
            mark = head_read(path)
            head_matches(mark)
        except HeadRefused as refusal:
            raise verify_failed(
                _(
                    "Audit chain not confirmed: %(reason)s (%(path)s). The chain in the database has %(checked)d "
                    "entries."
                )
                % {"reason": _(refusal.reason), "path": path, "checked": report.checked}
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Audit chain intact: %(checked)d entries checked; the head file written at %(at)s confirms the "
                    "first %(confirmed)d."
                )
                % {
                    "checked": report.checked,
                    "at": date_format(localtime(mark.at), "d/m/Y H:i:s"),
                    "confirmed": mark.entries,
                }
            )
        )

    def rekey(self):
        try:
            entry = audit_chain_rekey(
                actor=CommandActor("vidan audit rekey"), head_file_exists=head_file_path().exists()
            )
        except RekeyRefused as refusal:
            raise CommandError(str(refusal.message)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(plain)d entries hashed before the key were moved onto it; recorded as entry #%(id)d.")
                % {"plain": entry.data["plain"], "id": entry.id}
            )
        )
