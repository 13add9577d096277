"""`vidan setup`: a new installation's first run, from the official unit list to an administrator who can work,
and a second run that keeps everything."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import logged_in_client
from tests.factories import PASSWORD
from vidan.onestop.models import Procedure
from vidan.org.models import Commune, Role, Staff, Unit

TUYEN_HOA = "18997"  # xã Tuyên Hóa, tỉnh Quảng Trị, in the official list
FLAGS = ["--commune", TUYEN_HOA, "--username", "quantri", "--full-name", "Phan Anh Tuấn", "--email", "qt@example.vn"]


def setup_run(*args: str) -> str:
    out = StringIO()
    call_command("setup", "--no-input", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def admin_password(monkeypatch):
    monkeypatch.setenv("VIDAN_ADMIN_PASSWORD", PASSWORD)
    return PASSWORD


def test_setup_makes_the_commune_its_administrator_and_the_catalogue_and_a_second_run_keeps_them(
    transactional_db, admin_password
):
    first = setup_run(*FLAGS, "--agency-code", "000.25.31.h44")

    commune = Commune.objects.select_related("unit").get()
    assert commune.unit.code == TUYEN_HOA and commune.unit.name == "Tuyên Hóa"
    assert commune.agency_code == "000.25.31.H44"
    assert commune.slug == "tuyen-hoa"
    admin = Staff.objects.get(username="quantri")
    assert admin.is_superuser and admin.check_password(PASSWORD) and admin.commune == commune
    assert list(admin.grants.values_list("role", "unit")) == [(Role.ADMIN, commune.unit_id)]
    procedures = Procedure.objects.count()
    assert procedures > 10
    assert Unit.objects.filter(level="commune").count() == 3321
    assert "000.25.31.H44" in first and "quantri" in first

    # the second run, with another identifier and password: everything kept, and said so
    admin_password_changed = "mot-mat-khau-khac-2026"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VIDAN_ADMIN_PASSWORD", admin_password_changed)
        second = setup_run(*FLAGS, "--agency-code", "000.99.31.H44")

    assert Commune.objects.get().agency_code == "000.25.31.H44"
    assert "000.25.31.H44" in second and "đã có, giữ nguyên" in second
    assert Staff.objects.get(username="quantri").check_password(PASSWORD)
    assert Staff.objects.count() == 1
    assert Procedure.objects.count() == procedures
    assert f"0 mới, 0 cập nhật, {procedures} không đổi" in second


def test_a_wrong_agency_identifier_is_refused_with_its_form_and_nothing_is_made(transactional_db, admin_password):
    with pytest.raises(CommandError, match=r"V1V2V3\.Z1Z2\.Y1Y2\.MX1X2"):
        setup_run(*FLAGS, "--agency-code", "H44-TUYENHOA")

    assert not Commune.objects.exists() and not Staff.objects.exists()


def test_without_input_every_missing_answer_is_named(transactional_db, monkeypatch):
    monkeypatch.delenv("VIDAN_ADMIN_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="--agency-code"):
        setup_run("--commune", TUYEN_HOA)
    with pytest.raises(CommandError, match="VIDAN_ADMIN_PASSWORD"):
        setup_run(*FLAGS, "--agency-code", "000.25.31.H44")
    with pytest.raises(CommandError, match="99999"):
        setup_run("--commune", "99999", "--agency-code", "000.25.31.H44")


def test_asked_for_everything_the_administrator_finds_the_commune_by_its_name(transactional_db, monkeypatch):
    answers = iter(["tuyen hoa", TUYEN_HOA, "000.25.31.H4", "000.25.31.H44", "quantri", "Phan Anh Tuấn", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)
    out = StringIO()

    call_command("setup", stdout=out)

    shown = out.getvalue()
    assert "18997  xã Tuyên Hóa" in shown  # the list of communes matching the name, each with its code
    assert "V1V2V3.Z1Z2.Y1Y2.MX1X2" in shown  # the identifier mistyped once, its form explained
    assert Commune.objects.get().agency_code == "000.25.31.H44"
    assert Staff.objects.get().is_superuser


def test_an_administrator_serving_no_commune_is_sent_to_the_admin_not_refused(db):
    # as `vidan createsuperuser` makes one, past the authenticator's set-up
    admin = Staff.objects.create_superuser(username="quantri", email="qt@example.vn", password=PASSWORD)

    response = logged_in_client(admin).get("/staff/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_administrator_setup_makes_lands_on_the_back_office(transactional_db, admin_password):
    setup_run(*FLAGS, "--agency-code", "000.25.31.H44")

    response = logged_in_client(Staff.objects.get(username="quantri")).get("/staff/")

    assert response.status_code == 200
    assert "Tuyên Hóa" in response.content.decode()


def test_a_second_commune_of_the_same_name_gets_an_address_of_its_own_and_an_identifier_taken_is_refused(
    transactional_db, admin_password
):
    setup_run(*FLAGS, "--agency-code", "000.25.31.H44")
    tuyen_binh = [unit.code for unit in Unit.objects.filter(name="Tuyên Bình", level="commune")]
    assert len(tuyen_binh) >= 2  # in two provinces

    setup_run(*FLAGS, "--commune", tuyen_binh[0], "--agency-code", "000.26.31.H44")
    setup_run(*FLAGS, "--commune", tuyen_binh[1], "--agency-code", "000.27.31.H44")
    with pytest.raises(CommandError, match=r"đã tồn tại"):
        setup_run(*FLAGS, "--commune", "18952", "--agency-code", "000.25.31.H44")  # Tuyên Sơn, Tuyên Hóa's code

    slugs = set(Commune.objects.values_list("slug", flat=True))
    assert slugs == {"tuyen-hoa", "tuyen-binh", f"tuyen-binh-{tuyen_binh[1]}"}
    assert Staff.objects.get().grants.count() == 3  # the administrator of each
