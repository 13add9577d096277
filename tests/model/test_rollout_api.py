"""The model's API for supervisors: the rollout below a unit, a commune's scorecard, its indicators with how each
was computed; and what it refuses (a unit or commune beyond the caller, a day out of range)."""

from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.test_api import bearer
from tests.factories import make_staff, make_unit
from tests.model import test_rollout
from tests.model.test_rollout import commune_in
from vidan.model.models import IndicatorSnapshot
from vidan.org.models import Role, UnitLevel
from vidan.workdays.calendar import VIETNAM

pytestmark = pytest.mark.clock(datetime(2026, 1, 20, 9, 30, tzinfo=VIETNAM))
district = test_rollout.district  # the fixture: a district of six communes, worked out by hand there


@pytest.fixture
def supervisor(district):
    unit, _communes = district
    return make_staff(None, Role.SUPERVISOR, unit=unit.parent)


def test_the_rollout_lists_the_communes_in_launch_order_with_their_scores(district, supervisor):
    unit, _communes = district
    answer = Client().get(
        f"/api/v1/units/{unit.pk}/model/rollout", {"day": "2025-12-31", "period": "2025-11-15"}, **bearer(supervisor)
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["period"] == {"start": "2025-10-01", "end": "2025-12-31", "label": "Quý 4/2025"}
    assert body["mean_total"] == "62.5"
    rows = [(c["name"], c["launch_order"], c["state"], c["total"], c["rank"], c["behind"]) for c in body["communes"]]
    assert rows == [
        ("Kim Hóa", 1, "provisional", "50.0", 2, True),
        ("Thuận Hóa", 2, "approved", "75.0", 1, False),
        ("Lâm Hóa", 3, "provisional", None, None, False),
        ("Đồng Hóa", None, "not_launched", None, None, False),
        ("Sơn Hóa", None, "not_launched", None, None, False),
    ]
    kim_hoa = body["communes"][0]
    assert kim_hoa["drag"]["indicator"] == "Tỷ lệ hồ sơ đúng hạn" and kim_hoa["drag"]["points"] == "50.0"
    assert kim_hoa["trend"] == [None, None, None, "50.0"]


def test_a_communes_scorecard_and_its_indicators_say_how_each_value_was_computed(district, supervisor):
    _unit, communes = district
    kim_hoa = communes["Kim Hóa"]
    url = f"/api/v1/communes/{kim_hoa.pk}/model/scorecard"
    card = Client().get(url, {"period": "2025-12-01"}, **bearer(supervisor))
    assert card.status_code == 200, card.content
    body = card.json()
    assert (body["state"], body["total"]) == ("provisional", "50.0")
    line = body["criteria"][1]["indicators"][0]
    assert (line["label"], line["value"], line["score"]) == ("Tỷ lệ hồ sơ đúng hạn", "49.00", "50.0")

    values = (
        Client()
        .get(f"/api/v1/communes/{kim_hoa.pk}/model/indicators", {"period": "2025-12-01"}, **bearer(supervisor))
        .json()
    )
    on_time = next(i for i in values["indicators"] if i["code"] == "onestop.on_time_rate")
    kept = IndicatorSnapshot.objects.get(commune=kim_hoa, code="onestop.on_time_rate")
    assert on_time["value"] == "49.00"
    assert on_time["how"].startswith(f"Tính lúc {timezone.localtime(kept.computed_at):%H:%M %d/%m/%Y}.")
    received = next(i for i in values["indicators"] if i["code"] == "onestop.received")
    assert (received["value"], received["computed_at"]) == (None, None)  # never computed for this period


def test_a_unit_or_commune_beyond_the_caller_is_not_found_and_a_bad_day_is_refused(district, supervisor):
    unit, _communes = district
    elsewhere = make_unit(level=UnitLevel.PROVINCE, name="Hà Tĩnh")
    foreign = commune_in(make_unit(level=UnitLevel.DISTRICT, parent=elsewhere, name="Can Lộc"), "Thiên Lộc")
    headers = bearer(supervisor)
    assert Client().get(f"/api/v1/units/{elsewhere.pk}/model/rollout", **headers).json()["error"]["code"] == (
        "not_found"
    )
    assert Client().get(f"/api/v1/communes/{foreign.pk}/model/scorecard", **headers).status_code == 404
    refused = Client().get(f"/api/v1/units/{unit.pk}/model/rollout", {"day": "1800-01-01"}, **headers)
    assert refused.status_code == 422 and "day" in refused.json()["error"]["fields"]
    leader = make_staff(_communes["Thuận Hóa"], Role.LEADER)
    refused = Client().get(f"/api/v1/units/{unit.pk}/model/rollout", **bearer(leader))
    assert refused.status_code == 403 and refused.json()["error"]["message"] == (
        "Chỉ giám sát viên của Tuyên Hóa mới xem được tình hình triển khai."
    )
