"""The receipt (form 01) carries the rating link's QR code, through the desk's generic links; printed again, the
same link."""

import io

import pypdf
import pytest

from tests.conftest import logged_in_client
from tests.onestop.factories import received
from vidan.onestop.links import RECEIPT, dossier_links
from vidan.ratings.models import RatingInvitation


@pytest.fixture
def dossier(catalogue, commune, desk_officer):
    return received(desk_officer, commune)


def test_the_receipt_prints_the_rating_qr_and_its_caption(dossier, desk_officer):
    client = logged_in_client(desk_officer)
    response = client.get(f"/staff/ho-so/{dossier.pk}/mau-01.pdf")
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "quét mã này để đánh giá mức độ hài lòng" in text
    assert len(reader.pages) == 1
    invitation = RatingInvitation.objects.get()
    assert (invitation.kind, invitation.subject_id, invitation.channel) == ("dossier", dossier.pk, "receipt")
    # Printed again: the same link, no second invitation
    assert client.get(f"/staff/ho-so/{dossier.pk}/mau-01.pdf").status_code == 200
    assert RatingInvitation.objects.count() == 1
    first, again = dossier_links(dossier, RECEIPT), dossier_links(dossier, RECEIPT)
    assert first == again and first[0].path.startswith("/danh-gia/")
