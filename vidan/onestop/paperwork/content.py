"""What each official form says: plain frozen records, filled by the caller, read by the renderers.

Moments (`datetime`) must be timezone-aware; they are printed in Vietnam's local time. Fields that are only a
day accept a plain `date` (or an aware `datetime`, whose local date is used). Money is an integer number of đồng.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

Day = date | datetime


@dataclass(frozen=True)
class Letterhead:
    """The commune People's Committee that issues the form."""

    commune_name: str  # "Thuận Hóa"
    commune_kind: str = "xã"  # "xã", "phường", "đặc khu"
    province_name: str = ""
    address: str = ""
    phone: str = ""
    # The desk's name under the rules the dossier follows (NĐ 61/2018: the Bộ phận tiếp nhận và trả kết quả).
    desk_name: str = "Bộ phận tiếp nhận và trả kết quả"

    @property
    def committee(self) -> str:
        """'Ủy ban nhân dân xã Thuận Hóa', as written inside a sentence."""
        return f"Ủy ban nhân dân {self.commune_kind} {self.commune_name}"

    @property
    def unit(self) -> str:
        """'XÃ THUẬN HÓA', the second line of the letterhead."""
        return f"{self.commune_kind} {self.commune_name}".upper()


@dataclass(frozen=True)
class Applicant:
    """The person or organisation whose dossier it is."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


class DocumentForm(StrEnum):
    ORIGINAL = "Bản chính"
    COPY = "Bản sao"
    CERTIFIED_COPY = "Bản sao chứng thực"
    ELECTRONIC = "Bản điện tử"


@dataclass(frozen=True)
class ReceivedDocument:
    name: str
    form: DocumentForm = DocumentForm.ORIGINAL
    count: int = 1


@dataclass(frozen=True)
class ReceiptSlip:
    """Form 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    letterhead: Letterhead
    dossier_code: str
    pin: str
    applicant: Applicant
    procedure_name: str
    documents: Sequence[ReceivedDocument]
    received_at: datetime
    due_at: datetime
    officer_name: str
    lookup_url: str  # what the QR code opens: the public lookup page of this dossier
    dossier_sets: int = 1
    time_limit_workdays: int | None = None  # 0 = settled the same day; None = not printed
    fee: int | None = None  # None = not printed (or the province's rate, with fee_status), 0 = free
    fee_status: str = ""  # "chưa nộp", "đã nộp ngày …", "miễn — …": printed after the amount
    collect_at: str = ""  # where to collect the result; default: the desk at the letterhead's address
    number: str = ""  # "Số: …", when the commune numbers its slips
    book_volume: str = ""  # the tracking book (form 06) it is entered in: its volume ("2026")…
    book_line: int | None = None  # …and its line in that volume
    # More QR codes other modules give the dossier (vidan.onestop.links): (address, caption), printed under the terms.
    extra_codes: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class MissingItem:
    """One thing the applicant must add or correct, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class SupplementRequest:
    """Form 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: every missing item in one notice."""

    letterhead: Letterhead
    applicant: Applicant
    procedure_name: str
    items: Sequence[MissingItem]
    legal_basis: str
    officer_name: str
    issued_at: datetime
    dossier_code: str = ""  # an online submission may not have its official code yet
    submitted_at: datetime | None = None
    officer_phone: str = ""  # default: the letterhead's phone
    number: str = ""


@dataclass(frozen=True)
class Refusal:
    """Form 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    letterhead: Letterhead
    applicant: Applicant
    procedure_name: str
    reasons: Sequence[str]
    officer_name: str
    issued_at: datetime
    legal_basis: str = ""
    dossier_code: str = ""
    number: str = ""


@dataclass(frozen=True)
class Signatory:
    """Who signs for the committee: 'TM. ỦY BAN NHÂN DÂN' / 'CHỦ TỊCH' / the name."""

    name: str
    position: str = "CHỦ TỊCH"
    on_behalf: str = "TM. ỦY BAN NHÂN DÂN"


@dataclass(frozen=True)
class ReturnNotice:
    """The written notice of a dossier returned during processing to be completed (NĐ 61/2018 Art. 19(4)):
    every item with its reason, and the working time already spent on it."""

    letterhead: Letterhead
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: datetime
    items: Sequence[MissingItem]
    time_spent: timedelta  # working time counted from the start of the dossier's time limit to the return
    time_limit_workdays: int
    officer_name: str  # the officer who appraised it
    issued_at: datetime
    legal_basis: str = ""
    number: str = ""


@dataclass(frozen=True)
class DecisionRefusal:
    """The committee's refusal to grant what was asked, after processing, signed by its head (Luật Hộ tịch
    Art. 5(2) for civil status) — not the desk's refusal to receive (form 03)."""

    letterhead: Letterhead
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: datetime
    reasons: Sequence[str]
    signatory: Signatory
    issued_at: datetime
    legal_basis: str = ""
    number: str = ""


@dataclass(frozen=True)
class Apology:
    """Form 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả."""

    letterhead: Letterhead
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: datetime
    old_due: datetime
    new_due: datetime
    reason: str
    signatory: Signatory
    issued_at: datetime
    number: str = ""


class StepOutcome(StrEnum):
    EARLY = "Trước hạn"
    ON_TIME = "Đúng hạn"
    LATE = "Quá hạn"


@dataclass(frozen=True)
class ControlStep:
    """One hand-over of the dossier, from one desk or officer to the next."""

    from_party: str  # "Bộ phận tiếp nhận và trả kết quả"
    to_party: str  # "Công chức Tư pháp - Hộ tịch"
    handed_at: datetime
    from_person: str = ""
    to_person: str = ""
    outcome: StepOutcome | None = None  # None while the step is still running
    note: str = ""
    allowed: timedelta | None = None  # the step's own time in the internal procedure (working time)…
    used: timedelta | None = None  # …and the working time the giver held the dossier for


@dataclass(frozen=True)
class ControlSheet:
    """Form 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per hand-over."""

    letterhead: Letterhead
    dossier_code: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_at: datetime
    lead_agency: str
    steps: Sequence[ControlStep]
    partner_agencies: str = ""


@dataclass(frozen=True)
class TrackingRow:
    """One dossier in the tracking book; a date left empty is a step not reached yet."""

    dossier_code: str
    procedure_name: str
    applicant_name: str
    applicant_contact: str  # address and/or phone, as printed
    lead_agency: str
    received_on: Day
    due_on: Day | None = None
    transferred_on: Day | None = None
    result_on: Day | None = None  # result ready, or the dossier sent back to the citizen
    returned_on: Day | None = None
    dossier_sets: int = 1
    note: str = ""
    line: int | None = None  # its line in its year's volume of the book; None: numbered in the order printed


@dataclass(frozen=True)
class TrackingBook:
    """Form 06 — Sổ theo dõi hồ sơ, for a period and (optionally) one department.

    The rows are already chosen by the caller; the period and department are printed as the book's heading.
    """

    letterhead: Letterhead
    period_from: date
    period_to: date
    rows: Sequence[TrackingRow] = field(default_factory=tuple)
    department: str = ""  # empty: every department of the commune
