"""A citizen submits a dossier online, the desk checks it, the citizen sends the supplement asked for."""

import io
import os
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from tests.conftest import logged_in_client
from tests.factories import make_commune, make_staff
from tests.onestop.api.test_dossiers import api_as, take
from tests.onestop.factories import load_catalogue, received, step
from tests.onestop.test_dossiers import _receive_in_thread
from vidan.audit.models import AuditEntry
from vidan.core.errors import Conflict
from vidan.notify.models import OutboxMessage, StaffNotice
from vidan.onestop import online
from vidan.onestop.codes import REFERENCE, pin_matches
from vidan.onestop.models import Channel, Dossier, DossierFile, DossierStatus, Procedure, dossier_storage
from vidan.org.models import Role

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name="to-khai.pdf", content=PDF, kind="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=kind)


@pytest.fixture
def birth(commune):
    load_catalogue()
    return Procedure.objects.get(code="HT-01")  # fully online, three documents to upload


def url(commune, procedure) -> str:
    return f"/xa/{commune.slug}/nop-ho-so/{procedure.code}/"


def form_data(procedure, *, consent=True, skip=(), files=None, **fields) -> dict:
    data = {
        "applicant_name": "Lê Thị Mai",
        "applicant_phone": "0912 345 678",
        "applicant_email": "",
        "applicant_address": "Thôn Tân Hóa, xã Thuận Hóa",
        **fields,
    }
    data["declaration"] = "on"
    if consent:
        data["consent"] = "on"
    for position, document in enumerate(procedure.documents.filter(upload_accepted=True)):
        if position in skip:
            continue
        data[f"doc-{document.pk}"] = (files or {}).get(position) or upload(f"giay-{position}.pdf")
    return data


def stored_files() -> list[Path]:
    root = Path(dossier_storage().location)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def submit(commune, procedure, **kwargs):
    return Client().post(url(commune, procedure), form_data(procedure, **kwargs))


# -- the form ---------------------------------------------------------------------------------------------


def test_the_form_lists_the_documents_and_the_consent_box_is_not_ticked(commune, birth):
    text = Client().get(url(commune, birth)).content.decode()
    for document in birth.documents.all():
        assert document.name in text
    assert 'name="consent"' in text
    consent_input = text[text.index('name="consent"') - 200 : text.index('name="consent"') + 200]
    assert "checked" not in consent_input
    assert 'enctype="multipart/form-data"' in text


def test_a_procedure_done_only_at_the_desk_cannot_be_submitted_online(commune, birth):
    desk_only = Procedure.objects.get(code="CT-01")
    assert Client().get(url(commune, desk_only)).status_code == 404
    assert Client().get(f"/xa/khong-co-xa-nay/nop-ho-so/{birth.code}/").status_code == 404


def test_the_commune_lists_only_procedures_taken_online(commune, birth):
    text = Client().get(f"/xa/{commune.slug}/nop-ho-so/", {"q": "dang ky"}).content.decode()
    assert "Đăng ký khai sinh" in text and "Chứng thực" not in text


# -- submission -------------------------------------------------------------------------------------------


def test_a_submission_gets_a_reference_and_a_pin_shown_once_and_waits_for_the_desk(commune, birth):
    client = Client()
    response = client.post(url(commune, birth), form_data(birth))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.channel == Channel.ONLINE and dossier.status == DossierStatus.SUBMITTED
    # The official code, whose date is the day of receipt, comes when the desk receives the dossier.
    assert dossier.code is None and REFERENCE.match(dossier.reference)
    assert dossier.consent_at is not None and dossier.received_at is None and dossier.due_at is None
    page = client.get(response["Location"]).content.decode()
    assert dossier.reference in page
    pin = page.split('class="dossier-pin">')[1].split("<")[0]
    assert pin_matches(pin, dossier.pin_hash)
    assert pin not in client.get(response["Location"]).content.decode()  # once only
    assert [f.content_type for f in DossierFile.objects.filter(dossier=dossier)] == ["application/pdf"] * 3
    assert dossier.events.get().action == "submit"
    sms = OutboxMessage.objects.get(kind="submitted")
    assert dossier.reference in sms.body and sms.recipient == "0912345678" and pin not in sms.body
    assert AuditEntry.objects.filter(action="onestop.dossier.submit", object_id=str(dossier.pk)).exists()
    assert "Đã nộp trực tuyến" in Client().get("/tra-cuu/", {"ma": dossier.reference}).content.decode()


