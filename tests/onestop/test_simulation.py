import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from tests.factories import actor_of, make_staff
from tests.onestop.factories import load_catalogue
from vidan.onestop.codes import REFERENCE, pin_matches
from vidan.onestop.lookup import dossier_by_code
from vidan.onestop.models import Dossier, DossierStatus, Procedure
from vidan.onestop.services import dossier_receive_at_desk
from vidan.onestop.simulation import PIN, dossiers_simulate
from vidan.org.models import Role


@pytest.mark.clock
def test_simulated_dossiers_look_real_and_leave_the_numbering_consistent(commune):
    load_catalogue()
    assert dossiers_simulate(commune=commune, count=300, seed=1) == 300
    assert dossiers_simulate(commune=commune, count=300, seed=1) == 0

    dossiers = Dossier.objects.filter(commune=commune)
    statuses = dict(dossiers.values_list("status").annotate(n=Count("id")))
    assert statuses[DossierStatus.RETURNED] > 150 and len(statuses) >= 5
    codes = [code for code in dossiers.values_list("code", flat=True) if code]
    assert len(codes) == len(set(codes))
    late = dossiers.filter(status=DossierStatus.RETURNED, finished_at__gt=F("due_at")).count()
    assert 0 < late < 60
    sample = dossiers.exclude(code=None).first()
    assert pin_matches(PIN, dossier_by_code(sample.code).pin_hash)

    # a real receipt afterwards continues the day's numbering instead of repeating a code
    desk = make_staff(commune, Role.DESK_OFFICER)
    for _ in range(3):
        dossier_receive_at_desk(
            actor=actor_of(desk),
            commune=commune,
            procedure=Procedure.objects.first(),
            applicant_name="Lê Văn An",
            fee_pages=2,
        )
    codes = [code for code in Dossier.objects.values_list("code", flat=True) if code]
    assert len(codes) == len(set(codes))


def test_the_simulate_command_makes_dossiers(db):
    load_catalogue()
    out = io.StringIO()
    call_command("simulate", communes=2, dossiers=50, stdout=out, stderr=io.StringIO())
    assert "simulate: 100 dossiers added" in out.getvalue()


def test_online_dossiers_not_yet_received_carry_distinct_references_and_no_code(commune):
    load_catalogue()
    dossiers_simulate(commune=commune, count=300, seed=1)
    dossiers_simulate(commune=commune, count=600, seed=2)  # a second run adds to the first
    waiting = Dossier.objects.filter(commune=commune, status=DossierStatus.SUBMITTED)
    assert waiting.exists() and not waiting.exclude(code=None).exists()
    references = list(waiting.values_list("reference", flat=True))
    assert len(set(references)) == len(references) and all(REFERENCE.match(r) for r in references)
    assert not Dossier.objects.exclude(status=DossierStatus.SUBMITTED).filter(code=None).exists()
