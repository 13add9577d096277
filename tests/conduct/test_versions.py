"""The code of conduct's versions: a draft entered from the signed decision, corrected, published for good, then
never changed nor deleted, only superseded."""

from datetime import date

import pytest
from django.conf import settings

from tests.conduct.factories import EXE, SYSTEM, make_version, pdf_upload
from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_staff
from vidan.audit.models import AuditEntry
from vidan.conduct.models import CodeVersion
from vidan.conduct.selectors import publication_due, version_in_force
from vidan.conduct.services import (
    VersionPublished,
    code_version_create,
    code_version_delete,
    code_version_edit,
    code_version_publish,
)
from vidan.core.errors import DomainError, FieldsRefused, PermissionDenied
from vidan.core.uploads import UploadRefused, upload_check
from vidan.org.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_a_leader_enters_a_draft_and_publishes_it_with_the_signed_decision(clock, commune, leader):
    # given the leader's draft from the signed decision
    actor = actor_of(leader)
    version = make_version(commune, actor=actor, published=False)
    assert not version.is_published
    stored = settings.VIDAN_DATA_DIR / "private" / version.file.name
    assert stored.read_bytes().startswith(b"%PDF-") and version.file.name.startswith(f"conduct/{commune.pk}/")
    # when it is published
    version = code_version_publish(actor=actor, version=version)
    # then it is published now, by the leader, and in force from its day; each step is audited
    assert version.published_by == leader and version.is_published
    assert version_in_force(commune) == version
    entries = AuditEntry.objects.filter(object_type="conduct.codeversion", object_id=str(version.pk)).order_by("id")
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["conduct.code.create", "conduct.code.publish"]


def test_editing_a_published_version_is_refused_and_changes_nothing(clock, commune, leader):
    version = make_version(commune, actor=actor_of(leader))
    before = CodeVersion.objects.values().get(pk=version.pk)
    with pytest.raises(VersionPublished) as refused:
        code_version_edit(
            actor=actor_of(leader),
            version=version,
            decision_number="46/QĐ-UBND",
            signed_on=version.signed_on,
            effective_on=version.effective_on,
            title="Sửa lại",
            text="Nội dung khác",
            checked=upload_check(pdf_upload("khac.pdf")),
        )
    assert "không bao giờ được sửa hoặc xóa" in str(refused.value.message)
    assert CodeVersion.objects.values().get(pk=version.pk) == before
    assert not AuditEntry.objects.filter(action="conduct.code.edit").exists()


def test_a_published_version_is_never_deleted(clock, commune, leader):
    version = make_version(commune, actor=actor_of(leader))
    with pytest.raises(VersionPublished):
        code_version_delete(actor=actor_of(leader), version=version)
    assert CodeVersion.objects.filter(pk=version.pk).exists()


def test_a_stale_copy_of_a_draft_published_meanwhile_cannot_be_edited(clock, commune, leader):
    # given two pages open on the same draft; one publishes it
    stale = make_version(commune, actor=actor_of(leader), published=False)
    code_version_publish(actor=actor_of(leader), version=CodeVersion.objects.get(pk=stale.pk))
    # when the other, holding the draft as it was, saves a correction, it is refused
    with pytest.raises(VersionPublished):
        code_version_edit(
            actor=actor_of(leader), version=stale, decision_number="45/QĐ-UBND", signed_on=stale.signed_on,
            effective_on=stale.effective_on, title="Sửa", text="Sửa",
        )  # fmt: skip
    assert CodeVersion.objects.get(pk=stale.pk).title == stale.title


def test_a_draft_is_corrected_and_its_new_file_replaces_the_old(
    clock, commune, leader, django_capture_on_commit_callbacks
):
    version = make_version(commune, actor=actor_of(leader), published=False)
    old = settings.VIDAN_DATA_DIR / "private" / version.file.name
    with django_capture_on_commit_callbacks(execute=True):
        edited = code_version_edit(
            actor=actor_of(leader), version=version, decision_number="47/QĐ-UBND", signed_on=date(2026, 2, 2),
            effective_on=date(2026, 2, 10), title="Quy tắc ứng xử (sửa)", text="Điều 1. Mới.",
            checked=upload_check(pdf_upload("ban-moi.pdf")),
        )  # fmt: skip
    assert (edited.decision_number, edited.title, edited.file_name) == (
        "47/QĐ-UBND",
        "Quy tắc ứng xử (sửa)",
        "ban-moi.pdf",
    )
    assert not old.exists() and (settings.VIDAN_DATA_DIR / "private" / edited.file.name).exists()


