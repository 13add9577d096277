"""The one-stop desk of the demo: the shipped procedure catalogue, and a year of dossiers at Thuận Hóa's desk
(received, in progress, late, returned, waiting for the desk's check), and fewer at each of its eight
neighbours, so the queues, the statistics, the tracking book and the province's supervisors have something to
show. Simulated dossiers open with the PIN 000000 on the lookup page. The online ones carry a small generated
PDF for each document their procedure takes online, so a demo database has files in its data directory, as a
real one has, to open from the dossier's page, back up and restore."""

import hashlib
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import transaction

from vidan.core.pdf import sample_pdf
from vidan.onestop.catalogue import SHIPPED_CATALOGUE, catalogue_import, catalogue_read
from vidan.onestop.models import Channel, Dossier, DossierFile, Procedure, RequiredDocument
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
        dossier_attachments_generate(commune=commune)


def dossier_attachments_generate(*, commune) -> int:
    """Give each online dossier of the commune that has no file a sample PDF per document its procedure takes
    online, dated when it was sent. Returns how many files were written."""
    dossiers = list(
        Dossier.objects.filter(commune=commune, channel=Channel.ONLINE, files__isnull=True).only(
            "id", "procedure_id", "submitted_at"
        )
    )
    documents = defaultdict(list)
    for document in RequiredDocument.objects.filter(
        procedure_id__in={dossier.procedure_id for dossier in dossiers}, upload_accepted=True
    ).order_by("procedure_id", "position", "id"):
        documents[document.procedure_id].append(document)
    rows = []
    for dossier in dossiers:
        for position, document in enumerate(documents[dossier.procedure_id], start=1):
            content = sample_pdf(document.name, kind="ban chup minh hoa / demo scan")
            row = DossierFile(
                dossier=dossier,
                commune=commune,
                document=document,
                document_name=document.name,
                name=f"giay-to-{position}.pdf",
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_at=dossier.submitted_at,
            )
            row.file.save(row.name, ContentFile(content), save=False)
            rows.append(row)
    with transaction.atomic():
        DossierFile.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
