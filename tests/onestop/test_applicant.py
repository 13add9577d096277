"""The applicant's particulars, cleaned and checked one way for the desk, the online form and the API."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vidan.core.errors import FieldsRefused
from vidan.onestop.applicant import Applicant, applicant_clean, phone_normalise
from vidan.onestop.models import Channel


def refusals(**typed) -> dict[str, list[str]]:
    with pytest.raises(FieldsRefused) as refused:
        applicant_clean(**typed)
    return {field: [str(message) for message in messages] for field, messages in refused.value.fields.items()}


@pytest.mark.parametrize(
    "typed", ["0912 345 678", "0912.345.678", "0912-345-678", "+84 912 345 678", "+84 (0) 912 345 678"]
)
def test_a_phone_is_kept_compact_however_it_is_typed(typed):
    assert phone_normalise(typed) == "0912345678"
    assert applicant_clean(channel=Channel.DESK, name="Lan", phone=typed).phone == "0912345678"


def test_a_landline_keeps_its_area_code():
    assert phone_normalise("0232 3824 123") == "02323824123"


def test_the_desk_needs_only_the_name_and_cleans_what_is_typed():
    applicant = applicant_clean(
        channel=Channel.DESK, name="  Nguyễn   Thị\tLan ", email=" lan@example.com ", address=" Thôn  2 "
    )
    assert applicant == Applicant(name="Nguyễn Thị Lan", phone="", email="lan@example.com", address="Thôn 2")
    assert applicant.columns()["applicant_name_folded"] == "nguyen thi lan"
    # Decomposed letters (a keyboard in "Unicode tổ hợp" mode) are stored composed
    assert applicant_clean(channel=Channel.DESK, name="Nguye\u0302\u0303n").name == "Nguyễn"


def test_every_field_at_fault_is_named_at_once():
    assert refusals(channel=Channel.DESK, name=" ", phone="091 234", email="lan@", address="x" * 256) == {
        "applicant_name": ["Hãy nhập họ và tên người nộp hồ sơ."],
        "applicant_phone": [
            "Hãy nhập số điện thoại Việt Nam: 10 chữ số bắt đầu bằng 0 (11 chữ số với máy bàn), ví dụ 0912 345 678."
        ],
        "applicant_email": ["Hãy nhập địa chỉ thư điện tử hợp lệ, ví dụ ten@example.com."],
        "applicant_address": ["Địa chỉ quá dài (tối đa 255 ký tự)."],
    }
    assert set(refusals(channel=Channel.DESK, name="A" * 121, phone="0" * 25)) == {"applicant_name", "applicant_phone"}


def test_online_the_citizen_gives_an_address_and_a_way_to_be_reached():
    assert refusals(channel=Channel.ONLINE, name="Lê Thị Mai") == {
        "applicant_phone": [
            "Hãy cho số điện thoại hoặc thư điện tử để bộ phận một cửa báo cho bạn tình hình giải quyết hồ sơ."
        ],
        "applicant_address": ["Nhập địa chỉ của bạn."],
    }
    # An e-mail address is enough; a wrong one is not, and is named for what it is
    assert applicant_clean(channel=Channel.ONLINE, name="Mai", email="mai@example.vn", address="Thôn 1").phone == ""
    assert set(refusals(channel=Channel.ONLINE, name="Mai", email="mai@", address="Thôn 1")) == {
        "applicant_email",
        "applicant_phone",
    }
    # A wrong phone is named once, for what it is
    assert refusals(channel=Channel.ONLINE, name="Mai", phone="12345", address="Thôn 1") == {
        "applicant_phone": [
            "Hãy nhập số điện thoại Việt Nam: 10 chữ số bắt đầu bằng 0 (11 chữ số với máy bàn), ví dụ 0912 345 678."
        ]
    }


@given(
    name=st.text(min_size=1, max_size=40).filter(lambda text: text.strip()),
    phone=st.sampled_from(["", "0912 345 678", "+84 912 345 678", "0232 3824 123"]),
    address=st.text(max_size=60),
)
def test_cleaning_what_was_cleaned_changes_nothing(name, phone, address):
    # The services clean again what a form or the API cleaned first: the second pass must keep it as it is.
    once = applicant_clean(channel=Channel.DESK, name=name, phone=phone, address=address)
    again = applicant_clean(
        channel=Channel.DESK, name=once.name, phone=once.phone, email=once.email, address=once.address
    )
    assert again == once