def test_a_draft_without_its_signed_decision_is_not_published(clock, commune, leader):
    version = code_version_create(
        actor=actor_of(leader), commune=commune, decision_number="1/QĐ-UBND", signed_on=date(2026, 1, 5),
        effective_on=date(2026, 1, 5), title="Quy tắc", text="Điều 1.",
    )  # fmt: skip
    with pytest.raises(DomainError) as refused:
        code_version_publish(actor=actor_of(leader), version=version)
    assert refused.value.field == "file"
    assert not CodeVersion.objects.get(pk=version.pk).is_published


def test_a_new_version_supersedes_the_one_in_force_and_never_takes_effect_before_it(clock, commune, leader):
    first = make_version(commune, number="10/QĐ-UBND", signed_on=date(2025, 1, 2), effective_on=date(2025, 1, 2))
    # a version back-dated before the one published is refused
    early = make_version(commune, number="11/QĐ-UBND", signed_on=date(2024, 6, 1), effective_on=date(2024, 6, 1),
                         published=False)  # fmt: skip
    with pytest.raises(DomainError) as refused:
        code_version_publish(actor=SYSTEM, version=early)
    assert refused.value.field == "effective_on" and "10/QĐ-UBND" in str(refused.value.message)
    # a later one supersedes it from its day; before that day the first is still in force
    second = make_version(commune, number="12/QĐ-UBND", signed_on=date(2026, 3, 2), effective_on=date(2026, 3, 20))
    assert version_in_force(commune) == first
    assert version_in_force(commune, on=date(2026, 3, 20)) == second
    assert version_in_force(commune, on=date(2024, 12, 31)) is None


def test_wrong_dates_and_a_repeated_number_are_refused_field_by_field(clock, commune, leader):
    make_version(commune, number="45/QĐ-UBND")
    with pytest.raises(FieldsRefused) as refused:
        code_version_create(
            actor=actor_of(leader), commune=commune, decision_number="45/qđ-ubnd", signed_on=date(2026, 12, 1),
            effective_on=date(2026, 11, 1), title="Quy tắc", text="Điều 1.",
        )  # fmt: skip
    assert set(refused.value.fields) == {"decision_number", "signed_on", "effective_on"}
    assert CodeVersion.objects.count() == 1


def test_a_disguised_upload_never_becomes_the_signed_decision(clock):
    with pytest.raises(UploadRefused) as refused:
        upload_check(pdf_upload("quyet-dinh.pdf", EXE))
    assert "thực chất là một chương trình Windows" in str(refused.value.message)


def test_an_officer_without_the_right_cannot_enter_or_publish(clock, commune, desk_officer):
    with pytest.raises(PermissionDenied):
        make_version(commune, actor=actor_of(desk_officer), published=False)
    draft = make_version(commune, published=False)
    with pytest.raises(PermissionDenied):
        code_version_publish(actor=actor_of(desk_officer), version=draft)


def test_a_leader_of_another_commune_cannot_touch_this_communes_draft(clock, commune):
    stranger = make_staff(make_commune(name="Lâm Hóa"), Role.LEADER)
    draft = make_version(commune, published=False)
    with pytest.raises(PermissionDenied):
        code_version_publish(actor=actor_of(stranger), version=draft)
    with pytest.raises(PermissionDenied):
        code_version_delete(actor=actor_of(stranger), version=draft)
    assert not CodeVersion.objects.get(pk=draft.pk).is_published


def test_the_publication_is_due_5_working_days_after_the_decision_and_a_late_one_is_recorded(clock, commune, leader):
    # signed on Thursday 26/02/2026: five working days later is Thursday 05/03/2026
    version = make_version(commune, signed_on=date(2026, 2, 26), effective_on=date(2026, 3, 1), published=False)
    assert publication_due(version) == date(2026, 3, 5)
    page = logged_in_client(leader).get(f"/staff/quy-tac-ung-xu/phien-ban/{version.pk}/").content.decode()
    assert "05/03/2026" in page and "đã quá hạn" in page
    code_version_publish(actor=actor_of(leader), version=version)
    entry = AuditEntry.objects.get(action="conduct.code.publish")
    assert entry.data["due"] == "2026-03-05" and entry.data["late"] is True
