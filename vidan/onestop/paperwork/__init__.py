"""The official one-stop forms of TT 01/2018/TT-VPCP (Art. 9, Mẫu số 01–06) as PDF, and form 06 also as XLSX;
the written notices of a return during processing and of a refusal after processing. Their numbers and titles
are one table, `FORM_SET`.

The renderers are pure: frozen records from `content` in, bytes out; no database, no Django. These papers are
legal forms and are always issued in Vietnamese, whatever the language of the user interface, so their fixed
wording is written here as Vietnamese text rather than through gettext. Dates print as dd/mm/yyyy (or in the
official "ngày … tháng … năm …" wording where the form has it), times in Vietnam's local time, money in đồng.
"""

from .apology import render_apology
from .content import (
    Apology,
    Applicant,
    ControlSheet,
    ControlStep,
    DecisionRefusal,
    DocumentForm,
    Letterhead,
    MissingItem,
    ReceiptSlip,
    ReceivedDocument,
    Refusal,
    ReturnNotice,
    Signatory,
    StepOutcome,
    SupplementRequest,
    TrackingBook,
    TrackingRow,
)
from .control_sheet import render_control_sheet
from .decision_refusal import render_decision_refusal
from .form_set import FORM_SET, FormSpec
from .receipt import render_receipt
from .refusal import render_refusal
from .return_notice import render_return_notice
from .supplement import render_supplement_request
from .tracking_book import render_tracking_book_pdf, render_tracking_book_xlsx

__all__ = [
    "FORM_SET",
    "Apology",
    "Applicant",
    "ControlSheet",
    "ControlStep",
    "DecisionRefusal",
    "DocumentForm",
    "FormSpec",
    "Letterhead",
    "MissingItem",
    "ReceiptSlip",
    "ReceivedDocument",
    "Refusal",
    "ReturnNotice",
    "Signatory",
    "StepOutcome",
    "SupplementRequest",
    "TrackingBook",
    "TrackingRow",
    "render_apology",
    "render_control_sheet",
    "render_decision_refusal",
    "render_receipt",
    "render_refusal",
    "render_return_notice",
    "render_supplement_request",
    "render_tracking_book_pdf",
    "render_tracking_book_xlsx",
]
