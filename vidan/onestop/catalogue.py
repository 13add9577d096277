"""Importing and exporting the procedure catalogue as CSV or XLSX.

One row per procedure; its required documents in one cell, separated by "|", each as
"name;form;count;upload[;required]" — for example "Tờ khai đăng ký khai sinh;original;1;yes". A fifth part
"no" marks a document needed only in some cases (optional in the online form); it is required by default.
A dry run lists every error by row and column and writes nothing; a real import writes nothing either unless
every row is valid.

The fee columns: `fee_per_copy` (yes/no; empty means yes for a per-page fee, which the law caps per copy, and
no otherwise), `fee_online_amount` (the amount when submitted online, if it differs), `fee_exemptible` (yes when
the civil status exemptions of Luật Hộ tịch Art. 11(1)(a) apply). What NĐ 63/2010 Art. 8(2) asks a procedure
to state: `national_code`, `applicants`, `steps` and `forms` (items separated by "|"), `result`, `conditions`.
A procedure that changes gets a new row with a new `valid_from`, the old row its `valid_to`: dossiers keep the
version they were received under.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.text import clean_text, fold
from vidan.onestop.models import DocumentForm, FeeKind, Field, OnlineLevel, Procedure, RequiredDocument
from vidan.onestop.step_times import split_parse
from vidan.org.models import DepartmentKind

# The common commune procedures of docs/legal.md §4, shipped as data.
SHIPPED_CATALOGUE = Path(__file__).resolve().parent / "data" / "procedures.csv"

COLUMNS = (
    "code", "name", "field_code", "field_name", "department", "time_limit_days", "verification_extra_days",
    "fee_kind", "fee_amount", "fee_reduced_from_page", "fee_reduced_amount", "fee_cap", "fee_note",
    "online_level", "legal_basis", "valid_from", "valid_to", "documents",
    "fee_per_copy", "fee_online_amount", "fee_exemptible",
    "national_code", "applicants", "steps", "result", "forms", "conditions", "step_split",
)  # fmt: skip
# Cells holding a list, one item a line on the procedure's page, separated by "|" in the file.
LIST_COLUMNS = ("steps", "forms")
REQUIRED = ("code", "name", "field_code", "field_name", "department", "time_limit_days", "legal_basis", "valid_from")
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class CellError:
    row: int  # as the operator sees it in the file: the header is row 1
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False


class CatalogueFileError(ValueError):
    """The file as a whole cannot be read (wrong type, too big, no header)."""


def catalogue_read(content: bytes, *, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file as dicts of text, by the file's content rather than its name."""
    if len(content) > MAX_BYTES:
        raise CatalogueFileError(_("The file is larger than 5 MB."))
    if content[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CatalogueFileError(
                _("The file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8.")
            ) from None
        rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise CatalogueFileError(_("The file is empty."))
    header = [str(cell or "").strip() for cell in rows[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise CatalogueFileError(
            _("Columns missing from the first row: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise CatalogueFileError(_("At most %(n)d procedures per file.") % {"n": MAX_ROWS})
    return [
        {name: _cell(row[i] if i < len(row) else "") for i, name in enumerate(header) if name}
        for row in rows[1:]
        if any(_cell(value) for value in row)
    ]


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise CatalogueFileError(_("The workbook cannot be opened; save it again as .xlsx.")) from None
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def _parse_row(number: int, raw: dict[str, str], errors: list[CellError]) -> dict | None:
    def fail(column, message):
        errors.append(CellError(number, column, message))

    data = {}
    for column in REQUIRED:
        if not raw.get(column):
            fail(column, _("Required."))
    for column in ("time_limit_days", "verification_extra_days", "fee_amount", "fee_reduced_amount"):
        data[column] = _integer(raw.get(column, ""), column, fail, default=0)
    for column in ("fee_reduced_from_page", "fee_cap", "fee_online_amount"):
        data[column] = _integer(raw.get(column, ""), column, fail, default=None)
    for column in ("fee_per_copy", "fee_exemptible"):
        data[column] = _yes_no(raw.get(column, ""), column, fail)
    for column in ("valid_from", "valid_to"):
        data[column] = _date(raw.get(column, ""), column, fail)
    for column, choices in (
        ("department", DepartmentKind.values),
        ("fee_kind", FeeKind.values),
        ("online_level", OnlineLevel.values),
    ):
        value = raw.get(column, "") or {"fee_kind": FeeKind.FREE, "online_level": OnlineLevel.NONE}.get(column, "")
        if value and value not in choices:
            fail(column, _("Must be one of: %(choices)s.") % {"choices": ", ".join(choices)})
        data[column] = value
    if data["valid_from"] and data["valid_to"] and data["valid_to"] < data["valid_from"]:
        fail("valid_to", _("Ends before it starts."))
    if data["fee_kind"] in (FeeKind.FIXED, FeeKind.PER_PAGE) and not data["fee_amount"]:
        fail("fee_amount", _("An amount is needed for this kind of fee."))
    if data["fee_per_copy"] is None:
        data["fee_per_copy"] = data["fee_kind"] == FeeKind.PER_PAGE
    if data["fee_kind"] == FeeKind.PER_PAGE:
        # A reduced tier is a page and a rate together: a page alone would make the pages after it free.
        if data["fee_reduced_from_page"] is not None and not data["fee_reduced_amount"]:
            fail("fee_reduced_amount", _("A reduced rate from a page needs the reduced amount per page."))
        if data["fee_reduced_amount"] and data["fee_reduced_from_page"] is None:
            fail("fee_reduced_from_page", _("A reduced amount needs the page it starts from."))
        if data["fee_reduced_from_page"] is not None and data["fee_reduced_from_page"] < 2:
            fail("fee_reduced_from_page", _("The reduced rate starts from page 2 or later."))
    if data["fee_online_amount"] is not None and data["fee_kind"] != FeeKind.FIXED:
        fail("fee_online_amount", _("An online amount is only for a fixed fee."))
    data["documents"] = _documents(raw.get("documents", ""), fail)
    data["step_split"] = raw.get("step_split", "").replace(" ", "")
    try:
        split_parse(data["step_split"])
    except ValueError:
        fail("step_split", _("Four whole numbers in percent adding up to 100, e.g. 10/60/20/10."))
    for column in (
        "code", "name", "field_code", "field_name", "fee_note", "legal_basis", "national_code", "applicants",
        "result", "conditions",
    ):  # fmt: skip
        data[column] = raw.get(column, "")
    for column in LIST_COLUMNS:
        data[column] = "\n".join(part.strip() for part in raw.get(column, "").split("|") if part.strip())
    for column, limit in (
        ("code", 40), ("name", 255), ("field_code", 20), ("field_name", 120), ("fee_note", 255),
        ("national_code", 20), ("result", 255),
    ):  # fmt: skip
        if len(data[column]) > limit:
            fail(column, _("At most %(n)d characters.") % {"n": limit})
    return data


def _integer(text, column, fail, *, default):
    if text == "":
        return default
    try:
        value = int(text.replace(".", "").replace(",", ""))
    except ValueError:
        fail(column, _("Not a whole number: “%(value)s”.") % {"value": text})
        return default
    if value < 0:
        fail(column, _("Cannot be negative."))
    return value


def _yes_no(text, column, fail) -> bool | None:
    if text == "":
        return None
    if text.lower() in ("yes", "có"):
        return True
    if text.lower() in ("no", "không"):
        return False
    fail(column, _("Must be yes or no."))
    return None


def _date(text, column, fail):
    if text == "":
        return None
    for parse in (date.fromisoformat, lambda t: date(*reversed([int(p) for p in t.split("/")]))):
        try:
            return parse(text)
        except (ValueError, TypeError):
            continue
    fail(column, _("Not a date (dd/mm/yyyy or yyyy-mm-dd): “%(value)s”.") % {"value": text})
    return None


def _documents(text, fail) -> list[dict]:
    documents = []
    for position, chunk in enumerate(part.strip() for part in text.split("|") if part.strip()):
        parts = [p.strip() for p in chunk.split(";")]
        name = parts[0]
        form = parts[1] if len(parts) > 1 and parts[1] else DocumentForm.ORIGINAL
        count = parts[2] if len(parts) > 2 and parts[2] else "1"
        upload = (parts[3] if len(parts) > 3 else "yes").lower()
        required = (parts[4] if len(parts) > 4 and parts[4] else "yes").lower()
        if form not in DocumentForm.values:
            fail("documents", _("Document %(n)d: the form must be one of: %(choices)s.")
                 % {"n": position + 1, "choices": ", ".join(DocumentForm.values)})  # fmt: skip
        if not count.isdigit() or int(count) < 1:
            fail("documents", _("Document %(n)d: the number of copies must be 1 or more.") % {"n": position + 1})
        if upload not in ("yes", "no", "có", "không"):
            fail("documents", _("Document %(n)d: upload must be yes or no.") % {"n": position + 1})
        if required not in ("yes", "no", "có", "không"):
            fail("documents", _("Document %(n)d: required must be yes or no.") % {"n": position + 1})
        documents.append(
            {
                "position": position,
                "name": name[:255],
                "form": form,
                "count": int(count) if count.isdigit() else 1,
                "upload_accepted": upload in ("yes", "có"),
                "required": required not in ("no", "không"),
            }
        )
    return documents


def catalogue_import(*, actor, rows: list[dict[str, str]], dry_run: bool) -> ImportResult:
    """Check every row; unless it is a dry run and if nothing is wrong, create or update the procedures.

    A procedure is the same one when its code and valid-from date match; its documents are replaced.
    """
    result = ImportResult()
    parsed = []
    seen = {}
    for index, raw in enumerate(rows, start=2):
        data = _parse_row(index, raw, result.errors)
        key = (data["code"], data["valid_from"])
        if key in seen:
            result.errors.append(CellError(index, "code", _("Repeats row %(row)d.") % {"row": seen[key]}))
        seen[key] = index
        parsed.append(data)
    if result.errors:
        return result
    with transaction.atomic():
        for data in parsed:
            outcome = _procedure_save(data)
            setattr(result, outcome, getattr(result, outcome) + 1)
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                action="onestop.catalogue.import",
                data={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            result.written = True
    return result


_PROCEDURE_FIELDS = (
    "name", "department", "time_limit_days", "verification_extra_days", "fee_kind", "fee_amount",
    "fee_reduced_from_page", "fee_reduced_amount", "fee_cap", "fee_note", "online_level", "legal_basis", "valid_to",
    "fee_per_copy", "fee_online_amount", "fee_exemptible", "national_code", "applicants", "steps", "result",
    "forms", "conditions",
    "step_split",
)  # fmt: skip


def _procedure_save(data: dict) -> str:
    field_row, _created = Field.objects.get_or_create(code=data["field_code"], defaults={"name": data["field_name"]})
    if field_row.name != data["field_name"]:
        field_row.name = data["field_name"]
        field_row.save(update_fields=["name"])
    values = {name: data[name] for name in _PROCEDURE_FIELDS}
    values["fee_exemptible"] = bool(values["fee_exemptible"])
    values["department_kind"] = values.pop("department")
    procedure = Procedure.objects.filter(code=data["code"], valid_from=data["valid_from"]).first()
    documents = [(d["name"], d["form"], d["count"], d["upload_accepted"], d["required"]) for d in data["documents"]]
    if procedure is not None:
        current = {name: getattr(procedure, name) for name in values}
        current_documents = list(
            procedure.documents.values_list("name", "form", "count", "upload_accepted", "required")
        )
        if current == values and procedure.field_id == field_row.id and current_documents == documents:
            return "unchanged"
    outcome = "updated" if procedure is not None else "created"
    procedure = procedure or Procedure(code=data["code"], valid_from=data["valid_from"])
    for name, value in values.items():
        setattr(procedure, name, value)
    procedure.field = field_row
    procedure.name_folded = fold(procedure.name)
    procedure.full_clean()
    procedure.save()
    procedure.documents.all().delete()
    for position, (name, form, count, upload, required) in enumerate(documents):
        document = RequiredDocument(
            procedure=procedure,
            position=position,
            name=name,
            form=form,
            count=count,
            upload_accepted=upload,
            required=required,
        )
        document.full_clean()
        document.save()
    return outcome


def catalogue_export(procedures, *, file_format: str) -> bytes:
    """The procedures as a CSV (UTF-8 with BOM, for Excel) or XLSX file in the import format."""
    rows = [COLUMNS]
    for p in procedures.select_related("field").prefetch_related("documents"):
        documents = " | ".join(
            f"{d.name};{d.form};{d.count};{'yes' if d.upload_accepted else 'no'}{'' if d.required else ';no'}"
            for d in p.documents.all()
        )
        rows.append(
            (
                p.code, p.name, p.field.code, p.field.name, p.department_kind, p.time_limit_days,
                p.verification_extra_days, p.fee_kind, p.fee_amount, p.fee_reduced_from_page or "",
                p.fee_reduced_amount, "" if p.fee_cap is None else p.fee_cap, p.fee_note, p.online_level,
                p.legal_basis, p.valid_from.isoformat(), p.valid_to.isoformat() if p.valid_to else "", documents,
                "yes" if p.fee_per_copy else "no", "" if p.fee_online_amount is None else p.fee_online_amount,
                "yes" if p.fee_exemptible else "no", p.national_code, p.applicants, " | ".join(p.steps_list),
                p.result, " | ".join(p.forms_list), p.conditions,
                p.step_split,
            )
        )  # fmt: skip
    if file_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    from vidan.core.spreadsheets import row_cells

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("procedures")
    for row in rows:
        sheet.append(row_cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
