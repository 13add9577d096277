import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command

from tests.factories import SYSTEM
from vidan.audit.models import AuditEntry
from vidan.onestop.catalogue import (
    CatalogueFileError,
    catalogue_export,
    catalogue_import,
    catalogue_read,
)
from vidan.onestop.models import Procedure
from vidan.onestop.selectors import procedure_in_force
from vidan.workdays.calendar import VIETNAM

SHIPPED = "vidan/onestop/data/procedures.csv"


def shipped_rows():
    with open(SHIPPED, "rb") as handle:
        return catalogue_read(handle.read(), filename="procedures.csv")


def test_the_shipped_catalogue_loads_and_a_second_load_changes_nothing(db):
    first = catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=False)
    assert (first.errors, first.created) == ([], 19)
    birth = Procedure.objects.get(code="HT-01")
    assert (birth.name, birth.time_limit_days, birth.fee_for()) == ("Đăng ký khai sinh", 0, 0)
    assert birth.documents.first().name == "Tờ khai đăng ký khai sinh"
    marriage = Procedure.objects.get(code="HT-02")
    assert (marriage.time_limit_days, marriage.verification_extra_days) == (0, 5)

    second = catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=False)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 19)
    assert AuditEntry.objects.filter(action="onestop.catalogue.import").count() == 2


def test_per_page_fee_with_reduced_rate_and_cap(db):
    catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=False)
    copies = Procedure.objects.get(code="CT-01")
    # 2,000đ a page, 1,000đ from the third page, at most 200,000đ (TT 226/2016)
    assert copies.fee_for(pages=1) == 2_000
    assert copies.fee_for(pages=2) == 4_000
    assert copies.fee_for(pages=5) == 7_000
    assert copies.fee_for(pages=500) == 200_000
    assert Procedure.objects.get(code="KD-01").fee_for() is None  # the province sets it


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(db):
    result = catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=True)
    assert result.created == 19 and not result.written
    assert Procedure.objects.count() == 0
    assert not AuditEntry.objects.filter(action="onestop.catalogue.import").exists()


def test_every_error_is_listed_by_row_and_column_and_nothing_is_written(db):
    rows = shipped_rows()
    rows[0]["time_limit_days"] = "ba"
    rows[2]["department"] = "ufo"
    rows[3]["valid_from"] = "31/02/2026"
    rows[4]["documents"] = "Tờ khai;photocopy;0;maybe"
    rows[5]["code"] = rows[6]["code"]
    rows[5]["valid_from"] = rows[6]["valid_from"]
    result = catalogue_import(actor=SYSTEM, rows=rows, dry_run=False)
    where = {(error.row, error.column) for error in result.errors}
    assert {(2, "time_limit_days"), (4, "department"), (5, "valid_from"), (6, "documents"), (8, "code")} <= where
    assert len([e for e in result.errors if e.row == 6]) == 3
    assert all(error.message for error in result.errors)
    assert Procedure.objects.count() == 0


def test_export_round_trips_through_csv_and_xlsx(db):
    catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=False)
    for file_format, name in (("csv", "catalogue.csv"), ("xlsx", "catalogue.xlsx")):
        content = catalogue_export(Procedure.objects.all(), file_format=file_format)
        result = catalogue_import(actor=SYSTEM, rows=catalogue_read(content, filename=name), dry_run=True)
        assert (result.errors, result.unchanged) == ([], 19), file_format


def test_files_are_judged_by_content_not_by_name(db):
    with pytest.raises(CatalogueFileError):
        catalogue_read(b"\x89PNG\r\n\x1a\n\x00\x00binary", filename="catalogue.csv")
    with pytest.raises(CatalogueFileError):
        catalogue_read(b"PK\x03\x04 not really a workbook", filename="catalogue.xlsx")
    with pytest.raises(CatalogueFileError, match="code"):
        catalogue_read(b"name,field_code\nA,B\n", filename="catalogue.csv")


