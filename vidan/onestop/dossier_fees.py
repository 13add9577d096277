"""The payment of a dossier's fee, marked by the desk: audited, with an event row. What the fee is comes from
the procedure's version in the catalogue at submission or receipt (vidan.onestop.fee_request)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.core.errors import Conflict, DomainError, FieldsRefused, PermissionDenied
from vidan.onestop.models import Dossier, FeeStatus, PaymentMethod

# The dossier read under its row lock, as every step of vidan.onestop.services reads it.
from vidan.onestop.services import _locked as dossier_locked
from vidan.onestop.services import dossier_event_record
from vidan.org.actors import Actor

FEE_PAY_PERMISSION = "dossier.receive"  # whoever receives dossiers at the desk takes the fee


@transaction.atomic
def dossier_fee_mark_paid(
    *, actor: Actor, dossier: Dossier, method: str, amount: int | None = None, note: str = ""
) -> Dossier:
    """The desk took the fee: the dossier's fee is paid, now, by `method`. `amount` only for a fee at the
    province's rate, which the catalogue does not hold (the desk enters what it took)."""
    dossier = dossier_locked(dossier)
    if not actor.can(FEE_PAY_PERMISSION, dossier.commune_id):
        raise PermissionDenied()
    if dossier.fee_status != FeeStatus.UNPAID:
        raise Conflict(
            _("The fee of this dossier is already “%(status)s”. Reload the page.")
            % {"status": dossier.get_fee_status_display()}
        )
    errors = {}
    if method not in PaymentMethod.values:
        errors["method"] = [_("Choose how the fee was paid.")]
    if dossier.fee_amount is None:
        if amount is None or amount == "":
            errors["amount"] = [_("Enter the amount taken, at the rate the province sets.")]
        else:
            try:
                amount = int(str(amount).replace(".", "").replace(",", "").strip())
            except ValueError:
                errors["amount"] = [_("The amount must be a whole number of đồng.")]
            else:
                if amount < 1 or amount > 100_000_000:
                    errors["amount"] = [_("The amount must be between 1 and 100,000,000 đồng.")]
    elif amount not in (None, "") and str(amount).replace(".", "").strip() != str(dossier.fee_amount):
        raise DomainError(_("The fee of this dossier is set by the catalogue; it cannot be changed."), field="amount")
    if errors:
        raise FieldsRefused(errors)
    changed = ["fee_status", "fee_paid_at", "fee_payment_method"]
    if dossier.fee_amount is None:
        dossier.fee_amount = amount
        changed.append("fee_amount")
    dossier.fee_status, dossier.fee_paid_at, dossier.fee_payment_method = FeeStatus.PAID, timezone.now(), method
    dossier.save(update_fields=[*changed, "updated_at"])
    dossier_event_record(
        dossier, actor, "fee_paid", dossier.status, (note or "").strip(), amount=dossier.fee_amount, method=method
    )
    return dossier
