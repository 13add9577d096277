"""Writing the badges and the public profiles: a badge issued with a number given once, revoked when the
officer leaves or the badge is withdrawn, its printing recorded; the reception hours and the photo.

The badge register is where a number lives; the staff record's `badge_number` (which the directory and the
public list of the organisation show) is kept equal to the number of the officer's valid badge, or empty.

A number is the commune's GSO code and a sequence ("18964.07"): the sequence only goes up, and a number already
in the register (revoked ones too) or on another staff record is passed over, so no number is ever given twice.
An officer who already wore a badge before the register existed keeps the number printed on it, unless that
number was ever given to someone else.
"""

import io
import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from vidan.audit.services import audit_record
from vidan.conduct.models import Badge, BadgeCounter, OfficerProfile, RevokeReason
from vidan.core.errors import Conflict, DomainError, PermissionDenied
from vidan.core.text import clean_text
from vidan.core.uploads import CheckedFile, UploadRefused
from vidan.org.actors import Actor
from vidan.org.models import Staff

PHOTO_SIZE = (360, 480)  # px, 3:4 as an ID photo; enough for the badge at 300 dpi and the public page


class BadgeRevoked(Conflict):
    code = "badge_revoked"


def _check(actor: Actor, commune_id: int | None) -> None:
    if commune_id is None or not actor.can("badge.manage", commune_id):
        raise PermissionDenied()


def _number_taken(number: str, member: Staff) -> bool:
    return (
        Badge.objects.filter(number=number).exists()
        or Staff.objects.filter(badge_number=number).exclude(pk=member.pk).exists()
    )


def _number_next(member: Staff) -> str:
    """The commune's next number, its counter moved on (the caller holds the counter's row lock)."""
    counter, _created = BadgeCounter.objects.get_or_create(commune_id=member.commune_id)
    counter = BadgeCounter.objects.select_for_update().get(pk=counter.pk)
    prefix = member.commune.unit.code
    while True:
        counter.last += 1
        number = f"{prefix}.{counter.last:02d}"
        if not _number_taken(number, member):
            counter.save(update_fields=["last"])
            return number


def _mirror(member: Staff, number: str | None) -> None:
    """The staff record shows the number of the valid badge (saved, so that cached copies of it are dropped)."""
    if member.badge_number != number:
        member.badge_number = number
        member.save(update_fields=["badge_number"])


@transaction.atomic
def badge_issue(*, actor: Actor, staff: Staff, on: date | None = None) -> Badge:
    """Issue a badge to an active officer of the commune who has no valid one."""
    _check(actor, staff.commune_id)
    member = Staff.objects.select_for_update(of=("self",)).select_related("commune__unit").get(pk=staff.pk)
    if not member.is_active:
        raise Conflict(_("%(name)s's account is switched off: a badge is issued only to a serving officer.")
                       % {"name": member.full_name})  # fmt: skip
    current = Badge.objects.filter(staff=member, revoked_on__isnull=True).first()
    if current is not None:
        raise Conflict(
            _("%(name)s already holds badge %(number)s. Revoke it first to issue another.")
            % {"name": member.full_name, "number": current.number}
        )
    legacy = member.badge_number
    adopted = bool(legacy) and not Badge.objects.filter(number=legacy).exists()
    number = legacy if adopted else _number_next(member)
    badge = Badge(
        commune_id=member.commune_id,
        staff=member,
        number=number,
        issued_on=on or timezone.localdate(),
        issued_by=actor.staff,
    )
    badge.full_clean(exclude=["commune", "staff", "issued_by"])
    badge.save()
    _mirror(member, number)
    audit_record(
        actor=actor,
        action="conduct.badge.issue",
        obj=badge,
        data={"number": number, "staff": member.pk, "kept": adopted},
    )
    return badge


