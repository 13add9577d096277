"""Sending notices to staff, and messages to citizens through the outbox."""

import logging
from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vidan.notify.models import OutboxChannel, OutboxMessage, OutboxState, StaffNotice
from vidan.notify.selectors import unread_notice_count_drop
from vidan.notify.senders import SendFailed, send_email, send_sms

logger = logging.getLogger(__name__)


@transaction.atomic
def staff_notice_send(*, recipient, commune, text: str, link: str = "") -> StaffNotice:
    notice = StaffNotice(recipient=recipient, commune=commune, text=text[:300], link=link)
    notice.full_clean()
    notice.save()
    recipient_id = recipient.pk
    transaction.on_commit(lambda: unread_notice_count_drop(recipient_id))
    return notice


@transaction.atomic
def staff_notices_mark_read(*, recipient) -> int:
    marked = StaffNotice.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())
    unread_notice_count_drop(recipient.pk)
    return marked


MAX_ATTEMPTS = 8
# How long after it was written a message is tried again, by the attempts already made: a gateway that is
# down for a while is not given up on within seconds when `vidan deliver` comes round every 2 seconds.
RETRY_AFTER = (
    timedelta(0),
    timedelta(minutes=1),
    timedelta(minutes=3),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
)
assert len(RETRY_AFTER) == MAX_ATTEMPTS


def outbox_enqueue(*, commune, channel: str, recipient: str, subject: str = "", body: str, kind: str) -> OutboxMessage:
    """Write a message in the caller's transaction (one INSERT: no savepoint of its own). `vidan deliver` sends
    it; with VIDAN_OUTBOX_SEND_IN_REQUEST (development, tests) the request sends it once its transaction
    commits."""
    message = OutboxMessage(
        commune=commune, channel=channel, recipient=recipient.strip(), subject=subject[:200], body=body, kind=kind
    )
    _outbox_message_check(message)
    message.save(force_insert=True)
    if settings.VIDAN_OUTBOX_SEND_IN_REQUEST:
        transaction.on_commit(lambda: outbox_deliver(ids=[message.pk]))
    return message


def _outbox_message_check(message: OutboxMessage) -> None:
    """What full_clean() would refuse in the fields a caller sets (the others have their defaults); a
    programming error, never a citizen's."""
    errors = {}
    if message.channel not in OutboxChannel.values:
        errors["channel"] = f"unknown channel {message.channel!r}"
    if not message.recipient or len(message.recipient) > 254:
        errors["recipient"] = "a recipient of 1 to 254 characters is needed"
    if not message.body:
        errors["body"] = "the message is empty"
    if not message.kind or len(message.kind) > 40:
        errors["kind"] = "a kind of 1 to 40 characters is needed"
    if errors:
        raise ValidationError(errors)


def _due(now) -> Q:
    """Pending messages whose next attempt is due."""
    return Q(state=OutboxState.PENDING) & reduce(
        or_,
        (
            Q(attempts=attempts, created_at__lte=now - wait) if attempts else Q(attempts=0)
            for attempts, wait in enumerate(RETRY_AFTER)
        ),
    )


def outbox_deliver(*, ids: list[int] | None = None, limit: int = 200) -> int:
    """Send the pending messages that are due (those named, or the oldest `limit`). Returns how many were sent.

    Idempotent, and safe with several deliverers at once: each message is sent in a transaction of its own,
    holding its row (PostgreSQL: locked, and skipped by the others; SQLite: the write lock, taken at BEGIN) and
    only if it has not changed since it was read; it is marked sent in that same transaction, so a sent message
    is never sent again. A crash between the gateway's answer and the commit may send that one message twice,
    never lose it."""
    due = OutboxMessage.objects.filter(_due(timezone.now()))
    if ids is not None:
        due = due.filter(pk__in=ids)
    batch = list(due.order_by("id").values_list("pk", "attempts", "channel", "recipient", "subject", "body")[:limit])
    sent = 0
    for pk, attempts, channel, recipient, subject, body in batch:
        with transaction.atomic():
            # The text of a message never changes: the row is locked only to own this attempt.
            mine = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=OutboxState.PENDING, attempts=attempts)
                .values_list("pk", flat=True)
            )
            if not list(mine):
                continue  # sent, tried or being sent by another deliverer since the batch was read
            outcome = {"attempts": attempts + 1}
            try:
                if channel == OutboxChannel.EMAIL:
                    send_email(recipient=recipient, subject=subject, body=body)
                else:
                    send_sms(recipient=recipient, body=body)
            except SendFailed as error:
                outcome["last_error"] = str(error)[:300]
                if attempts + 1 >= MAX_ATTEMPTS:
                    outcome["state"] = OutboxState.FAILED
                    logger.warning("outbox: message %s given up after %s attempts: %s", pk, attempts + 1, error)
            else:
                outcome.update(state=OutboxState.SENT, sent_at=timezone.now())
                sent += 1
            OutboxMessage.objects.filter(pk=pk).update(**outcome)
    return sent
