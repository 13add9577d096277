"""Publishing a framework, the version in force for a commune on a day, and the shipped default."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import SYSTEM, make_commune, make_unit
from tests.model.factories import SMALL_INDICATORS, make_framework
from vidan.audit.models import AuditEntry
from vidan.core.errors import FieldsRefused
from vidan.model.frameworks import default_framework_read, framework_for, framework_publish
from vidan.model.models import Framework
from vidan.org.indicators import INDICATORS
from vidan.org.models import UnitLevel

pytestmark = pytest.mark.django_db


def test_the_version_in_force_is_the_latest_by_any_unit_above_the_nearer_one_first_on_a_tie():
    province = make_unit(level=UnitLevel.PROVINCE)
    district = make_unit(level=UnitLevel.DISTRICT, parent=province)
    commune = make_commune(province=district)
    elsewhere = make_commune()
    by_district = make_framework(commune, publisher=district, valid_from=date(2022, 1, 1))
    by_province = make_framework(commune, publisher=province, valid_from=date(2025, 7, 1))
    same_day = make_framework(commune, publisher=district, valid_from=date(2025, 7, 1))
    assert framework_for(commune, date(2021, 12, 31)) is None
    assert framework_for(commune, date(2024, 5, 1)) == by_district
    assert framework_for(commune, date(2025, 8, 1)) == same_day  # the district is nearer than the province
    same_day.delete()
    assert framework_for(commune, date(2025, 8, 1)) == by_province
    assert framework_for(elsewhere, date(2025, 8, 1)) is None


def test_everything_wrong_with_a_framework_is_refused_at_once():
    commune = make_commune()
    bad = [
        {**SMALL_INDICATORS[0], "code": "a"},
        {**SMALL_INDICATORS[0], "code": "a", "weight": "-1"},
        {**SMALL_INDICATORS[1], "code": "b", "indicator_key": "news.unknown"},
        {**SMALL_INDICATORS[2], "code": "c", "direction": "sideways", "target": "nhiều"},
    ]
    with pytest.raises(FieldsRefused) as refused:
        framework_publish(
            actor=SYSTEM,
            publisher=commune.unit,
            name="Sai",
            valid_from=date(2025, 1, 1),
            criteria={1: 1, 2: 1, 3: 1, 4: 1},
            indicators=bad,
        )
    fields = refused.value.fields
    assert set(fields) >= {"publisher", "criteria", "indicators", "indicators.1", "indicators.2", "indicators.3"}
    assert any("news.unknown" in str(m) for m in fields["indicators.2"])
    assert not Framework.objects.exists()


def test_the_default_framework_uses_the_registered_indicators_and_declares_the_rest():
    data = default_framework_read()
    keys = {e["indicator_key"] for e in data["indicators"] if e["source"] == "computed"}
    assert keys == {
        "onestop.received",
        "onestop.on_time_rate",
        "onestop.online_share",
        "org.badge_share",
        "ratings.satisfaction_rate",
        "conduct.acknowledgement_rate",
    }
    assert all(key in INDICATORS for key in keys)
    assert {e["criterion"] for e in data["indicators"]} == {1, 2, 3, 4, 5}


def test_the_command_publishes_the_default_framework_for_a_province():
    province = make_unit(level=UnitLevel.PROVINCE, name="Quảng Trị")
    out = StringIO()
    call_command("model-framework", unit=province.code, valid_from="01/07/2025", decision="QĐ 1/QĐ-UBND", stdout=out)
    framework = Framework.objects.get(publisher=province)
    assert framework.valid_from == date(2025, 7, 1) and framework.indicators.count() == 14
    assert "Quảng Trị" in out.getvalue()
    assert AuditEntry.objects.filter(action="model.framework.publish").count() == 1
    with pytest.raises(CommandError, match="01/07/2025"):
        call_command("model-framework", unit=province.code, valid_from="01/07/2025", stdout=StringIO())
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("model-framework", unit=province.code, valid_from="2025-07-01", stdout=StringIO())
    with pytest.raises(CommandError, match="no unit"):
        call_command("model-framework", unit="00000", valid_from="01/07/2025", stdout=StringIO())
