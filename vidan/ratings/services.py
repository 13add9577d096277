"""Writing ratings: the one-time links, a citizen's rating through one, the kiosks and their taps.

Every refusal says why in the citizen's words and changes nothing. A rating records nothing of who gave it:
its audit entry names no address either, so that nobody who reads the log can tell the rater (NĐ 61/2018
Art. 27(3))."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.errors import Conflict, DomainError, FieldsRefused, NotFound, PermissionDenied
from vidan.core.rows import row_insert
from vidan.core.throttle import window_count
from vidan.org.actors import Actor
from vidan.org.models import Commune, Staff
from vidan.ratings.kinds import RatedKind, Subject, rated_kind
from vidan.ratings.models import (
    COMMENT_MAX,
    KioskDevice,
    Rating,
    RatingChannel,
    RatingInvitation,
    RatingLevel,
)
from vidan.ratings.tokens import token_for, token_hash, token_random, token_well_formed

# Who a rating's audit entry names: a citizen, without an address.
RATER = Actor(label_override="citizen")


class Throttled(DomainError):
    code = "too_many_attempts"
    status = 429


def link_unknown() -> str:
    return _("This rating link is not valid. Check that the whole address was copied, or scan the QR code again.")


def link_used() -> str:
    return _("This rating link has already been used. Each link rates a service once; thank you for your rating.")


def already_rated() -> str:
    return _("This service has already been rated. A service received is rated only once; thank you.")


# -- the links -------------------------------------------------------------------------------------------


def invitation_issue(*, kind: str, subject: Subject, channel: str) -> str:
    """The token of the link to rate `subject` by `channel`, its invitation stored (its hash only) if it was not
    yet. The same service and channel always give the same token."""
    token = token_for(kind, subject.id, channel)
    digest = token_hash(token)
    if not RatingInvitation.objects.filter(token_hash=digest).exists():
        try:
            with transaction.atomic():
                RatingInvitation.objects.create(
                    commune_id=subject.commune_id,
                    kind=kind,
                    subject_id=subject.id,
                    channel=channel,
                    token_hash=digest,
                    created_at=timezone.now(),
                )
        except IntegrityError:
            pass  # issued meanwhile by another request: the same token
    return token


def invitation_by_token(token: str, *, lock: bool = False) -> RatingInvitation:
    """The invitation of a token (under its row lock with `lock`, in the caller's transaction)."""
    token = (token or "").strip().lower()
    invitations = RatingInvitation.objects.select_for_update() if lock else RatingInvitation.objects
    invitation = invitations.filter(token_hash=token_hash(token)).first() if token_well_formed(token) else None
    if invitation is None:
        raise NotFound(link_unknown())
    return invitation


def invitation_subject(invitation: RatingInvitation) -> tuple[RatedKind, Subject]:
    kind = rated_kind(invitation.kind)
    subject = kind.subject(invitation.subject_id) if kind is not None else None
    if subject is None:
        raise NotFound(link_unknown())
    return kind, subject


def rating_refusal(invitation: RatingInvitation, kind: RatedKind, subject: Subject, *, rated_checked=True) -> str:
    """Why this link cannot rate now (empty: it can): used, the service already rated, or not delivered yet.
    Without `rated_checked` the service's earlier rating is left to the database's unique key to refuse."""
    if invitation.used_at is not None:
        return link_used()
    if rated_checked and kind.once and Rating.objects.filter(service_key=_service_key(kind, subject)).exists():
        return already_rated()
    return subject.refusal


def _service_key(kind: RatedKind, subject: Subject) -> str | None:
    return f"{kind.code}:{subject.id}" if kind.once else None


# -- a rating ----------------------------------------------------------------------------------------------


def _level_checked(level: str) -> str:
    if level not in RatingLevel.values:
        raise FieldsRefused({"level": [_("Choose one of the three levels.")]})
    return level


def _comment_checked(comment: str) -> str:
    comment = " ".join((comment or "").replace("\x00", "").split())
    if len(comment) > COMMENT_MAX:
        raise FieldsRefused(
            {
                "comment": [
                    _("The comment is too long: at most %(n)s characters, please shorten it.") % {"n": COMMENT_MAX}
                ]
            }
        )
    return comment


def _answers_checked(kind: RatedKind, answers: dict) -> dict:
    """The answers given, each one of its question's choices (an unanswered question is left out)."""
    kept, errors = {}, {}
    for question in kind.questions:
        value = (answers or {}).get(question.code) or ""
        if not value:
            continue
        if question.choice(value) is None:
            errors[question.code] = [_("Choose one of the answers offered.")]
        else:
            kept[question.code] = value
    if errors:
        raise FieldsRefused(errors)
    return kept


@transaction.atomic
def rating_submit(*, token: str, level: str, comment: str = "", answers: dict | None = None) -> Rating:
    """A citizen rates the service a one-time link names. Refused, with nothing changed: a link unknown or
    already used, a service already rated (by another link), a service not delivered yet, a level not offered,
    a comment too long, an answer not offered."""
    invitation = invitation_by_token(token, lock=True)
    kind, subject = invitation_subject(invitation)
    # A service already rated through another link is refused by the unique key, below.
    refusal = rating_refusal(invitation, kind, subject, rated_checked=False)
    if refusal:
        raise Conflict(refusal)
    checked, errors = {}, {}
    for name, check in (
        ("level", lambda: _level_checked(level)),
        ("comment", lambda: _comment_checked(comment)),
        ("answers", lambda: _answers_checked(kind, answers or {})),
    ):
        try:
            checked[name] = check()
        except FieldsRefused as refused:
            errors.update(refused.fields)
    if errors:
        raise FieldsRefused(errors)
    now = timezone.now()
    rating = Rating(
        commune_id=subject.commune_id,
        kind=kind.code,
        subject_id=subject.id,
        service_key=_service_key(kind, subject),
        staff_id=subject.staff_id,
        service_code=subject.service_code,
        service_name=subject.service_name,
        channel=invitation.channel,
        level=level,
        comment=checked["comment"],
        answers=checked["answers"],
        facts=subject.facts,
        created_at=now,
    )
    try:
        # No savepoint: a second rating of the service (two links at once) ends the whole transaction.
        row_insert(rating)
    except IntegrityError:
        raise Conflict(already_rated()) from None
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    audit_record(
        actor=RATER,
        action="ratings.rating.submit",
        obj=rating,
        commune=Commune(pk=subject.commune_id),  # its id is all the entry needs: no query for the rest
        data={"kind": kind.code, "channel": invitation.channel, "level": level},
    )
    return rating


# -- kiosks ------------------------------------------------------------------------------------------------


def kiosk_key_new() -> str:
    return token_random() + token_random()


def _counter_officer(commune, staff_id) -> Staff | None:
    if staff_id in (None, ""):
        return None
    try:
        return Staff.objects.get(pk=int(staff_id), commune=commune, is_active=True)
    except (Staff.DoesNotExist, TypeError, ValueError):
        raise FieldsRefused({"staff": [_("Choose an active officer of this commune.")]}) from None


@transaction.atomic
def kiosk_register(*, actor: Actor, commune, name: str, staff_id=None) -> tuple[KioskDevice, str]:
    """Register the browser of a tablet at the desk as a kiosk of `commune`. Returns the device and its key,
    which the browser keeps in a cookie (only its hash is stored)."""
    if not actor.can("rating.kiosk", commune.id):
        raise PermissionDenied()
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = [_("Give the kiosk a name, e.g. “Counter 1”.")]
    elif len(name) > 80:
        errors["name"] = [_("At most 80 characters.")]
    officer = None
    try:
        officer = _counter_officer(commune, staff_id)
    except FieldsRefused as refused:
        errors.update(refused.fields)
    if errors:
        raise FieldsRefused(errors)
    key = kiosk_key_new()
    device = KioskDevice(
        commune=commune,
        name=name,
        staff=officer,
        key_hash=token_hash(key),
        registered_by=actor.staff,
        registered_at=timezone.now(),
    )
    device.full_clean(exclude=["commune", "staff", "registered_by"])
    device.save()
    audit_record(
        actor=actor,
        action="ratings.kiosk.register",
        obj=device,
        commune=commune,
        data={"name": name, "staff": officer.pk if officer else None},
    )
    return device, key


@transaction.atomic
def kiosk_revoke(*, actor: Actor, device: KioskDevice) -> KioskDevice:
    device = KioskDevice.objects.select_for_update().get(pk=device.pk)
    if not actor.can("rating.kiosk", device.commune_id):
        raise PermissionDenied()
    if device.revoked_at is not None:
        raise Conflict(_("This kiosk was already switched off."))
    device.revoked_at = timezone.now()
    device.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="ratings.kiosk.revoke", obj=device, commune=device.commune)
    return device