@transaction.atomic
def badge_revoke(*, actor: Actor, badge: Badge, reason: str, on: date, note: str = "") -> Badge:
    """The badge stops being valid from `on`: the officer left the commune, or the badge was withdrawn (lost,
    damaged, replaced). Its public page says so from then on; it can no longer be printed."""
    _check(actor, badge.commune_id)
    locked = Badge.objects.select_for_update(of=("self",)).select_related("staff").get(pk=badge.pk)
    if locked.revoked_on is not None:
        raise BadgeRevoked(
            _("Badge %(number)s was already revoked on %(day)s.")
            % {"number": locked.number, "day": locked.revoked_on.strftime("%d/%m/%Y")}
        )
    if reason not in RevokeReason.values:
        raise DomainError(_("Choose why the badge is revoked."), field="reason")
    if on < locked.issued_on:
        raise DomainError(
            _("The badge was issued on %(day)s: it cannot be revoked before that.")
            % {"day": locked.issued_on.strftime("%d/%m/%Y")},
            field="revoked_on",
        )
    if on > timezone.localdate():
        raise DomainError(_("Record a revocation on the day it happens, not ahead of it."), field="revoked_on")
    member = locked.staff
    locked.revoked_on, locked.revoke_reason, locked.revoke_note = on, reason, clean_text(note)[:255]
    locked.revoked_by = actor.staff
    locked.name_when_revoked, locked.position_when_revoked = member.full_name, member.position
    locked.save(
        update_fields=[
            "revoked_on",
            "revoke_reason",
            "revoke_note",
            "revoked_by",
            "name_when_revoked",
            "position_when_revoked",
            "updated_at",
        ]
    )
    _mirror(member, None)
    audit_record(
        actor=actor,
        action="conduct.badge.revoke",
        obj=locked,
        data={"number": locked.number, "reason": reason, "on": str(on), "staff": member.pk},
    )
    return locked


def badge_for_print(*, actor: Actor, badge: Badge) -> Badge:
    """The badge, checked still valid, its printing recorded. A revoked badge is never printed again."""
    _check(actor, badge.commune_id)
    if badge.revoked_on is not None:
        raise BadgeRevoked(
            _("Badge %(number)s was revoked on %(day)s and cannot be printed again.")
            % {"number": badge.number, "day": badge.revoked_on.strftime("%d/%m/%Y")}
        )
    with transaction.atomic():
        audit_record(actor=actor, action="conduct.badge.print", obj=badge, data={"number": badge.number})
    return badge


@transaction.atomic
def officer_profile_save(*, actor: Actor, staff: Staff, reception_hours: str) -> OfficerProfile:
    """What the public profile says of when the officer receives citizens."""
    _check(actor, staff.commune_id)
    profile, _created = OfficerProfile.objects.get_or_create(staff=staff, defaults={"commune_id": staff.commune_id})
    before = profile.reception_hours
    profile.reception_hours = clean_text(reception_hours)
    profile.full_clean(exclude=["commune", "staff"])
    profile.save()
    audit_record(
        actor=actor,
        action="conduct.profile.edit",
        obj=staff,
        commune=staff.commune,
        data={"reception_hours": [before, profile.reception_hours]},
    )
    return profile


def _photo_normalised(checked: CheckedFile) -> bytes:
    """The photo as a 3:4 JPEG of PHOTO_SIZE, turned upright, cut to the middle: whatever the camera wrote (the
    place it was taken, a second image) is not kept."""
    if checked.content_type not in ("image/jpeg", "image/png"):
        raise UploadRefused(
            _("“%(name)s” is a PDF: the photo must be a JPEG or PNG image.") % {"name": checked.name}, field="photo"
        )
    checked.upload.seek(0)
    with Image.open(checked.upload) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image = ImageOps.fit(image, PHOTO_SIZE, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def officer_photo_set(*, actor: Actor, staff: Staff, checked: CheckedFile) -> Staff:
    """The officer's photo on the badge and the public profile, from an upload checked by vidan.core.uploads."""
    _check(actor, staff.commune_id)
    content = _photo_normalised(checked)
    member = Staff.objects.get(pk=staff.pk)
    old = member.photo.name
    member.photo.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
    new = member.photo.name
    try:
        with transaction.atomic():
            member.save(update_fields=["photo"])
            audit_record(actor=actor, action="conduct.profile.photo", obj=member, commune=member.commune)
            if old:
                transaction.on_commit(lambda: member.photo.storage.delete(old))
    except BaseException:
        member.photo.storage.delete(new)
        raise
    return member
