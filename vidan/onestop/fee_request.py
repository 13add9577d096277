"""The fee of a new dossier: the pages, copies and exemption a request gives, checked in the user's words and
priced by the procedure's rule (vidan.onestop.fees). No writes: the services keep what it works out."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from vidan.core.errors import FieldsRefused
from vidan.onestop.fees import MAX_COPIES, MAX_PAGES, fee_compute, fee_request_check
from vidan.onestop.models import FeeExemption, FeeStatus, Procedure


def fee_problem_text(field: str, code: str) -> str:
    """A problem of fee_request_check in the user's words."""
    texts = {
        ("pages", "required"): _("Enter the number of pages of the original."),
        ("pages", "not_a_number"): _("The number of pages must be a whole number."),
        ("pages", "too_small"): _("The number of pages must be 1 or more."),
        ("pages", "too_large"): _("At most %(n)d pages.") % {"n": MAX_PAGES},
        ("copies", "required"): _("Enter the number of copies."),
        ("copies", "not_a_number"): _("The number of copies must be a whole number."),
        ("copies", "too_small"): _("The number of copies must be 1 or more."),
        ("copies", "too_large"): _("At most %(n)d copies.") % {"n": MAX_COPIES},
    }
    return texts[field, code]


@dataclass(frozen=True)
class DossierFee:
    amount: int | None
    pages: int | None
    copies: int
    exemption: str
    status: str

    def columns(self) -> dict:
        return {
            "fee_amount": self.amount,
            "fee_pages": self.pages,
            "fee_copies": self.copies,
            "fee_exemption": self.exemption,
            "fee_status": self.status,
        }


def dossier_fee_work_out(
    procedure: Procedure, *, online: bool, pages=None, copies=None, exemption: str = ""
) -> DossierFee:
    """The fee of a new dossier, or FieldsRefused naming `pages`, `copies` or `fee_exemption`.

    An exemption of Luật Hộ tịch Art. 11(1)(a) makes the fee 0 and is kept as the reason; only the procedures
    the catalogue marks as civil status registrations accept one."""
    rule = procedure.fee_rule
    errors = {
        field: [fee_problem_text(field, code)]
        for field, code in fee_request_check(rule, pages=pages, copies=copies).items()
    }
    exemption = exemption or ""
    if exemption and exemption not in FeeExemption.values:
        errors["fee_exemption"] = [_("Choose an exemption from the list.")]
    elif exemption and not procedure.fee_exemptible:
        errors["fee_exemption"] = [_("This procedure's fee has no exemption for this reason.")]
    if errors:
        raise FieldsRefused(errors)
    pages = int(pages) if rule.needs_pages else None
    copies = int(copies) if copies not in (None, "") and rule.counts_copies else 1
    amount = 0 if exemption else fee_compute(rule, pages=pages, copies=copies, online=online)
    status = FeeStatus.EXEMPT if amount == 0 else FeeStatus.UNPAID
    return DossierFee(amount=amount, pages=pages, copies=copies, exemption=exemption, status=status)
