"""The citizen chooses where the result is received — at the desk or by post to their address — when the dossier
comes in, at the desk or online; the "result ready" message says where, and the lookup shows it with the PIN."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_staff
from tests.onestop.factories import step
from tests.onestop.test_online import form_data, url
from vidan.api.tokens import api_token_issue
from vidan.core.errors import FieldsRefused
from vidan.notify.models import OutboxMessage
from vidan.onestop.models import Dossier, Procedure, ResultDelivery
from vidan.onestop.services import dossier_receive_at_desk
from vidan.org.models import Role


def test_a_result_by_post_needs_an_address_and_the_ready_message_says_it_goes_by_post(catalogue, commune):
    desk, specialist = make_staff(commune, Role.DESK_OFFICER), make_staff(commune, Role.SPECIALIST)
    leader = make_staff(commune, Role.LEADER)
    procedure = Procedure.objects.get(code="HT-04")

    # Without an address, by post is refused on the address
    with pytest.raises(FieldsRefused) as refused:
        dossier_receive_at_desk(
            actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="Lê Thị Mai",
            applicant_phone="0912345678", result_delivery="post",
        )  # fmt: skip
    assert [str(m) for m in refused.value.fields["applicant_address"]] == [
        "Hãy nhập địa chỉ để bưu điện chuyển kết quả đến."
    ]
    with pytest.raises(FieldsRefused) as unknown:
        dossier_receive_at_desk(
            actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="Lê Thị Mai",
            result_delivery="pigeon",
        )  # fmt: skip
    assert "result_delivery" in unknown.value.fields
    assert not Dossier.objects.exists()

    # With one, it is kept; when the result is ready the SMS says it goes by post, to that address
    dossier, _pin = dossier_receive_at_desk(
        actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="Lê Thị Mai",
        applicant_phone="0912345678", applicant_address="Thôn Tân Hóa", result_delivery="post",
    )  # fmt: skip
    assert dossier.result_delivery == ResultDelivery.POST
    step(desk, dossier, "assign", assignee=specialist)
    for who, action in [(specialist, "start"), (specialist, "submit_for_approval"), (leader, "approve")]:
        step(who, dossier, action)
    step(specialist, dossier, "mark_result_ready")
    ready = OutboxMessage.objects.get(kind="result_ready")
    assert "qua bưu điện, tới địa chỉ Thôn Tân Hóa" in ready.body and "Bộ phận một cửa" not in ready.body


def test_the_desk_form_offers_the_choice_and_the_dossier_page_shows_it(catalogue, commune):
    desk = make_staff(commune, Role.DESK_OFFICER)
    client = logged_in_client(desk)
    page = client.get("/staff/ho-so/tiep-nhan/").content.decode()
    assert "Nơi nhận kết quả" in page and 'value="post"' in page

    response = client.post(
        "/staff/ho-so/tiep-nhan/",
        {
            "procedure": Procedure.objects.get(code="HT-04").pk,
            "applicant_name": "Lê Thị Mai",
            "applicant_address": "",
            "result_delivery": "post",
        },
    )
    assert "Hãy nhập địa chỉ để bưu điện chuyển kết quả đến." in response.content.decode()
    assert not Dossier.objects.exists()

    client.post(
        "/staff/ho-so/tiep-nhan/",
        {
            "procedure": Procedure.objects.get(code="HT-04").pk,
            "applicant_name": "Lê Thị Mai",
            "applicant_address": "Thôn Tân Hóa",
            "result_delivery": "post",
            "doc0_in": "on",  # the procedure's first document, handed in
        },
    )
    dossier = Dossier.objects.get()
    text = client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    assert "<dt>Nơi nhận kết quả</dt><dd>Qua dịch vụ bưu chính, đến địa chỉ người nộp</dd>" in text


def test_an_online_applicant_chooses_the_post_and_sees_it_with_the_pin(catalogue, commune):
    procedure = Procedure.objects.get(code="HT-01")
    client = Client()
    response = client.post(url(commune, procedure), form_data(procedure, result_delivery="post"))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.result_delivery == ResultDelivery.POST
    pin = client.get(response["Location"]).content.decode().split('class="dossier-pin">')[1].split("<")[0]

    without_pin = Client().get("/tra-cuu/", {"ma": dossier.reference}).content.decode()
    with_pin = Client().post("/tra-cuu/", {"ma": dossier.reference, "pin": pin}).content.decode()
    assert "Qua dịch vụ bưu chính" not in without_pin
    assert "<dt>Nơi nhận kết quả</dt><dd>Qua dịch vụ bưu chính, đến địa chỉ người nộp</dd>" in with_pin
    api = Client().post(
        "/api/v1/dossiers/lookup", {"code": dossier.reference, "pin": pin}, content_type="application/json"
    )
    assert api.json()["details"]["result_delivery"] == "post"


def test_the_api_takes_the_choice_and_refuses_an_unknown_one_on_its_field(catalogue, commune, desk_officer):
    _token, raw = api_token_issue(actor=actor_of(desk_officer), staff=desk_officer, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"procedure": "HT-04", "applicant_name": "Lê Thị Mai", "applicant_address": "Thôn Tân Hóa"}

    bad = api.post(
        f"/api/v1/communes/{commune.pk}/dossiers",
        {**body, "result_delivery": "pigeon"},
        content_type="application/json",
    )
    good = api.post(
        f"/api/v1/communes/{commune.pk}/dossiers", {**body, "result_delivery": "post"}, content_type="application/json"
    )

    assert bad.status_code in (400, 422) and "result_delivery" in bad.json()["error"]["fields"]
    assert good.status_code == 201 and good.json()["result_delivery"] == "post"
    assert Dossier.objects.count() == 1


def test_the_receipt_says_the_result_goes_by_post(catalogue, commune):
    desk = make_staff(commune, Role.DESK_OFFICER)
    dossier, _pin = dossier_receive_at_desk(
        actor=actor_of(desk), commune=commune, procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="Lê Thị Mai", applicant_address="Thôn Tân Hóa", result_delivery="post",
    )  # fmt: skip
    response = logged_in_client(desk).get(f"/staff/ho-so/{dossier.pk}/mau-01.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Đăng ký nhận kết quả tại: qua dịch vụ bưu chính, đến địa chỉ Thôn Tân Hóa" in text
