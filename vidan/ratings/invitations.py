"""The links sent by SMS once a service is handed over: `vidan tick` reads each kind's hand-overs on from where
it stopped (InvitationCursor), issues the SMS link of each one with a phone number and queues the message.
Idempotent: a service already invited by SMS is not texted again. A service handed over more than
RECENT ago is not texted (the first run on an installation with years of dossiers texts nobody from the past)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vidan.notify.models import OutboxChannel
from vidan.notify.services import outbox_enqueue
from vidan.ratings.kinds import rated_kinds
from vidan.ratings.links import rating_path, site_url
from vidan.ratings.models import InvitationCursor, RatingChannel, RatingInvitation
from vidan.ratings.services import invitation_issue

RECENT = timedelta(days=3)


def sms_text(subject, url: str) -> str:
    with translation.override("vi"):
        return _("%(commune)s thanks you. Please rate the service you received (%(title)s): %(url)s") % {
            "commune": f"UBND {subject.commune.unit.kind} {subject.commune.name}",
            "title": subject.title,
            "url": url,
        }


def invitations_send() -> int:
    """Text the rating link of every service handed over since the last run. Returns how many were queued."""
    sent = 0
    for kind in rated_kinds():
        if kind.delivered_since is None:
            continue
        with transaction.atomic():
            cursor, _created = InvitationCursor.objects.select_for_update().get_or_create(kind=kind.code)
            subject_ids, last = kind.delivered_since(cursor.last_id, timezone.now() - RECENT)
            for subject_id in subject_ids:
                subject = kind.subject(subject_id)
                if subject is None or subject.refusal or not subject.phone:
                    continue
                already = RatingInvitation.objects.filter(
                    kind=kind.code, subject_id=subject_id, channel=RatingChannel.SMS
                ).exists()
                if already:
                    continue
                token = invitation_issue(kind=kind.code, subject=subject, channel=RatingChannel.SMS)
                outbox_enqueue(
                    commune=subject.commune,
                    channel=OutboxChannel.SMS,
                    recipient=subject.phone,
                    body=sms_text(subject, site_url() + rating_path(token)),
                    kind="rating_invitation",
                )
                sent += 1
            cursor.last_id = last
            cursor.save(update_fields=["last_id"])
    return sent
