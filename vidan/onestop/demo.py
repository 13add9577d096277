"""The one-stop desk of the demo: the shipped procedure catalogue, and a year of dossiers at Thuận Hóa's desk
(received, in progress, late, returned, waiting for the desk's check) so the queues, the statistics and the
tracking book have something to show. Simulated dossiers open with the PIN 000000 on the lookup page."""

from vidan.onestop.catalogue import SHIPPED_CATALOGUE, catalogue_import, catalogue_read
from vidan.onestop.models import Procedure
from vidan.onestop.simulation import dossiers_simulate
from vidan.org.demo import DemoContext, demo_step

DEMO_DOSSIERS = 300


@demo_step
def onestop_demo(ctx: DemoContext) -> None:
    if not Procedure.objects.exists():
        rows = catalogue_read(SHIPPED_CATALOGUE.read_bytes(), filename=SHIPPED_CATALOGUE.name)
        catalogue_import(actor=ctx.actor, rows=rows, dry_run=False)
    # Each step taken by Thuận Hóa's own officers, so that a dossier's papers (form 05) show its hand-overs.
    dossiers_simulate(commune=ctx.communes["thuan-hoa"], count=DEMO_DOSSIERS, seed=9, handovers=True)
