"""vidan restore --from DIR — restore a backup into an empty install, then verify the audit chain."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vidan.audit.head import ChainBroken, audit_head_export
from vidan.core.backup import BackupRefused, backup_restore

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `vidan backup` into an empty database and data directory, check it against its "
        "manifest, empty the caches and verify the audit chain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path, help="The backup's directory.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database and data directory that are not empty (stop the site and its services first).",
        )

    def handle(self, *args, source: Path, replace: bool, **options):
        try:
            restored = backup_restore(source=source, replace=replace)
        except BackupRefused as refusal:
            raise CommandError(_("Restore refused: %(reason)s") % {"reason": refusal}) from None
        self.stdout.write(
            _("Restored from %(path)s: %(rows)d rows in %(tables)d tables, %(files)d files, as the manifest counts.")
            % {"path": source.absolute(), "rows": restored.rows, "tables": restored.tables, "files": restored.files}
        )
        # Sessions, staff records and lists cached outside the database from the database as it was before the
        # restore (a cache kept in the database was restored with it).
        for alias, cache in settings.CACHES.items():
            if cache["BACKEND"] == "vidan.core.cache.DatabaseCache":
                continue
            try:
                caches[alias].clear()
            except Exception:
                logger.warning("restore: the %s cache could not be emptied; flush it by hand", alias)
        if not restored.audit_head:
            # A backup made before the first `vidan tick`: nothing outside the database vouches for the chain's
            # end, so it is checked from its first entry and its head written, as the tick would.
            self.stdout.write(
                _(
                    "The backup holds no audit head file (made before the first `vidan tick`): the chain is checked "
                    "from its first entry and its head file written."
                )
            )
            try:
                audit_head_export()
            except ChainBroken as broken:
                raise CommandError(str(broken)) from None
        call_command("audit", "verify", stdout=self.stdout, stderr=self.stderr)
