from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import make_staff
from tests.onestop.factories import SHIPPED, load_catalogue
from vidan.onestop.models import Procedure
from vidan.org.models import Role, Staff


def superuser(commune):
    root = make_staff(commune, Role.ADMIN)
    Staff.objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    return Staff.objects.get(pk=root.pk)


def test_search_ignores_accents_and_d_bar(db):
    load_catalogue()
    text = Client().get("/thu-tuc/", {"q": "dang ky ket hon"}).content.decode()
    assert "Đăng ký kết hôn" in text and "Đăng ký khai sinh" not in text
    assert "Đăng ký khai tử" in Client().get("/thu-tuc/", {"q": "d"}).content.decode()
    fragment = Client().get("/thu-tuc/", {"q": "chung thuc"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Chứng thực chữ ký" in fragment and "<html" not in fragment


def test_a_procedure_page_lists_its_documents_time_limit_and_fee(db):
    load_catalogue()
    text = Client().get("/thu-tuc/CT-01/").content.decode()
    assert "Chứng thực bản sao từ bản chính" in text
    assert "Giải quyết trong ngày làm việc" in text
    assert "2.000" in text
    assert "Bản chính giấy tờ cần chứng thực" in text
    assert Client().get("/thu-tuc/KHONG-CO/").status_code == 404


def test_an_administrator_checks_then_imports_a_file(commune):
    client = logged_in_client(superuser(commune))
    with open(SHIPPED, "rb") as handle:
        content = handle.read()

    checked = client.post("/staff/thu-tuc/", {"file": SimpleUploadedFile("danh-muc.csv", content)})
    assert "Tệp hợp lệ" in checked.content.decode()
    assert Procedure.objects.count() == 0

    imported = client.post("/staff/thu-tuc/", {"file": SimpleUploadedFile("danh-muc.csv", content), "apply": "on"})
    assert imported.status_code == 302
    assert Procedure.objects.count() == 19


def test_errors_are_shown_by_row_and_column_in_vietnamese(commune):
    client = logged_in_client(superuser(commune))
    with open(SHIPPED, encoding="utf-8") as handle:
        broken = handle.read().replace(",justice,0,0,free", ",justice,ba,0,free", 1)
    response = client.post(
        "/staff/thu-tuc/", {"file": SimpleUploadedFile("danh-muc.csv", broken.encode()), "apply": "on"}
    )
    text = response.content.decode()
    assert "chưa ghi gì" in text and "Không phải số nguyên: “ba”." in text
    assert Procedure.objects.count() == 0


def test_a_disguised_file_is_refused_with_a_clear_message(commune):
    client = logged_in_client(superuser(commune))
    picture = SimpleUploadedFile("danh-muc.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(200))
    response = client.post("/staff/thu-tuc/", {"file": picture, "apply": "on"})
    assert "Tệp không phải bảng tính Excel" in response.content.decode()


def test_only_deployment_administrators_import_but_every_officer_downloads(commune, desk_officer):
    load_catalogue()
    client = logged_in_client(desk_officer)
    with open(SHIPPED, "rb") as handle:
        refused = client.post("/staff/thu-tuc/", {"file": SimpleUploadedFile("d.csv", handle.read()), "apply": "on"})
    assert refused.status_code == 403
    download = client.get("/staff/thu-tuc/tai-ve.xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert client.get("/staff/thu-tuc/tai-ve.pdf").status_code == 404


def test_the_catalogue_lists_procedures_in_vietnamese_order(db):
    # Given the shipped catalogue, whose civil-status procedures start with B, C, Đ, T and X
    load_catalogue()
    # When a citizen opens the catalogue
    text = Client().get("/thu-tuc/").content.decode().split('<ul class="cards">')[1]
    # Then "Đăng ký ..." comes between "Cấp ..." and "Thay đổi ...", not after "Xác nhận ..."
    names = ["Bổ sung thông tin hộ tịch", "Cấp bản sao trích lục hộ tịch", "Đăng ký giám hộ", "Đăng ký kết hôn",
             "Đăng ký khai sinh", "Thay đổi, cải chính", "Xác nhận tình trạng hôn nhân"]  # fmt: skip
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)
