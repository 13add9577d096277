"""Office culture in the demo: each commune's code of conduct, most officials' acknowledgements, badges."""

from datetime import date
from io import StringIO

import pytest
from django.test import Client

from tests.factories import PASSWORD
from vidan.conduct.indicators import acknowledgement_rate
from vidan.conduct.models import Badge, CodeVersion
from vidan.conduct.selectors import officers, version_in_force
from vidan.org.demo import demo_build
from vidan.org.models import Commune

pytestmark = pytest.mark.django_db


def test_the_demo_communes_have_their_code_acknowledgements_and_badges():
    demo_build(password=PASSWORD, stdout=StringIO())
    thuan_hoa = Commune.objects.get(slug="thuan-hoa")
    # Thuận Hóa: the 2019 code, superseded by the one adopted for the launch of the model
    versions = CodeVersion.objects.filter(commune=thuan_hoa).order_by("effective_on")
    assert [v.decision_number for v in versions] == ["112/QĐ-UBND", "45/QĐ-UBND"]
    assert all(v.is_published and v.file for v in versions)
    assert version_in_force(thuan_hoa).decision_number == "45/QĐ-UBND"
    # most of its officials acknowledged it: all but two of twelve
    assert acknowledgement_rate(commune=thuan_hoa, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31)) == 83.3
    # every official of every commune has one valid badge
    for commune in Commune.objects.all():
        members = officers(commune)
        assert CodeVersion.objects.filter(commune=commune, published_at__isnull=False).exists()
        assert Badge.objects.filter(staff__in=members, revoked_on__isnull=True).count() == len(members) > 0
    # the desk officer's lost badge says it is no longer valid; her new one opens her profile
    lost = Badge.objects.get(commune=thuan_hoa, revoked_on__isnull=False)
    page = Client().get(f"/xa/thuan-hoa/can-bo-cong-chuc/{lost.number}/").content.decode()
    assert f"Thẻ số {lost.number} đã bị thu hồi từ ngày 03/11/2025." in page
    current = Badge.objects.get(staff=lost.staff, revoked_on__isnull=True)
    assert "Cán bộ đang công tác" in Client().get(f"/xa/thuan-hoa/can-bo-cong-chuc/{current.number}/").content.decode()
