"""GET /api/v1/dossiers/lookup?code=… and POST /api/v1/dossiers/lookup {code, pin} — a citizen's dossier.

Authentication: none. The code shows the status and the appointment; the PIN also shows the procedure, the
dates, the steps and the applicant. Lookups and wrong PINs are counted per address, as on the lookup page.
"""

from datetime import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from vidan.core.api import may_refuse
from vidan.core.errors import DomainError, NotFound
from vidan.onestop.lookup import dossier_by_code, lookup_counted, pin_blocked, pin_check, public_view
from vidan.org.middleware import client_ip

router = Router(tags=["public"])


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    status = 429


class LookupQuery(Schema):
    code: str = Field(
        ...,
        min_length=10,
        max_length=40,
        description="The dossier code on the receipt, or an online tracking reference",
    )


class PinIn(LookupQuery):
    pin: str = Field(..., pattern=r"^\d{6}$")


class StepOut(Schema):
    at: datetime
    status: str
    status_label: str


class ApplicantOut(Schema):
    name: str
    address: str
    phone: str


class PublicFeeOut(Schema):
    amount: int | None = Field(description="In đồng; null for the province's rate until the fee is taken")
    status: str = Field(description="unpaid, paid or exempt")
    status_label: str
    exemption: str = Field(description="Luật Hộ tịch Art. 11(1)(a) reason, or empty")
    paid_at: datetime | None


class PublicDetailsOut(Schema):
    procedure: str
    commune: str
    received_at: datetime | None
    returned_at: datetime | None
    steps: list[StepOut]
    applicant: ApplicantOut
    result_delivery: str = Field(description="Where the result is received: desk, or post")
    fee: PublicFeeOut


class PublicDossierOut(Schema):
    code: str | None = Field(None, description="The official code; none before the desk receives an online dossier")
    reference: str | None = Field(None, description="An online dossier's tracking reference")
    status: str
    status_label: str
    due_at: datetime | None
    apologised: bool
    late: bool
    working_days_left: int | None
    details: PublicDetailsOut | None = Field(
        None,
        description="The procedure, the commune, the dates, the steps, the applicant and the fee: with the PIN only",
    )


def _out(view) -> PublicDossierOut:
    d, labels = view.dossier, dict(type(view.dossier).status.field.choices)
    details = None
    if view.with_details:
        details = PublicDetailsOut(
            procedure=d.procedure.name,
            commune=f"{capfirst(d.commune.unit.kind)} {d.commune.name}",
            received_at=d.received_at,
            returned_at=d.returned_at,
            steps=[
                StepOut(at=e.at, status=e.to_status, status_label=str(labels.get(e.to_status, ""))) for e in view.events
            ],
            applicant=ApplicantOut(name=d.applicant_name, address=d.applicant_address, phone=d.applicant_phone),
            result_delivery=d.result_delivery,
            fee=PublicFeeOut(
                amount=d.fee_amount,
                status=d.fee_status,
                status_label=str(d.get_fee_status_display()),
                exemption=d.fee_exemption,
                paid_at=d.fee_paid_at,
            ),
        )
    return PublicDossierOut(
        code=d.code,
        reference=d.reference,
        status=d.status,
        status_label=str(d.get_status_display()),
        due_at=d.due_at,
        apologised=d.apologised,
        late=bool(view.standing and view.standing.late),
        working_days_left=view.standing.remaining if view.standing else None,
        details=details,
    )


def _dossier(request, code: str):
    dossier = dossier_by_code(code)
    if not lookup_counted(client_ip(request), found=dossier is not None):
        raise TooManyAttempts(_("Too many lookups from your connection. Try again in an hour."))
    if dossier is None:
        raise NotFound(_("No dossier has this code."))
    return dossier


@router.get(
    "dossiers/lookup",
    response=PublicDossierOut,
    auth=None,
    summary="A dossier's status by its code",
    openapi_extra=may_refuse(404, 429),
)
def lookup(request, query: Query[LookupQuery]):
    return _out(public_view(_dossier(request, query.code), with_details=False))


@router.post(
    "dossiers/lookup",
    response=PublicDossierOut,
    auth=None,
    summary="A dossier with its details, by code and PIN",
    openapi_extra=may_refuse(404, 429),
)
def lookup_with_pin(request, payload: PinIn):
    dossier, ip = _dossier(request, payload.code), client_ip(request)
    if pin_blocked(dossier, ip):
        raise TooManyAttempts(_("Too many wrong PINs. For your safety, try again in 15 minutes."))
    if not pin_check(dossier=dossier, pin=payload.pin, ip=ip):
        raise DomainError(_("The PIN does not match this dossier."), field="pin")
    return _out(public_view(dossier, with_details=True))