def test_a_reference_already_given_is_drawn_again_and_nothing_is_written_twice(commune, birth, monkeypatch):
    # Given a first dossier, and a draw that gives its reference again before a free one
    assert submit(commune, birth).status_code == 302
    first = Dossier.objects.get()
    draws = iter([first.reference, first.reference, "TT261127-KKKKKK"])
    monkeypatch.setattr(online, "reference_new", lambda day: next(draws))
    # When a second dossier is submitted
    assert submit(commune, birth).status_code == 302
    # Then it takes the free reference, with its own files, event, audit entry and message, each once
    second = Dossier.objects.exclude(pk=first.pk).get()
    assert second.reference == "TT261127-KKKKKK"
    assert DossierFile.objects.filter(dossier=second).count() == 3 and second.events.count() == 1
    assert AuditEntry.objects.filter(action="onestop.dossier.submit").count() == 2
    assert OutboxMessage.objects.filter(kind="submitted").count() == 2
    assert DossierFile.objects.count() == 6 and all(
        dossier_storage().exists(f.file.name) for f in DossierFile.objects.all()
    )


def test_two_tabs_each_keep_their_pin(commune, birth):
    client = Client()
    first = client.post(url(commune, birth), form_data(birth))["Location"]
    second = client.post(url(commune, birth), form_data(birth))["Location"]
    for location in (second, first):
        page = client.get(location).content.decode()
        reference = location.rsplit("ma=", 1)[1]
        pin = page.split('class="dossier-pin">')[1].split("<")[0]
        assert pin_matches(pin, Dossier.objects.get(reference=reference).pin_hash)


@override_settings(VIDAN_ONLINE_SUBMISSIONS_PER_HOUR=2)
def test_one_address_cannot_flood_the_desk(commune, birth):
    assert submit(commune, birth).status_code == 302 and submit(commune, birth).status_code == 302
    response = submit(commune, birth)
    assert response.status_code == 422 and "Quá nhiều hồ sơ" in response.content.decode()
    assert Dossier.objects.count() == 2


def test_an_image_named_pdf_is_accepted_for_what_it_is(commune, birth):
    submit(commune, birth, files={0: upload("scan.pdf", png(), "application/pdf")})
    first = DossierFile.objects.order_by("id").first()
    assert first.content_type == "image/png" and first.file.name.endswith(".png") and first.name == "scan.pdf"
    assert first.download_name == "scan.png"
    # Stored under the commune, the year and the month, by a name that owes nothing to the citizen's.
    month = f"{timezone.localtime(first.uploaded_at):%Y/%m}"
    assert re.fullmatch(rf"dossiers/{commune.pk}/{month}/[0-9a-f]{{32}}\.png", first.file.name)


# -- bad input: a clear message, nothing stored ------------------------------------------------------------


def refused(response) -> str:
    assert response.status_code == 422
    assert Dossier.objects.count() == 0 and DossierFile.objects.count() == 0
    text = response.content.decode()
    assert "Hồ sơ chưa được gửi" in text
    assert "Lê Thị Mai" in text and "Thôn Tân Hóa" in text  # what was typed is kept
    return text


