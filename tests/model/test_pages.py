"""The model's pages: the launch with its uploads, a department's commitment signed and followed up, forged ids
of another commune, disguised files; each refusal says what to fix and changes nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import logged_in_client
from tests.factories import make_department, make_staff
from tests.model.factories import make_framework, make_launch, pdf_upload, png_upload
from vidan.audit.models import AuditEntry
from vidan.model.models import Commitment, CommitmentStatus, FollowUp, Launch, ModelFile
from vidan.org.models import DepartmentKind, Role

pytestmark = pytest.mark.clock


@pytest.fixture
def setup(clock, commune, other_commune):
    make_framework(commune)
    make_framework(other_commune)
    police = make_department(commune, kind=DepartmentKind.POLICE, name="Công an xã")
    return {
        "leader": make_staff(commune, Role.LEADER),
        "officer": make_staff(commune, Role.SPECIALIST, department=police, full_name="Trương Quang Huy"),
        "police": police,
        "desk": make_department(commune, name="Bộ phận Một cửa"),
        "away_police": make_department(other_commune, kind=DepartmentKind.POLICE, name="Công an xã"),
    }


def test_the_leader_records_the_launch_with_a_document_and_a_photo(setup, commune):
    client = logged_in_client(setup["leader"])
    response = client.post(
        "/staff/mo-hinh/",
        {
            "held_on": "20/03/2025",
            "place": "Hội trường UBND xã",
            "attendees": "Trưởng Ban Dân vận Huyện ủy | Huyện ủy\nChủ tịch UBND xã | UBND xã | Đinh Xuân Trường",
            "article_url": "https://example.org/bai-viet",
            "documents": [pdf_upload("ke-hoach.pdf")],
            "photos": [png_upload("le-ra-mat.png")],
        },
    )
    assert response.status_code == 302
    launch = Launch.objects.get(commune=commune)
    assert [a.position for a in launch.attendees.all()] == ["Trưởng Ban Dân vận Huyện ủy", "Chủ tịch UBND xã"]
    files = {f.role: f for f in launch.files.all()}
    assert files["document"].content_type == "application/pdf" and files["photo"].content_type == "image/png"
    assert files["document"].file.name.startswith(f"model/{commune.pk}/")
    page = client.get("/staff/mo-hinh/").content.decode()
    assert "Đinh Xuân Trường" in page and "20/03/2025" in page
    download = client.get(f"/staff/mo-hinh/tep/{files['document'].pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="model.file.download").exists()
    assert AuditEntry.objects.filter(action="model.launch.record").exists()


def test_a_disguised_file_is_refused_and_nothing_is_recorded(setup, commune):
    client = logged_in_client(setup["leader"])
    program = SimpleUploadedFile("anh.png", b"MZ\x90\x00 a program", content_type="image/png")
    response = client.post(
        "/staff/mo-hinh/",
        {"held_on": "20/03/2025", "attendees": "Trưởng Ban Dân vận | Huyện ủy", "photos": [program]},
    )
    assert response.status_code == 422
    assert "chương trình Windows" in response.content.decode()
    assert not Launch.objects.exists() and not ModelFile.objects.exists()
    # The form keeps what was typed
    assert "Trưởng Ban Dân vận | Huyện ủy" in response.content.decode()


def test_a_launch_in_the_future_or_without_attendees_is_refused(setup):
    client = logged_in_client(setup["leader"])
    response = client.post("/staff/mo-hinh/", {"held_on": "20/03/2027", "attendees": "Chức vụ chỉ thôi"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "chức vụ và cơ quan" in body
    response = client.post("/staff/mo-hinh/", {"held_on": "20/03/2027", "attendees": "Trưởng Ban | Huyện ủy"})
    assert "tương lai" in response.content.decode() and not Launch.objects.exists()


def test_a_department_signs_its_commitment_and_follows_an_item_up(setup):
    client = logged_in_client(setup["officer"])
    police = setup["police"]
    response = client.post(
        f"/staff/mo-hinh/bo-phan/{police.pk}/cam-ket-moi/",
        {
            "items": "Giải quyết cư trú đúng hạn\nLắng nghe nhân dân",
            "signatories": "Trương Quang Huy | Trưởng Công an xã",
        },
    )
    commitment = Commitment.objects.get(department=police)
    assert response.status_code == 302 and commitment.status == CommitmentStatus.DRAFT
    # Signing without the scan is refused, the draft stays a draft
    response = client.post(f"/staff/mo-hinh/cam-ket/{commitment.pk}/ky/", {"signed_on": "01/03/2026"})
    assert response.status_code == 422 and "bản chụp" in response.content.decode()
    response = client.post(
        f"/staff/mo-hinh/cam-ket/{commitment.pk}/ky/", {"signed_on": "01/03/2026", "scan": pdf_upload("cam-ket.pdf")}
    )
    commitment.refresh_from_db()
    assert response.status_code == 302 and commitment.status == CommitmentStatus.SIGNED
    # Once signed it is fixed
    response = client.post(
        f"/staff/mo-hinh/cam-ket/{commitment.pk}/", {"items": "Khác", "signatories": "Ai đó | Chức vụ"}
    )
    assert response.status_code == 409 and "phiên bản mới" in response.content.decode()
    assert list(commitment.items.values_list("text", flat=True)) == ["Giải quyết cư trú đúng hạn", "Lắng nghe nhân dân"]
    # An item marked done needs evidence; in progress does not
    item = commitment.items.get(number=1)
    url = f"/staff/mo-hinh/cam-ket/{commitment.pk}/theo-doi/"
    response = client.post(url, {"item": item.pk, "period_day": "05/03/2026", "status": "done"})
    assert response.status_code == 422 and not FollowUp.objects.exists()
    response = client.post(
        url, {"item": item.pk, "period_day": "05/03/2026", "status": "done", "evidence": [pdf_upload("minh-chung.pdf")]}
    )
    follow_up = FollowUp.objects.get()
    assert response.status_code == 302 and (follow_up.period_start, follow_up.status) == (date(2026, 1, 1), "done")
    # A new version supersedes the signed one once signed
    client.post(f"/staff/mo-hinh/cam-ket/{commitment.pk}/phien-ban-moi/")
    draft = Commitment.objects.get(department=police, status=CommitmentStatus.DRAFT)
    assert draft.version == 2 and draft.items.count() == 2
    client.post(f"/staff/mo-hinh/cam-ket/{draft.pk}/ky/", {"signed_on": "09/03/2026", "scan": pdf_upload()})
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SUPERSEDED and commitment.superseded_by_id == draft.pk


def test_an_officer_acts_for_their_own_department_only(setup):
    client = logged_in_client(setup["officer"])
    response = client.post(
        f"/staff/mo-hinh/bo-phan/{setup['desk'].pk}/cam-ket-moi/", {"items": "X", "signatories": "A | B"}
    )
    assert response.status_code == 403
    assert not Commitment.objects.exists()


def test_forged_ids_of_another_commune_are_not_found(setup, commune, other_commune):
    away_leader = make_staff(other_commune, Role.LEADER)
    make_launch(other_commune)
    away_client = logged_in_client(away_leader)
    away_client.post(
        f"/staff/mo-hinh/bo-phan/{setup['away_police'].pk}/cam-ket-moi/", {"items": "X", "signatories": "A | B"}
    )
    away = Commitment.objects.get(department=setup["away_police"])
    client = logged_in_client(setup["leader"])
    assert client.get(f"/staff/mo-hinh/cam-ket/{away.pk}/").status_code == 404
    response = client.post(f"/staff/mo-hinh/cam-ket/{away.pk}/ky/", {"signed_on": "01/03/2026", "scan": pdf_upload()})
    assert response.status_code == 404
    assert (
        client.post(
            f"/staff/mo-hinh/bo-phan/{setup['away_police'].pk}/cam-ket-moi/", {"items": "X", "signatories": "A | B"}
        ).status_code
        == 404
    )
    response = client.post(
        "/staff/mo-hinh/bo-phan/", {"department": setup["away_police"].pk, "name": "X", "started_on": "01/03/2026"}
    )
    assert response.status_code == 422  # not among the choices of this commune
    away.refresh_from_db()
    assert away.status == CommitmentStatus.DRAFT and Commitment.objects.count() == 1


def test_evidence_for_a_value_of_another_assessment_is_refused(setup, commune, other_commune):
    from tests.factories import actor_of
    from vidan.model.assessments import assessment_start

    make_launch(commune)
    make_launch(other_commune)
    mine = assessment_start(actor=actor_of(setup["leader"]), commune=commune, period_day=date(2025, 11, 1))
    theirs = assessment_start(
        actor=actor_of(make_staff(other_commune, Role.LEADER)), commune=other_commune, period_day=date(2025, 11, 1)
    )
    foreign = theirs.values.filter(indicator__source="declared").first()
    client = logged_in_client(setup["leader"])
    response = client.post(
        f"/staff/mo-hinh/tu-danh-gia/{mine.pk}/luu/",
        {"expected": "draft", f"value-{foreign.pk}": "5", f"evidence-{foreign.pk}": pdf_upload()},
    )
    assert response.status_code == 422
    foreign.refresh_from_db()
    assert foreign.value is None and not ModelFile.objects.exists()
    assert client.get(f"/staff/mo-hinh/tu-danh-gia/{theirs.pk}/").status_code == 404


def test_an_oversized_scan_is_refused_with_the_limit_and_the_draft_stays(setup, settings):
    settings.VIDAN_UPLOAD_MAX_BYTES = 50
    client = logged_in_client(setup["officer"])
    police = setup["police"]
    client.post(
        f"/staff/mo-hinh/bo-phan/{police.pk}/cam-ket-moi/",
        {"items": "Giải quyết cư trú đúng hạn", "signatories": "Trương Quang Huy | Trưởng Công an xã"},
    )
    commitment = Commitment.objects.get(department=police)
    response = client.post(
        f"/staff/mo-hinh/cam-ket/{commitment.pk}/ky/", {"signed_on": "01/03/2026", "scan": pdf_upload("cam-ket.pdf")}
    )
    assert response.status_code == 422
    assert "cam-ket.pdf" in response.content.decode() and "50" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DRAFT and not ModelFile.objects.exists()


def test_officers_are_offered_only_their_own_department(setup):
    page = logged_in_client(setup["officer"]).get("/staff/mo-hinh/bo-phan/").content.decode()
    assert f"/staff/mo-hinh/bo-phan/{setup['police'].pk}/cam-ket-moi/" in page
    assert f"/staff/mo-hinh/bo-phan/{setup['desk'].pk}/cam-ket-moi/" not in page
