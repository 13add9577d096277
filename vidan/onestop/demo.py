"""The one-stop desk of the demo: the shipped procedure catalogue, and a year of dossiers at Thuận Hóa's desk
(received, in progress, late, returned, waiting for the desk's check), and fewer at each of its eight
neighbours, so the queues, the statistics, the tracking book and the province's supervisors have something to
show. Simulated dossiers open with the PIN 000000 on the lookup page."""

from vidan.onestop.catalogue import SHIPPED_CATALOGUE, catalogue_import, catalogue_read
from vidan.onestop.models import Procedure
from vidan.onestop.simulation import dossiers_simulate
from vidan.org.demo import DemoContext, demo_step

DEMO_DOSSIERS = 300
NEIGHBOUR_DOSSIERS = 60


@demo_step
def onestop_demo(ctx: DemoContext) -> None:
    if not Procedure.objects.exists():
        rows = catalogue_read(SHIPPED_CATALOGUE.read_bytes(), filename=SHIPPED_CATALOGUE.name)
        catalogue_import(actor=ctx.actor, rows=rows, dry_run=False)
    for seed, (slug, commune) in enumerate(sorted(ctx.communes.items()), start=9):
        count = DEMO_DOSSIERS if slug == "thuan-hoa" else NEIGHBOUR_DOSSIERS
        dossiers_simulate(commune=commune, count=count, seed=seed)