def test_a_program_disguised_as_a_pdf_is_refused(commune, birth):
    before = stored_files()
    text = refused(submit(commune, birth, files={1: upload("giay-chung-sinh.pdf", EXE)}))
    assert "giay-chung-sinh.pdf" in text and "chương trình Windows" in text
    assert stored_files() == before


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00" + b"\x00" * 60 + b"%PDF-1.4 in the stub" + b"\x00" * 100 + b"%%EOF\n",
        b"<html><!-- %PDF-1.4 --><script>alert(1)</script></html>\n%%EOF\n",
    ],
    ids=["program", "web-page"],
)
def test_a_file_that_only_contains_a_pdf_header_is_refused(commune, birth, content):
    refused(submit(commune, birth, files={0: upload("to-khai.pdf", content)}))


def test_a_damaged_pdf_is_refused(commune, birth):
    text = refused(submit(commune, birth, files={0: upload("to-khai.pdf", PDF[:40])}))
    assert "bị hỏng" in text


@override_settings(VIDAN_UPLOAD_MAX_BYTES=1000)
def test_an_oversized_file_is_refused(commune, birth):
    big = PDF[:-7] + b" " * 2000 + b"%%EOF\n"
    text = refused(submit(commune, birth, files={2: upload("cmnd.pdf", big)}))
    assert "cmnd.pdf" in text and "tối đa" in text


@override_settings(VIDAN_UPLOAD_MAX_TOTAL_BYTES=200)
def test_too_much_in_one_submission_is_refused(commune, birth):
    assert "cùng lúc" in refused(submit(commune, birth))


def test_a_missing_required_document_is_refused(commune, birth):
    first = birth.documents.order_by("position").first()
    text = refused(submit(commune, birth, skip=(0,)))
    assert f"Hãy tải lên “{first.name}”" in text
    assert "tệp PDF, JPEG hoặc PNG, tối đa 5" in text  # each document's hint


def test_the_form_speaks_the_visitor_s_language(commune, birth):
    first = birth.documents.order_by("position").first()
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(url(commune, birth), form_data(birth, skip=(0,)))
    text = response.content.decode()
    assert response.status_code == 422
    assert f"Upload “{first.name}”: the procedure requires it." in text
    assert "PDF, JPEG or PNG, at most 5" in text


def test_no_consent_no_dossier(commune, birth):
    assert "dữ liệu cá nhân" in refused(submit(commune, birth, consent=False))


def test_the_error_summary_takes_the_focus_and_names_the_consent_briefly(commune, birth):
    # Given a citizen who sends the form without ticking the consent
    response = submit(commune, birth, consent=False)
    text = response.content.decode()
    summary = text.split('id="form-errors"')[1].split("</div>")[0]
    # Then the summary is what the browser focuses when the page opens, and leads to the box to tick
    assert 'tabindex="-1" autofocus' in summary
    assert '<a href="#id_consent">Đồng ý sử dụng dữ liệu cá nhân:' in summary
    # and it names the field in a few words, not by its forty-word sentence (still shown next to the box)
    assert "chỉ để giải quyết hồ sơ" not in summary and "chỉ để giải quyết hồ sơ" in text


def test_a_phone_or_an_email_is_needed(commune, birth):
    assert "số điện thoại hoặc thư điện tử" in refused(submit(commune, birth, applicant_phone=""))


def test_an_optional_document_may_be_left_out(commune, birth):
    marriage = Procedure.objects.get(code="HT-02")
    optional = marriage.documents.get(required=False)
    data = form_data(marriage)
    del data[f"doc-{optional.pk}"]
    assert Client().post(url(commune, marriage), data).status_code == 302


