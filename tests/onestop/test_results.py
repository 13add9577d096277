"""The electronic result: attached by an officer once the dossier is decided, previewed in the back office,
downloaded by the citizen from the lookup page behind the PIN."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_staff
from tests.onestop.factories import step
from vidan.audit.models import AuditEntry
from vidan.onestop.models import DossierFile, DossierStatus, Procedure
from vidan.onestop.services import dossier_receive_at_desk
from vidan.org.models import Role

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def decided(catalogue, commune, desk_officer, specialist, leader):
    """A dossier received at the desk, processed and approved; with the PIN the citizen was given."""
    dossier, pin = dossier_receive_at_desk(
        actor=actor_of(desk_officer),
        commune=commune,
        procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="Nguyễn Thị Lan",
        applicant_phone="0912 345 678",
    )
    step(desk_officer, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")
    step(specialist, dossier, "submit_for_approval")
    step(leader, dossier, "approve")
    dossier.refresh_from_db()
    return dossier, pin


def attach(client, dossier, content=PDF, name="giay-chung-nhan.pdf"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(f"/staff/ho-so/{dossier.pk}/ket-qua/", {"result-result": upload})


def test_the_specialist_attaches_the_result_and_the_citizen_downloads_it_with_the_pin(
    catalogue, commune, desk_officer, specialist, leader
):
    # Given an approved dossier
    dossier, pin = decided(catalogue, commune, desk_officer, specialist, leader)
    officer = logged_in_client(specialist)
    assert "Đính kèm kết quả" in officer.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    # When the specialist attaches the signed certificate
    response = attach(officer, dossier)
    # Then it is kept as the dossier's result, in the timeline, and offered to preview
    assert response.status_code == 302
    result = DossierFile.objects.get(dossier=dossier, is_result=True)
    page = officer.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    assert "Đã đính kèm kết quả điện tử" in page
    assert f"/staff/ho-so/{dossier.pk}/tep/{result.pk}/?xem=1" in page
    # and the citizen who looks the dossier up sees no link without the PIN
    citizen = Client()
    assert "/tra-cuu/ket-qua/" not in citizen.get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    # but gets one after giving it, which downloads the file, unsniffed and uncached
    text = citizen.post(f"/tra-cuu/?ma={dossier.code}", {"ma": dossier.code, "pin": pin}).content.decode()
    link = re.search(r'href="(/tra-cuu/ket-qua/[^"]+/)"', text).group(1)
    download = citizen.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"] and download["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="onestop.lookup.result").count() == 1
    # A link made up or tampered with finds nothing
    assert citizen.get(link.replace("/ket-qua/", "/ket-qua/x")).status_code == 404


def test_a_result_is_checked_like_every_upload(catalogue, commune, desk_officer, specialist, leader):
    dossier, _pin = decided(catalogue, commune, desk_officer, specialist, leader)
    response = attach(logged_in_client(specialist), dossier, content=EXE, name="ket-qua.pdf")
    assert response.status_code == 200
    assert "là một chương trình Windows" in response.content.decode()
    assert not DossierFile.objects.filter(dossier=dossier).exists()


def test_no_result_before_the_dossier_is_decided(catalogue, commune, desk_officer, specialist):
    dossier, _pin = dossier_receive_at_desk(
        actor=actor_of(desk_officer), commune=commune, procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="Nguyễn Thị Lan",
    )  # fmt: skip
    client = logged_in_client(specialist)
    assert "Đính kèm kết quả" not in client.get(f"/staff/ho-so/{dossier.pk}/").content.decode()
    response = attach(client, dossier)
    assert response.status_code == 409
    assert "chỉ đính kèm kết quả khi hồ sơ đã được phê duyệt" in response.content.decode()
    assert dossier.status == DossierStatus.RECEIVED and not DossierFile.objects.filter(dossier=dossier).exists()


def test_the_officer_previews_a_file_in_the_browser_and_a_stranger_finds_nothing(
    catalogue, commune, desk_officer, specialist, leader
):
    dossier, _pin = decided(catalogue, commune, desk_officer, specialist, leader)
    attach(logged_in_client(specialist), dossier)
    result = DossierFile.objects.get(dossier=dossier)
    url = f"/staff/ho-so/{dossier.pk}/tep/{result.pk}/"
    # When the desk opens it to look at it
    preview = logged_in_client(desk_officer).get(url, {"xem": "1"})
    # Then the browser shows it, as a PDF, kept in no cache, and the view is recorded
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"].startswith("inline;")
    assert "no-store" in preview["Cache-Control"] and preview["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="onestop.dossier.file_preview").count() == 1
    # An officer of another commune gets "not found"
    stranger = make_staff(make_commune(name="Lâm Hóa"), Role.DESK_OFFICER)
    assert logged_in_client(stranger).get(url, {"xem": "1"}).status_code == 404
