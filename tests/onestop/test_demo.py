"""The demo's online dossiers carry files, as real ones do, in the data directory."""

import hashlib

import pytest
from django.conf import settings

from tests.onestop.factories import load_catalogue
from vidan.onestop.demo import dossier_attachments_generate
from vidan.onestop.models import Channel, Dossier, DossierFile, RequiredDocument
from vidan.onestop.simulation import dossiers_simulate

pytestmark = pytest.mark.django_db


def test_each_online_dossier_of_the_demo_gets_a_small_pdf_per_document_taken_online(commune):
    # given a commune's simulated dossiers, some sent online
    load_catalogue()
    dossiers_simulate(commune=commune, count=60, seed=3)
    online = Dossier.objects.filter(commune=commune, channel=Channel.ONLINE)
    assert online.exists() and not DossierFile.objects.exists()

    # when the demo gives them their attachments
    written = dossier_attachments_generate(commune=commune)

    # then each online dossier has one PDF per document its procedure takes online, dated when it was sent,
    # stored under the data directory with the checksum its row states; dossiers taken at the desk have none
    expected = sum(
        RequiredDocument.objects.filter(procedure_id=dossier.procedure_id, upload_accepted=True).count()
        for dossier in online
    )
    assert written == expected > 0
    for row in DossierFile.objects.select_related("dossier"):
        assert row.dossier.channel == Channel.ONLINE and row.uploaded_at == row.dossier.submitted_at
        path = settings.VIDAN_DATA_DIR / "private" / row.file.name
        content = path.read_bytes()
        assert content.startswith(b"%PDF-") and len(content) == row.size < 2000
        assert hashlib.sha256(content).hexdigest() == row.sha256
        assert row.content_type == "application/pdf" and row.document_name == row.document.name
    assert not DossierFile.objects.filter(dossier__channel=Channel.DESK).exists()

    # and a second run adds nothing
    assert dossier_attachments_generate(commune=commune) == 0
    assert DossierFile.objects.count() == expected