def kiosk_by_key(key: str) -> KioskDevice | None:
    if not key or len(key) > 200:
        return None
    return (
        KioskDevice.objects.select_related("commune__unit", "staff")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True)
        .first()
    )


def kiosk_throttled() -> str:
    return _(
        "Thank you: this kiosk has just taken a rating. Please wait a moment before the next one; each citizen "
        "rates once."
    )


@transaction.atomic
def kiosk_rate(*, device: KioskDevice, level: str) -> Rating:
    """A tap on the kiosk: the desk's service, or the officer at the counter, rated at `level`. A device takes
    at most VIDAN_KIOSK_RATINGS_PER_MINUTE a minute: more is refused and counts nothing."""
    _level_checked(level)
    limit = settings.VIDAN_KIOSK_RATINGS_PER_MINUTE
    if limit and window_count(f"ratings.kiosk:{device.pk}", 60) > limit:
        raise Throttled(kiosk_throttled())
    rating = Rating(
        commune=device.commune,
        kind="staff" if device.staff_id else "desk",
        subject_id=device.staff_id,
        staff_id=device.staff_id,
        channel=RatingChannel.KIOSK,
        level=level,
        device=device,
        created_at=timezone.now(),
    )
    rating.save(force_insert=True)
    audit_record(
        actor=RATER,
        action="ratings.rating.kiosk",
        obj=rating,
        commune=device.commune,
        data={"device": device.pk, "level": level},
    )
    return rating
