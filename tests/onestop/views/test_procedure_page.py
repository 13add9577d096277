"""A procedure's public page: what NĐ 63/2010 Art. 8(2) asks it to state, and the fee calculator (a GET form)."""

from django.test import Client

from tests.onestop.factories import load_catalogue


def test_the_page_states_every_part_of_the_procedure_the_decree_requires(db):
    load_catalogue()
    text = Client().get("/thu-tuc/HT-01/").content.decode()
    for shown in (
        "Mã thủ tục hành chính quốc gia",
        "Đối tượng thực hiện",  # who may submit
        "Cách thức thực hiện",  # how to submit
        "Trình tự thực hiện",  # the steps
        "Chủ tịch Ủy ban nhân dân xã cấp Giấy khai sinh",
        "Kết quả",
        "Giấy khai sinh (bản chính)",
        "Mẫu đơn, tờ khai",
        "Tờ khai đăng ký khai sinh",
        "Yêu cầu, điều kiện",
        "Luật Hộ tịch Điều 11",  # the exemptions
    ):
        assert shown in text, shown


def test_the_calculator_works_without_javascript_and_counts_each_copy(db):
    load_catalogue()
    page = Client().get("/thu-tuc/CT-01/")
    assert '<form method="get"' in page.content.decode() and 'name="trang"' in page.content.decode()

    answer = Client().get("/thu-tuc/CT-01/", {"trang": "2", "ban": "3"}).content.decode()
    assert "Phí, lệ phí: 12.000 đ" in answer


def test_the_calculator_says_what_is_wrong_in_vietnamese(db):
    load_catalogue()
    response = Client().get("/thu-tuc/CT-01/", {"trang": "hai", "ban": "0"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Số trang phải là số nguyên." in text and "Số bản phải từ 1 trở lên." in text
    assert "Phí, lệ phí: " not in text


def test_the_residence_pages_show_the_online_fee_and_the_calculator_offers_it(db):
    load_catalogue()
    text = Client().get("/thu-tuc/CT-04/").content.decode()
    assert "10.000 đ khi nộp trực tuyến" in text
    assert "Công an xã" in text
