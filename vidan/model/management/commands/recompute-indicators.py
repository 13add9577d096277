"""vidan recompute-indicators --period 2026-Q4 [--commune SLUG] — the model's computed indicators, recomputed now.

The tick job keeps the current period fresh on its own (vidan/model/snapshots.py); this recomputes a period at once:
after importing history, after a correction of old dossiers, or to time a full recomputation (docs/model.md).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.model.snapshots import snapshots_recompute
from vidan.org.management.commands.indicators import period_parse
from vidan.org.models import Commune


class Command(BaseCommand):
    help = "Recompute the model's computed indicators of every commune (or one) for a month, a quarter or a year."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2026-11, 2026-Q4 or 2026")
        parser.add_argument("--commune", default="", help="only this commune (its slug)")

    def handle(self, *args, period: str, commune: str, **options):
        start, end = period_parse(period, timezone.localdate())
        communes = None
        if commune:
            communes = list(Commune.objects.select_related("unit").filter(slug=commune))
            if not communes:
                raise CommandError(_("No commune has the address %(slug)s.") % {"slug": commune})
        began = time.monotonic()
        done = snapshots_recompute(start, end, communes=communes)
        self.stdout.write(
            _("%(count)s communes, %(start)s–%(end)s: recomputed in %(seconds).1f s.")
            % {
                "count": done,
                "start": f"{start:%d/%m/%Y}",
                "end": f"{end:%d/%m/%Y}",
                "seconds": time.monotonic() - began,
            }
        )
