"""The fee a dossier owes: worked out at the desk and online from the catalogue, exempt for a reason of Luật Hộ
tịch Art. 11, marked paid by the desk; shown on the dossier's page, the receipt and the citizen's lookup."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_department, make_staff
from tests.onestop.factories import load_catalogue
from tests.onestop.test_online import form_data, url
from vidan.audit.models import AuditEntry
from vidan.core.errors import Conflict, FieldsRefused, PermissionDenied
from vidan.onestop.dossier_fees import dossier_fee_mark_paid
from vidan.onestop.models import Dossier, DossierEvent, FeeStatus, Procedure
from vidan.onestop.paperwork_data import receipt_of
from vidan.onestop.services import dossier_receive_at_desk
from vidan.org.models import DepartmentKind, Role


@pytest.fixture
def desk(commune):
    load_catalogue()
    return make_staff(commune, Role.DESK_OFFICER, full_name="Trần Thị Hoa")


def receive(desk, commune, code, **extra):
    dossier, pin = dossier_receive_at_desk(
        actor=actor_of(desk),
        commune=commune,
        procedure=Procedure.objects.get(code=code),
        applicant_name="Nguyễn Văn Bình",
        applicant_address="Thôn Tân Hóa",
        **extra,
    )
    return dossier, pin


def test_three_copies_of_a_two_page_original_owe_twelve_thousand_and_are_not_paid_yet(desk, commune):
    dossier, _pin = receive(desk, commune, "CT-01", fee_pages=2, fee_copies=3)
    dossier.refresh_from_db()
    assert (dossier.fee_amount, dossier.fee_pages, dossier.fee_copies) == (12_000, 2, 3)
    assert dossier.fee_status == FeeStatus.UNPAID
    assert DossierEvent.objects.get(dossier=dossier, action="receive").data["fee"] == 12_000


def test_a_per_page_fee_without_its_pages_is_refused_in_vietnamese(desk, commune):
    with pytest.raises(FieldsRefused) as refused:
        receive(desk, commune, "CT-01", fee_copies="0")
    assert refused.value.fields == {
        "fee_pages": ["Hãy nhập số trang của bản chính."],
        "fee_copies": ["Số bản phải từ 1 trở lên."],
    }
    assert not Dossier.objects.exists()


def test_an_exemption_of_the_civil_status_law_makes_the_fee_nothing_and_is_kept(desk, commune):
    dossier, _pin = receive(desk, commune, "HT-07", fee_exemption="poor_household")
    dossier.refresh_from_db()
    assert (dossier.fee_amount, dossier.fee_status, dossier.fee_exemption) == (0, "exempt", "poor_household")

    with pytest.raises(FieldsRefused) as refused:
        receive(desk, commune, "CT-02", fee_exemption="poor_household")  # a certification: no such exemption
    assert "fee_exemption" in refused.value.fields


@pytest.mark.clock
def test_the_desk_marks_the_fee_paid_once_with_an_event_and_an_audit_entry(desk, commune, clock):
    dossier, _pin = receive(desk, commune, "CT-02")
    dossier_fee_mark_paid(actor=actor_of(desk), dossier=dossier, method="cash")
    dossier.refresh_from_db()
    assert (dossier.fee_status, dossier.fee_payment_method, dossier.fee_amount) == ("paid", "cash", 10_000)
    assert dossier.fee_paid_at is not None
    event = DossierEvent.objects.get(dossier=dossier, action="fee_paid")
    assert (event.data, event.to_status) == ({"amount": 10_000, "method": "cash"}, "received")
    assert AuditEntry.objects.filter(action="onestop.dossier.fee_paid").count() == 1

    with pytest.raises(Conflict):
        dossier_fee_mark_paid(actor=actor_of(desk), dossier=dossier, method="transfer")
    with pytest.raises(PermissionDenied):
        other, _pin = receive(desk, commune, "CT-03")
        dossier_fee_mark_paid(actor=actor_of(make_staff(commune, Role.SPECIALIST)), dossier=other, method="cash")


def test_a_fee_at_the_provinces_rate_is_entered_when_it_is_paid(desk, commune):
    dossier, _pin = receive(desk, commune, "KD-01")
    assert dossier.fee_amount is None and dossier.fee_status == "unpaid"
    with pytest.raises(FieldsRefused) as refused:
        dossier_fee_mark_paid(actor=actor_of(desk), dossier=dossier, method="cash")
    assert refused.value.fields == {"amount": ["Hãy nhập số tiền đã thu theo mức của tỉnh."]}
    dossier_fee_mark_paid(actor=actor_of(desk), dossier=dossier, method="cash", amount="100.000")
    dossier.refresh_from_db()
    assert (dossier.fee_amount, dossier.fee_status) == (100_000, "paid")


def test_an_online_residence_registration_owes_the_online_fee(commune):
    load_catalogue()
    procedure = Procedure.objects.get(code="CT-04")
    response = Client().post(url(commune, procedure), form_data(procedure))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Dossier.objects.get().fee_amount == 10_000  # 20,000 at the desk (TT 75/2022)


def test_online_copies_of_an_extract_are_counted(commune):
    load_catalogue()
    procedure = Procedure.objects.get(code="HT-08")
    response = Client().post(url(commune, procedure), form_data(procedure, fee_copies="3"))
    assert response.status_code == 302
    assert Dossier.objects.get().fee_amount == 24_000
    refused = Client().post(url(commune, procedure), form_data(procedure, fee_copies="ba"))
    assert "Số bản phải là số nguyên." in refused.content.decode()


def test_residence_dossiers_are_numbered_under_the_commune_polices_own_identifier(desk, commune):
    make_department(commune, kind=DepartmentKind.POLICE, name="Công an xã", agency_code="000.25.31.P01")
    residence, _pin = receive(desk, commune, "CT-04")
    guardianship, _pin = receive(desk, commune, "HT-04")
    assert residence.code.startswith("000.25.31.P01-") and residence.code.endswith("-0001")
    assert guardianship.code.startswith(f"{commune.agency_code}-") and guardianship.code.endswith("-0001")


def test_the_dossier_page_shows_the_fee_and_the_desk_records_the_payment(desk, commune):
    dossier, _pin = receive(desk, commune, "CT-01", fee_pages=2, fee_copies=3)
    client = logged_in_client(desk)
    page = client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    assert "12.000 đ" in page and "Chưa nộp" in page and "Ghi nhận đã nộp phí, lệ phí" in page

    refused = client.post(f"/staff/ho-so/{dossier.pk}/le-phi/", {"fee-method": ""})
    assert "Hãy chọn hình thức nộp." in refused.content.decode()

    done = client.post(f"/staff/ho-so/{dossier.pk}/le-phi/", {"fee-method": "transfer"})
    assert done.status_code == 302
    page = client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    assert "Đã nộp" in page and "(Chuyển khoản)" in page and "Ghi nhận đã nộp phí, lệ phí" not in page


def test_the_desk_form_takes_the_pages_copies_and_exemption(desk, commune):
    client = logged_in_client(desk)
    copies = Procedure.objects.get(code="CT-01")
    response = client.post(
        "/staff/ho-so/tiep-nhan/",
        {"procedure": copies.pk, "applicant_name": "Lê Văn An", "fee_pages": "", "fee_copies": "2", "doc0_in": "on"},
    )
    assert "Hãy nhập số trang của bản chính." in response.content.decode()
    response = client.post(
        "/staff/ho-so/tiep-nhan/",
        {"procedure": copies.pk, "applicant_name": "Lê Văn An", "fee_pages": "5", "fee_copies": "2", "doc0_in": "on"},
    )
    assert response.status_code == 302
    assert Dossier.objects.get().fee_amount == 2 * 7_000

    change = Procedure.objects.get(code="HT-07")
    client.post(
        "/staff/ho-so/tiep-nhan/",
        {"procedure": change.pk, "applicant_name": "Lê Văn Ba", "fee_exemption": "disability", "doc0_in": "on"},
    )
    assert Dossier.objects.get(procedure=change).fee_exemption == "disability"


def test_the_receipt_states_the_fee_and_whether_it_was_paid_or_why_it_is_exempt(desk, commune):
    dossier, _pin = receive(desk, commune, "CT-02")
    slip = receipt_of(dossier, documents=[], pin=None, lookup_url="https://example.test/tra-cuu/")
    assert (slip.fee, slip.fee_status) == (10_000, "chưa nộp")

    exempt, _pin = receive(desk, commune, "HT-07", fee_exemption="merit_family")
    slip = receipt_of(exempt, documents=[], pin=None, lookup_url="https://example.test/tra-cuu/")
    assert slip.fee == 0
    assert slip.fee_status == "miễn lệ phí: người thuộc gia đình có công với cách mạng (Luật Hộ tịch Điều 11)"


def test_the_citizen_sees_the_fee_behind_the_pin_only(desk, commune):
    dossier, pin = receive(desk, commune, "CT-02")
    dossier_fee_mark_paid(actor=actor_of(desk), dossier=dossier, method="cash")
    public = Client().get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert "10.000 đ" not in public
    detailed = Client().post("/tra-cuu/", {"ma": dossier.code, "pin": pin}).content.decode()
    assert "10.000 đ — Đã nộp" in detailed and "Tiền mặt tại Bộ phận Một cửa" in detailed
    steps = detailed.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert steps.count("<li>") == 1  # the payment is no step of its own

    api = (
        Client()
        .post("/api/v1/dossiers/lookup", {"code": dossier.code, "pin": pin}, content_type="application/json")
        .json()
    )
    assert (api["details"]["fee"]["amount"], api["details"]["fee"]["status"]) == (10_000, "paid")
    assert Client().get("/api/v1/dossiers/lookup", {"code": dossier.code}).json()["details"] is None


def test_the_migration_gives_dossiers_from_before_the_fee_what_the_catalogue_knows(desk, commune):
    fill = importlib.import_module("vidan.onestop.migrations.0013_dossier_fee").dossiers_fee_fill
    free, _pin = receive(desk, commune, "HT-04")
    fixed, _pin = receive(desk, commune, "CT-02")
    returned, _pin = receive(desk, commune, "CT-03")
    per_page, _pin = receive(desk, commune, "CT-01", fee_pages=1)
    # as they were before the fee was recorded
    Dossier.objects.update(fee_amount=None, fee_pages=None, fee_copies=1, fee_status="unpaid")
    Dossier.objects.filter(pk=returned.pk).update(status="returned")

    fill(django_apps, None)

    stored = {d.pk: (d.fee_amount, d.fee_status) for d in Dossier.objects.all()}
    assert stored == {
        free.pk: (0, "exempt"),
        fixed.pk: (10_000, "unpaid"),
        returned.pk: (50_000, "paid"),  # its result was returned: the fee was taken, when and how not recorded
        per_page.pk: (None, "unpaid"),  # the pages were not recorded: the desk enters the amount it takes
    }
