"""Badges: a number given once per commune and never again, revoked when the officer leaves, never printed
again once revoked; the officer's photo and reception hours."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conduct.factories import SYSTEM, jpeg_bytes, pdf_upload
from tests.factories import actor_of, make_commune, make_staff
from vidan.audit.models import AuditEntry
from vidan.conduct.badges import (
    BadgeRevoked,
    badge_for_print,
    badge_issue,
    badge_revoke,
    officer_photo_set,
    officer_profile_save,
)
from vidan.conduct.models import Badge, RevokeReason
from vidan.core.errors import Conflict, DomainError, PermissionDenied
from vidan.core.uploads import UploadRefused, upload_check
from vidan.org.models import Role, Staff

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def officer_without_number(commune, **kwargs):
    member = make_staff(commune, Role.SPECIALIST, **kwargs)
    Staff.objects.filter(pk=member.pk).update(badge_number=None)
    member.refresh_from_db()
    return member


def test_numbers_follow_the_commune_code_and_are_never_given_again(clock, commune, leader):
    actor = actor_of(leader)
    first, second = officer_without_number(commune), officer_without_number(commune)
    code = commune.unit.code
    badge = badge_issue(actor=actor, staff=first)
    assert (badge.number, badge.issued_on) == (f"{code}.01", date(2026, 3, 10))
    first.refresh_from_db()
    assert first.badge_number == f"{code}.01"  # the staff record shows the valid badge's number
    # when the first officer's badge is revoked and a new one is issued to someone else
    badge_revoke(actor=actor, badge=badge, reason=RevokeReason.LEFT, on=date(2026, 3, 10))
    first.refresh_from_db()
    assert first.badge_number is None
    # then the number is not reused
    assert badge_issue(actor=actor, staff=second).number == f"{code}.02"
    assert badge_issue(actor=actor, staff=first).number == f"{code}.03"
    assert Badge.objects.filter(number=f"{code}.01").count() == 1


def test_an_officer_keeps_the_number_already_on_their_badge_unless_it_was_ever_given(clock, commune, leader):
    actor = actor_of(leader)
    kept = make_staff(commune, Role.SPECIALIST)  # the factory gives a number, as a badge worn before the register
    assert badge_issue(actor=actor, staff=kept).number == kept.badge_number
    other = officer_without_number(commune)
    taken = badge_issue(actor=actor, staff=other)
    badge_revoke(actor=actor, badge=taken, reason=RevokeReason.REVOKED, on=date(2026, 3, 10))
    # a staff record typed with a number the register already gave is not allowed to take it again
    newcomer = officer_without_number(commune)
    Staff.objects.filter(pk=newcomer.pk).update(badge_number=taken.number)
    newcomer.refresh_from_db()
    assert badge_issue(actor=actor, staff=newcomer).number != taken.number


def test_numbers_are_unique_per_commune_and_each_commune_counts_its_own(clock, commune, leader):
    other = make_commune(name="Lâm Hóa")
    here = badge_issue(actor=SYSTEM, staff=officer_without_number(commune))
    there = badge_issue(actor=SYSTEM, staff=officer_without_number(other))
    assert here.number.endswith(".01") and there.number.endswith(".01") and here.number != there.number


def test_a_second_valid_badge_is_refused(clock, commune, leader):
    member = officer_without_number(commune)
    badge_issue(actor=actor_of(leader), staff=member)
    with pytest.raises(Conflict):
        badge_issue(actor=actor_of(leader), staff=member)
    assert Badge.objects.filter(staff=member).count() == 1


def test_a_revoked_badge_is_never_printed_again(clock, commune, leader):
    badge = badge_issue(actor=actor_of(leader), staff=officer_without_number(commune))
    badge_for_print(actor=actor_of(leader), badge=badge)
    badge_revoke(actor=actor_of(leader), badge=badge, reason=RevokeReason.LEFT, on=date(2026, 3, 10), note="Nghỉ hưu")
    badge.refresh_from_db()
    with pytest.raises(BadgeRevoked) as refused:
        badge_for_print(actor=actor_of(leader), badge=badge)
    assert "10/03/2026" in str(refused.value.message)
    assert AuditEntry.objects.filter(action="conduct.badge.print").count() == 1
    with pytest.raises(BadgeRevoked):
        badge_revoke(actor=actor_of(leader), badge=badge, reason=RevokeReason.LEFT, on=date(2026, 3, 10))


def test_a_revocation_is_dated_between_the_issue_and_today(clock, commune, leader):
    badge = badge_issue(actor=actor_of(leader), staff=officer_without_number(commune), on=date(2026, 1, 5))
    for day in (date(2026, 1, 4), date(2026, 3, 11)):
        with pytest.raises(DomainError) as refused:
            badge_revoke(actor=actor_of(leader), badge=badge, reason=RevokeReason.LEFT, on=day)
        assert refused.value.field == "revoked_on"
    assert Badge.objects.get(pk=badge.pk).revoked_on is None


def test_a_leader_of_another_commune_cannot_issue_revoke_or_print(clock, commune, leader):
    stranger = actor_of(make_staff(make_commune(name="Lâm Hóa"), Role.LEADER))
    member = officer_without_number(commune)
    with pytest.raises(PermissionDenied):
        badge_issue(actor=stranger, staff=member)
    badge = badge_issue(actor=actor_of(leader), staff=member)
    with pytest.raises(PermissionDenied):
        badge_revoke(actor=stranger, badge=badge, reason=RevokeReason.LEFT, on=date(2026, 3, 10))
    with pytest.raises(PermissionDenied):
        badge_for_print(actor=stranger, badge=badge)
    assert Badge.objects.get(pk=badge.pk).revoked_on is None


def test_the_photo_is_cut_to_3_by_4_and_what_the_camera_wrote_is_dropped(clock, commune, leader):
    member = officer_without_number(commune)
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes((800, 800)), content_type="image/jpeg")
    officer_photo_set(actor=actor_of(leader), staff=member, checked=upload_check(upload, field="photo"))
    member.refresh_from_db()
    with member.photo.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as image:
        assert (image.format, image.size) == ("JPEG", (360, 480))
        assert not image.getexif()


def test_a_pdf_is_not_taken_as_a_photo(clock, commune, leader):
    member = officer_without_number(commune)
    with pytest.raises(UploadRefused):
        officer_photo_set(actor=actor_of(leader), staff=member, checked=upload_check(pdf_upload("anh.jpg")))
    member.refresh_from_db()
    assert not member.photo


def test_reception_hours_are_kept_and_audited(clock, commune, leader):
    member = officer_without_number(commune)
    profile = officer_profile_save(actor=actor_of(leader), staff=member, reception_hours="  Thứ Hai – Thứ Sáu,  7:30  ")
    assert profile.reception_hours == "Thứ Hai – Thứ Sáu, 7:30"
    assert AuditEntry.objects.filter(action="conduct.profile.edit", object_id=str(member.pk)).exists()