def test_the_command_loads_the_shipped_catalogue_and_refuses_a_bad_file(db, tmp_path):
    out = io.StringIO()
    call_command("import-catalogue", stdout=out)
    assert "19 procedure(s) were created" in out.getvalue()
    bad = tmp_path / "bad.csv"
    with open(SHIPPED, encoding="utf-8") as shipped:
        bad.write_text(shipped.read().replace(",free,", ",gratis,", 1), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import-catalogue", str(bad), stderr=err)
    assert "row 2, column fee_kind" in err.getvalue()


def test_a_reduced_tier_without_its_rate_or_page_is_refused_by_row_and_column(db):
    rows = shipped_rows()
    copies = next(row for row in rows if row["code"] == "CT-01")
    copies["fee_reduced_amount"] = ""  # from page 3 … at no rate: the pages after it would be free
    signature = next(row for row in rows if row["code"] == "CT-02")
    signature["fee_online_amount"] = "abc"
    result = catalogue_import(actor=SYSTEM, rows=rows, dry_run=True)
    where = {(error.column, error.message) for error in result.errors}
    assert ("fee_reduced_amount", "Mức giảm từ một trang cần có số tiền mỗi trang theo mức giảm.") in where
    assert any(column == "fee_online_amount" for column, _message in where)


@pytest.mark.clock(datetime(2026, 12, 7, 9, 30, tzinfo=VIETNAM))
def test_ht06_is_renamed_by_a_new_version_and_the_old_one_keeps_its_name(clock, db):
    catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=False)
    versions = list(Procedure.objects.filter(code="HT-06").order_by("valid_from").values_list("name", "valid_to"))
    assert versions == [("Thay đổi, cải chính, bổ sung thông tin hộ tịch", date(2026, 11, 30)),
                        ("Thay đổi, cải chính hộ tịch", None)]  # fmt: skip
    assert procedure_in_force("HT-06").name == "Thay đổi, cải chính hộ tịch"
    assert procedure_in_force("HT-06", on=date(2026, 11, 30)).name.endswith("bổ sung thông tin hộ tịch")
    assert procedure_in_force("HT-07").name == "Bổ sung thông tin hộ tịch"


def test_the_catalogue_carries_the_contract_amendment_and_correction_fees_and_the_online_residence_fees(db):
    catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=False)
    fee = {code: Procedure.objects.get(code=code).fee_for() for code in ("CT-03", "CT-06", "CT-07")}
    assert fee == {"CT-03": 50_000, "CT-06": 30_000, "CT-07": 25_000}  # TT 226/2016 Art. 4(3)
    permanent, temporary = Procedure.objects.get(code="CT-04"), Procedure.objects.get(code="CT-05")
    assert (permanent.fee_for(), permanent.fee_for(online=True)) == (20_000, 10_000)
    assert (temporary.fee_for(), temporary.fee_for(online=True)) == (15_000, 7_000)
    assert {permanent.department_kind, temporary.department_kind} == {"police"}


def test_certified_copies_and_extract_copies_are_counted_per_copy(db):
    catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=False)
    assert Procedure.objects.get(code="CT-01").fee_for(pages=2, copies=3) == 12_000
    assert Procedure.objects.get(code="HT-08").fee_for(copies=3) == 24_000
    assert Procedure.objects.get(code="CT-02").fee_for(copies=3) == 10_000  # one case, whatever the copies


def test_the_new_columns_round_trip_through_the_export(db):
    catalogue_import(actor=SYSTEM, rows=shipped_rows(), dry_run=False)
    rows = catalogue_read(catalogue_export(Procedure.objects.all(), file_format="csv"), filename="c.csv")
    residence = next(row for row in rows if row["code"] == "CT-04")
    assert (residence["fee_online_amount"], residence["fee_per_copy"]) == ("10000", "no")
    birth = next(row for row in rows if row["code"] == "HT-01")
    assert birth["fee_exemptible"] == "yes" and " | " in birth["steps"]


def test_a_procedures_split_of_its_time_limit_between_the_steps_is_catalogue_data(db):
    # Given a catalogue that gives one procedure its own split and another a split that does not add up
    rows = shipped_rows()
    rows[3]["step_split"] = "5/65/20/10"
    rows[4]["step_split"] = "10/60/20/20"
    result = catalogue_import(actor=SYSTEM, rows=rows, dry_run=False)
    # Then the wrong one is refused by row and column, and nothing is written
    assert [(error.row, error.column) for error in result.errors] == [(6, "step_split")]
    assert not Procedure.objects.exists()

    # When it is put right, the split is kept, a procedure without one takes the default, and the export has it
    rows[4]["step_split"] = ""
    assert catalogue_import(actor=SYSTEM, rows=rows, dry_run=False).errors == []
    assert Procedure.objects.get(code=rows[3]["code"]).step_split == "5/65/20/10"
    assert Procedure.objects.get(code=rows[4]["code"]).step_split == ""
    exported = catalogue_read(catalogue_export(Procedure.objects.all(), file_format="csv"), filename="c.csv")
    assert {row["code"]: row["step_split"] for row in exported}[rows[3]["code"]] == "5/65/20/10"
