"""The desk's rules are dated: each dossier keeps the version in force on the day it was received (or submitted),
and the versions are data an operator corrects."""

import io
from datetime import date, datetime

import pytest
from django.core.cache import caches
from pypdf import PdfReader

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_staff
from tests.onestop.factories import load_catalogue
from vidan.onestop.models import DeskRules, Dossier, Procedure
from vidan.onestop.services import dossier_receive_at_desk
from vidan.onestop.versions import SHIPPED, desk_rules_in_force, desk_rules_seed, dossier_rules, dossiers_rules_assign
from vidan.org.models import Role
from vidan.workdays import VIETNAM


def test_the_version_in_force_is_the_latest_valid_on_the_day(db):
    assert desk_rules_in_force(date(2019, 5, 1)).code == "nd61-2018"
    assert desk_rules_in_force(date(2021, 12, 5)).code == "nd61-2018"
    assert desk_rules_in_force(date(2021, 12, 6)).code == "nd107-2021"
    assert desk_rules_in_force(date(2025, 6, 30)).code == "nd107-2021"
    assert desk_rules_in_force(date(2025, 7, 1)).code == "nd118-2025"
    # before the first version, the first governs
    assert desk_rules_in_force(date(2010, 1, 1)).code == "nd61-2018"
    today = desk_rules_in_force(date(2026, 12, 5))
    assert (today.desk_name, today.return_restarts, today.returns_per_agency) == (
        "Trung tâm Phục vụ hành chính công",
        False,
        1,
    )


def test_an_emptied_table_gets_the_shipped_versions_back(db):
    DeskRules.objects.all().delete()
    caches["local"].clear()
    assert desk_rules_in_force(date(2026, 1, 1)).code == "nd118-2025"
    assert DeskRules.objects.count() == len(SHIPPED)
    desk_rules_seed()  # a table with versions is left as it is
    assert DeskRules.objects.count() == len(SHIPPED)


@pytest.mark.clock
def test_a_dossier_keeps_the_version_of_its_day_even_after_a_new_one_is_added(commune, clock):
    # Given a dossier received on 30 June 2025, the last day of NĐ 61/2018
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    clock.move_to(datetime(2025, 6, 30, 10, 0, tzinfo=VIETNAM))
    old, _pin = dossier_receive_at_desk(
        actor=actor_of(desk), commune=commune, procedure=Procedure.objects.get(code="HT-04"), applicant_name="A"
    )
    # and one received the next day
    clock.move_to(datetime(2025, 7, 1, 10, 0, tzinfo=VIETNAM))
    new, _pin = dossier_receive_at_desk(
        actor=actor_of(desk), commune=commune, procedure=Procedure.objects.get(code="HT-04"), applicant_name="B"
    )
    assert (old.rules.code, new.rules.code) == ("nd107-2021", "nd118-2025")

    # When an operator adds a version valid from a date that covers both
    DeskRules.objects.create(
        code="later", basis="Nghị định mới", valid_from=date(2025, 6, 1), desk_name="Bộ phận mới",
        return_restarts=True, returns_per_agency=3,
    )  # fmt: skip
    caches["local"].clear()

    # Then each dossier still follows the version it was received under
    assert dossier_rules(Dossier.objects.get(pk=old.pk)).code == "nd107-2021"
    assert dossier_rules(Dossier.objects.get(pk=new.pk)).code == "nd118-2025"


def test_dossiers_without_rules_get_the_version_of_the_day_they_were_received(commune):
    # Given dossiers written before the versions existed (as the migration finds them)
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    procedure = Procedure.objects.get(code="HT-04")
    made = {}
    for name, moment in [
        ("2020", datetime(2020, 3, 2, 9, tzinfo=VIETNAM)),
        # 00:30 on 6 December 2021 in Vietnam is still 5 December in UTC: the local day counts
        ("2021", datetime(2021, 12, 6, 0, 30, tzinfo=VIETNAM)),
        ("2025", datetime(2025, 7, 1, 8, tzinfo=VIETNAM)),
    ]:
        dossier, _pin = dossier_receive_at_desk(
            actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name=name
        )
        Dossier.objects.filter(pk=dossier.pk).update(received_at=moment, rules=None)
        made[name] = dossier.pk

    dossiers_rules_assign()

    codes = dict(Dossier.objects.filter(pk__in=made.values()).values_list("applicant_name", "rules__code"))
    assert codes == {"2020": "nd61-2018", "2021": "nd107-2021", "2025": "nd118-2025"}


@pytest.mark.clock
def test_the_papers_and_the_dossier_page_follow_the_version_of_the_dossier(commune, clock):
    # Given a dossier received in 2024 and one received today, and today's form set renumbered by an operator
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    procedure = Procedure.objects.get(code="HT-04")
    clock.move_to(datetime(2024, 5, 6, 9, 0, tzinfo=VIETNAM))
    old, _pin = dossier_receive_at_desk(actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="A")
    clock.move_to(datetime(2026, 12, 7, 9, 0, tzinfo=VIETNAM))
    new, _pin = dossier_receive_at_desk(actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="B")
    today = DeskRules.objects.get(code="nd118-2025")
    today.forms = {**today.forms, "receipt": "1a"}
    today.save()
    caches["local"].clear()
    client = logged_in_client(desk)

    def receipt(dossier):
        response = client.get(f"/staff/ho-so/{dossier.pk}/mau-01.pdf")
        reader = PdfReader(io.BytesIO(response.content))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    # Then each receipt names the desk as the rules of its day name it
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" in receipt(new) and "Trung tâm Phục vụ hành chính công:" in receipt(new)
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in receipt(old) and "TRUNG TÂM" not in receipt(old)
    # and each dossier's page numbers its papers as its version does
    assert "Giấy tiếp nhận và hẹn trả kết quả (mẫu 1a)" in client.get(f"/staff/ho-so/{new.pk}/").content.decode()
    assert "Giấy tiếp nhận và hẹn trả kết quả (mẫu 01)" in client.get(f"/staff/ho-so/{old.pk}/").content.decode()
