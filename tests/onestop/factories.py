"""Making catalogues and dossiers for the one-stop tests, through the same services the desk uses."""

from tests.factories import SYSTEM, actor_of
from vidan.onestop.catalogue import catalogue_import, catalogue_read
from vidan.onestop.models import Dossier, Procedure
from vidan.onestop.services import dossier_receive_at_desk, dossier_transition

SHIPPED = "vidan/onestop/data/procedures.csv"


def load_catalogue() -> None:
    with open(SHIPPED, "rb") as handle:
        catalogue_import(actor=SYSTEM, rows=catalogue_read(handle.read(), filename="p.csv"), dry_run=False)


def received(desk, commune, *, name="Nguyễn Thị Lan", code="HT-04", phone="0912 345 678", **extra) -> Dossier:
    """A dossier the desk officer `desk` received at the desk just now."""
    dossier, _pin = dossier_receive_at_desk(
        actor=actor_of(desk),
        commune=commune,
        procedure=Procedure.objects.get(code=code),
        applicant_name=name,
        applicant_phone=phone,
        **extra,
    )
    return dossier


def step(who, dossier, action, **extra) -> Dossier:
    """`who` takes one step on the dossier as it is now."""
    dossier.refresh_from_db()
    return dossier_transition(
        actor=actor_of(who), dossier=dossier, action=action, expected_status=dossier.status, **extra
    )
