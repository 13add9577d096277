"""GET /api/v1/procedures/{code}/fee?pages=…&copies=… — what a procedure in force today costs.

Authentication: none. The catalogue is public, as on the procedure's page, and the answer is the same rule
(vidan.onestop.fees) the desk applies at receipt.
"""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from vidan.core.errors import FieldsRefused, NotFound
from vidan.onestop.fee_request import fee_problem_text
from vidan.onestop.fees import MAX_COPIES, MAX_PAGES, fee_compute, fee_request_check
from vidan.onestop.selectors import procedure_in_force_cached

router = Router(tags=["public"])


class FeeQuery(Schema):
    pages: int | None = Field(
        None, ge=1, le=MAX_PAGES, description="Pages of the original; needed when the fee is counted per page"
    )
    copies: int = Field(1, ge=1, le=MAX_COPIES, description="Copies asked for; counts when the fee is per copy")
    online: bool = Field(False, description="Submitted online: the online fee where it differs (TT 75/2022)")


class ProcedureFeeOut(Schema):
    fee: int | None = Field(..., description="In đồng; null when the province sets the rate (see fee_note)")
    fee_note: str = Field("", description="The catalogue's note on the fee")


@router.get(
    "procedures/{code}/fee",
    response=ProcedureFeeOut,
    auth=None,
    summary="A procedure's fee for a number of pages and copies",
)
def procedure_fee(request, code: str, query: Query[FeeQuery]):
    procedure = procedure_in_force_cached(code[:40])
    if procedure is None:
        raise NotFound(_("No procedure in force has this code."))
    rule = procedure.fee_rule
    problems = fee_request_check(rule, pages=query.pages, copies=query.copies)
    if problems:
        raise FieldsRefused({field: [fee_problem_text(field, code)] for field, code in problems.items()})
    fee = fee_compute(rule, pages=query.pages, copies=query.copies, online=query.online)
    return ProcedureFeeOut(fee=fee, fee_note=procedure.fee_note)
