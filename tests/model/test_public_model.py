"""A commune's public model page: the launch and its place in the district's order, the signed commitments with
their scans, the approved scores beside the province's mean, this period's computed indicators; and nothing that
is not public (a draft, an evidence file, another commune's file)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import SYSTEM, make_department
from tests.model import test_rollout
from tests.model.factories import checked_pdf
from vidan.model.commitments import Signer, commitment_draft, commitment_sign
from vidan.model.models import IndicatorSnapshot, ModelFile
from vidan.org.models import DepartmentKind
from vidan.workdays.calendar import VIETNAM

pytestmark = pytest.mark.clock(datetime(2026, 1, 20, 9, 30, tzinfo=VIETNAM))
district = test_rollout.district  # the fixture: a district of six communes, worked out by hand there


@pytest.fixture
def thuan_hoa(district):
    _unit, communes = district
    commune = communes["Thuận Hóa"]
    police = make_department(commune, kind=DepartmentKind.POLICE, name="Công an xã")
    signed = commitment_draft(
        actor=SYSTEM,
        department=police,
        items=["Giải quyết thủ tục cư trú đúng hạn"],
        signers=[Signer("Trương Quang Huy", "Trưởng Công an xã")],
    )
    commitment_sign(actor=SYSTEM, commitment=signed, signed_on=date(2023, 1, 10), scan=checked_pdf("cam-ket.pdf"))
    desk = make_department(commune, kind=DepartmentKind.ONE_STOP, name="Bộ phận Một cửa")
    commitment_draft(
        actor=SYSTEM, department=desk, items=["Bản nháp chưa ký"], signers=[Signer("Lê Thị Mai", "Công chức")]
    )
    IndicatorSnapshot.objects.create(
        commune=commune,
        code="onestop.on_time_rate",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        value=Decimal("96.5"),
        computed_at=timezone.now(),
    )
    return commune, signed


def test_the_public_page_shows_the_launch_commitments_scores_and_indicators(thuan_hoa):
    commune, signed = thuan_hoa
    page = Client().get(f"/xa/{commune.slug}/mo-hinh/")
    text = page.content.decode()
    assert page.status_code == 200
    # the 3rd commune of Tuyên Hóa to launch: Thạch Hóa (since merged away) in 2021, Kim Hóa in 2022, then it
    assert "xã thứ 3 của Tuyên Hóa" in text
    assert "Giải quyết thủ tục cư trú đúng hạn" in text and "Trương Quang Huy, Trưởng Công an xã" in text
    assert "Bản nháp chưa ký" not in text
    # the approved Q4/2025 total, and the province's mean over its one approved commune
    assert 'id="public-total">75<' in text and "Quý 4/2025" in text
    assert "bình quân của tỉnh: 75 (1 xã)" in text
    assert "Quý 1/2026" in text and "96,5\u00a0%" in text
    # and the signed scan opens, as a PDF shown in the browser
    scan = ModelFile.objects.get(commitment=signed, role="scan")
    opened = Client().get(f"/xa/{commune.slug}/mo-hinh/tep/{scan.pk}/")
    assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"


def test_files_that_are_not_public_are_not_found(thuan_hoa, district):
    commune, _signed = thuan_hoa
    _unit, communes = district
    evidence = ModelFile.objects.filter(role="evidence", commune=commune).first()
    assert evidence is not None  # the approved self-assessment's evidence
    assert Client().get(f"/xa/{commune.slug}/mo-hinh/tep/{evidence.pk}/").status_code == 404
    scan = ModelFile.objects.get(role="scan", commune=commune)
    other = communes["Kim Hóa"]
    assert Client().get(f"/xa/{other.slug}/mo-hinh/tep/{scan.pk}/").status_code == 404
    assert Client().get("/xa/khong-co/mo-hinh/").status_code == 404