def test_files_written_before_a_failure_are_removed(commune, birth, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("gateway down")

    monkeypatch.setattr(online, "citizen_notify", broken)
    before = stored_files()
    with pytest.raises(RuntimeError):
        submit(commune, birth)
    assert Dossier.objects.count() == 0 and stored_files() == before


# -- the desk's check and the citizen's supplement ----------------------------------------------------------


@pytest.fixture
def submitted(commune, birth):
    client = Client()
    response = client.post(url(commune, birth), form_data(birth))
    page = client.get(response["Location"]).content.decode()
    return Dossier.objects.get(), page.split('class="dossier-pin">')[1].split("<")[0]


def supplement_data(dossier, pin, **extra):
    document = dossier.procedure.documents.order_by("position").first()
    return {"ma": dossier.label, "pin": pin, f"doc-{document.pk}": upload("to-khai-moi.pdf"), **extra}


def test_the_desk_asks_the_citizen_supplements_the_desk_receives(commune, submitted, desk_officer):
    dossier, pin = submitted
    reference = dossier.reference
    step(desk_officer, dossier, "request_supplement", note="Tờ khai thiếu chữ ký của người đi đăng ký.")
    assert OutboxMessage.objects.filter(kind="supplement").exists()
    lookup = Client().get("/tra-cuu/", {"ma": reference}).content.decode()
    assert "/tra-cuu/bo-sung/" in lookup
    # The reference alone shows neither the officer's remark nor the citizen's name; the PIN does.
    form = Client().get("/tra-cuu/bo-sung/", {"ma": reference}).content.decode()
    assert "Tờ khai thiếu chữ ký" not in form and "Lê Thị Mai" not in form
    with_pin = Client().post("/tra-cuu/", {"ma": reference, "pin": pin}).content.decode()
    assert "Tờ khai thiếu chữ ký" in with_pin

    response = Client().post("/tra-cuu/bo-sung/", supplement_data(dossier, pin, note="Đã ký lại."))
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert DossierFile.objects.filter(dossier=dossier, round=1).count() == 1
    assert StaffNotice.objects.filter(recipient=desk_officer, text__contains=reference).exists()

    step(desk_officer, dossier, "receive")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED and dossier.due_at is not None
    assert dossier.code.startswith(commune.agency_code) and dossier.code.endswith("-0001")
    assert dossier.reference == reference and dossier.received_at > dossier.submitted_at
    message = OutboxMessage.objects.get(kind="received").body
    assert dossier.code in message
    # no paper receipt was ever handed to an online applicant: the message does not send them to one
    assert "giấy tiếp nhận" not in message and "mã PIN đã hiện khi gửi hồ sơ" in message
    assert dossier.code in Client().get("/tra-cuu/", {"ma": reference}).content.decode()


def test_only_one_supplement_request(commune, submitted, desk_officer):
    dossier, pin = submitted
    step(desk_officer, dossier, "request_supplement", note="Thiếu giấy chứng sinh.")
    assert Client().post("/tra-cuu/bo-sung/", supplement_data(dossier, pin)).status_code == 302
    page = logged_in_client(desk_officer).get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    assert "step-request_supplement" not in page and "step-receive" in page and "step-refuse_intake" in page
    # the API offers the same steps
    offered = [a["action"] for a in api_as(desk_officer).get(f"/api/v1/dossiers/{dossier.pk}").json()["actions"]]
    assert "request_supplement" not in offered and {"receive", "refuse_intake"} <= set(offered)
    with pytest.raises(Conflict):
        step(desk_officer, dossier, "request_supplement", note="Thiếu thêm giấy khác.")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_an_online_receipt_may_add_the_verification_days(commune, birth, desk_officer):
    marriage = Procedure.objects.get(code="HT-02")
    assert Client().post(url(commune, marriage), form_data(marriage)).status_code == 302
    dossier = Dossier.objects.get()
    response = logged_in_client(desk_officer).post(
        f"/staff/ho-so/{dossier.pk}/buoc/",
        {"action": "receive", "receive-expected_status": "submitted", "receive-needs_verification": "on"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.working_days == marriage.time_limit_days + marriage.verification_extra_days == 5


def test_a_wrong_pin_sends_nothing_and_opens_no_file(commune, submitted, desk_officer):
    dossier, pin = submitted
    step(desk_officer, dossier, "request_supplement", note="Thiếu giấy chứng sinh.")
    wrong = "000001" if pin != "000001" else "000002"
    data = supplement_data(dossier, wrong)
    document = dossier.procedure.documents.order_by("position").first()
    data[f"doc-{document.pk}"] = upload("to-khai.pdf", EXE)
    response = Client().post("/tra-cuu/bo-sung/", data)
    text = response.content.decode()
    assert response.status_code == 422 and "Mã PIN không khớp" in text and "chương trình Windows" not in text
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert DossierFile.objects.filter(round=1).count() == 0
    assert AuditEntry.objects.filter(action="onestop.lookup.wrong_pin").count() == 1


def test_a_disguised_supplement_is_refused(commune, submitted, desk_officer):
    dossier, pin = submitted
    step(desk_officer, dossier, "request_supplement", note="Thiếu giấy chứng sinh.")
    data = supplement_data(dossier, pin)
    document = dossier.procedure.documents.order_by("position").first()
    data[f"doc-{document.pk}"] = upload("to-khai.jpg", EXE, "image/jpeg")
    response = Client().post("/tra-cuu/bo-sung/", data)
    assert response.status_code == 422 and "chương trình Windows" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED


def test_a_supplement_nobody_asked_for_is_refused(commune, submitted):
    dossier, pin = submitted
    response = Client().post("/tra-cuu/bo-sung/", supplement_data(dossier, pin))
    assert response.status_code == 409 and "không chờ bổ sung" in response.content.decode()
    assert DossierFile.objects.filter(round=1).count() == 0


def test_the_desk_refuses_an_online_dossier_with_reasons(commune, submitted, desk_officer):
    dossier, _pin = submitted
    step(desk_officer, dossier, "refuse_intake", note="Không thuộc thẩm quyền của xã.")
    assert "Không thuộc thẩm quyền" in OutboxMessage.objects.get(kind="refused").body


# -- the files in the back office ----------------------------------------------------------------------------


def test_the_desk_downloads_a_file_and_the_download_is_audited(commune, submitted, desk_officer):
    dossier, _pin = submitted
    client = logged_in_client(desk_officer)
    page = client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    stored = DossierFile.objects.filter(dossier=dossier).first()
    assert f"/staff/ho-so/{dossier.pk}/tep/{stored.pk}/" in page and "Công dân" in page
    response = client.get(f"/staff/ho-so/{dossier.pk}/tep/{stored.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert (
        response["X-Content-Type-Options"] == "nosniff" and 'filename="giay-0.pdf"' in response["Content-Disposition"]
    )
    assert AuditEntry.objects.filter(action="onestop.dossier.file", object_id=str(dossier.pk)).count() == 1


def test_a_file_of_another_dossier_is_not_found(commune, submitted, desk_officer, birth):
    dossier, _pin = submitted
    submit(commune, birth)
    other = DossierFile.objects.exclude(dossier=dossier).first()
    response = logged_in_client(desk_officer).get(f"/staff/ho-so/{dossier.pk}/tep/{other.pk}/")
    assert response.status_code == 404


def test_the_public_forms_need_their_csrf_token(commune, birth):
    response = Client(enforce_csrf_checks=True).post(url(commune, birth), form_data(birth))
    assert response.status_code == 403 and Dossier.objects.count() == 0


def test_a_file_of_another_commune_is_not_found(commune, other_commune, submitted):
    dossier, _pin = submitted
    stranger = make_staff(other_commune, Role.DESK_OFFICER)
    stored = DossierFile.objects.filter(dossier=dossier).first()
    assert logged_in_client(stranger).get(f"/staff/ho-so/{dossier.pk}/tep/{stored.pk}/").status_code == 404


def _submit_in_thread(args):
    commune_slug, code = args
    try:
        procedure = Procedure.objects.get(code=code)
        return Client().post(f"/xa/{commune_slug}/nop-ho-so/{code}/", form_data(procedure)).status_code
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.clock  # desk numbers are per day: a run across midnight would start a second day's numbers
def test_simultaneous_submissions_get_distinct_references_and_take_no_desk_number(clock):
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    desk = make_staff(commune, Role.DESK_OFFICER)
    with ThreadPoolExecutor(max_workers=8) as pool:
        online_runs = [pool.submit(_submit_in_thread, (commune.slug, "HT-01")) for _ in range(16)]
        desk_runs = [pool.submit(_receive_in_thread, (desk.pk, commune.pk)) for _ in range(16)]
        assert [run.result() for run in online_runs] == [302] * 16
        desk_codes = [run.result() for run in desk_runs]
    assert sorted(int(code.rsplit("-", 1)[1]) for code in desk_codes) == list(range(1, 17))
    online = Dossier.objects.filter(channel=Channel.ONLINE)
    assert len(set(online.values_list("reference", flat=True))) == 16 and not online.exclude(code=None).exists()


def test_the_desk_ticks_the_missing_documents_each_with_its_reason_and_the_citizen_gets_them_in_one_notice(
    commune, submitted, desk_officer
):
    dossier, _pin = submitted
    names = [d.name for d in dossier.procedure.documents.order_by("position")][:2]
    client = logged_in_client(desk_officer)
    page = client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    assert 'name="request_supplement-ask0"' in page and 'name="request_supplement-ask0_reason"' in page
    step = {"action": "request_supplement", "request_supplement-expected_status": "submitted"}

    # A document ticked without its reason is refused beside it, and nothing is sent
    response = client.post(
        f"/staff/ho-so/{dossier.pk}/buoc/", {**step, "request_supplement-ask0": "on", "request_supplement-ask1": "on",
                                             "request_supplement-ask1_reason": "Ảnh chụp bị mờ."}
    )  # fmt: skip
    assert response.status_code == 200
    assert escape(gettext("Give the reason: the citizen receives it in writing.")) in response.content.decode()
    assert not OutboxMessage.objects.filter(kind="supplement").exists()

    # Each with its reason, and a remark: one notice lists them all
    response = client.post(
        f"/staff/ho-so/{dossier.pk}/buoc/",
        {
            **step,
            "request_supplement-ask0": "on",
            "request_supplement-ask0_reason": "Thiếu chữ ký của người đi đăng ký.",
            "request_supplement-ask1": "on",
            "request_supplement-ask1_reason": "Ảnh chụp bị mờ.",
            "request_supplement-note": "Mang bản chính khi đến nhận kết quả.",
        },
    )
    assert response.status_code == 302
    sms = OutboxMessage.objects.get(kind="supplement").body
    assert all(name in sms for name in names) and "Ảnh chụp bị mờ" in sms
    event = dossier.events.get(action="request_supplement")
    assert event.note == (
        f"- {names[0]}: Thiếu chữ ký của người đi đăng ký.\n- {names[1]}: Ảnh chụp bị mờ.\n"
        "Mang bản chính khi đến nhận kết quả."
    )
    assert event.data["items"][1] == {"name": names[1], "reason": "Ảnh chụp bị mờ."}


def test_a_supplement_request_with_nothing_ticked_or_written_is_refused(commune, submitted, desk_officer):
    dossier, _pin = submitted
    response = logged_in_client(desk_officer).post(
        f"/staff/ho-so/{dossier.pk}/buoc/",
        {"action": "request_supplement", "request_supplement-expected_status": "submitted"},
    )
    message = gettext("Tick or name at least one document to add or correct, with its reason.")
    assert response.status_code == 200 and escape(message) in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_the_api_receives_an_online_dossier_with_the_verification_days(commune, birth, desk_officer):
    marriage = Procedure.objects.get(code="HT-02")
    Client().post(url(commune, marriage), form_data(marriage))
    dossier = Dossier.objects.get()
    listed = api_as(desk_officer).get(f"/api/v1/communes/{commune.pk}/dossiers", {"queue": "tiep-nhan"}).json()
    assert [item["reference"] for item in listed["items"]] == [dossier.reference]
    response = take(api_as(desk_officer), dossier.pk, "receive", "submitted", needs_verification=True)
    assert response.status_code == 200, response.content
    dossier.refresh_from_db()
    assert dossier.code == response.json()["code"] and dossier.working_days == 5


def test_no_declaration_no_dossier(commune, birth):
    data = form_data(birth)
    del data["declaration"]
    assert "là đúng sự thật" in refused(Client().post(url(commune, birth), data))


@override_settings(VIDAN_UPLOAD_MAX_TOTAL_BYTES=1000)
def test_an_upload_far_over_the_limit_is_not_read_to_the_end(commune, birth):
    huge = PDF[:-7] + b" " * (2 * 1024 * 1024) + b"%%EOF\n"
    text = refused(submit(commune, birth, files={0: upload("to-khai.pdf", huge)}))
    assert "vượt quá" in text  # said by the upload handler, which stopped reading, not by the later checks


@pytest.mark.clock
def test_files_no_row_names_are_swept_and_deleted_rows_take_their_files(
    commune, submitted, django_capture_on_commit_callbacks
):
    dossier, _pin = submitted
    # Given a storage holding no file but this dossier's: the tests before this one left theirs, and whether the
    # sweep takes them for old depends on how the tests' clock stands against the file system's.
    online.dossier_files_sweep(older_than=timedelta(0))
    storage = dossier_storage()
    month = f"{timezone.localtime():%Y/%m}"
    stray = storage.save(f"dossiers/{commune.pk}/{month}/left-by-a-crash.pdf", ContentFile(PDF))
    stray_flat = storage.save(f"dossiers/{commune.pk}/stored-before-the-folders-by-month.pdf", ContentFile(PDF))
    fresh = storage.save(f"dossiers/{commune.pk}/{month}/being-written.pdf", ContentFile(PDF))
    # Ages by the application's clock, not the file system's: the sweep compares them with timezone.now().
    now = timezone.now().timestamp()
    old = now - 3 * 86400
    for name in (stray, stray_flat):
        os.utime(storage.path(name), (old, old))
    os.utime(storage.path(fresh), (now, now))
    assert online.dossier_files_sweep() == 2
    assert not storage.exists(stray) and not storage.exists(stray_flat) and storage.exists(fresh)
    assert all(storage.exists(f.file.name) for f in DossierFile.objects.all())  # the dossier's files stay

    names = [f.file.name for f in DossierFile.objects.filter(dossier=dossier)]
    with django_capture_on_commit_callbacks(execute=True):
        dossier.delete()
    assert not any(storage.exists(name) for name in names)
    storage.delete(fresh)


def test_the_queue_shows_and_finds_an_online_dossier_by_its_reference(commune, submitted, desk_officer):
    dossier, _pin = submitted
    client = logged_in_client(desk_officer)
    assert dossier.reference in client.get("/staff/ho-so/", {"hang": "tiep-nhan"}).content.decode()
    found = client.get("/staff/ho-so/", {"hang": "tat-ca", "q": dossier.reference[-6:]}).content.decode()
    assert f"/staff/ho-so/{dossier.pk}/" in found


def test_the_api_lookup_knows_an_online_dossier_by_its_reference(commune, submitted):
    dossier, pin = submitted
    public = Client().get("/api/v1/dossiers/lookup", {"code": dossier.reference}).json()
    assert public["code"] is None and public["reference"] == dossier.reference and public["details"] is None
    detailed = (
        Client()
        .post("/api/v1/dossiers/lookup", {"code": dossier.reference, "pin": pin}, content_type="application/json")
        .json()
    )
    assert detailed["details"]["applicant"]["name"] == "Lê Thị Mai"


def test_the_api_apology_reads_a_compact_date_as_neither_a_day_nor_a_moment(commune, birth, desk_officer):
    dossier = received(desk_officer, commune)
    response = api_as(desk_officer).post(
        f"/api/v1/dossiers/{dossier.pk}/apology",
        {"reason": "Chờ xác minh", "new_due": "20261215"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "new_due" in str(response.json()["error"]["fields"])
    dossier.refresh_from_db()
    assert not dossier.apologised
