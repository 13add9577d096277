"""Sending notices to staff, and messages to citizens through the outbox."""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from vidan.core.rows import row_insert
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
    # Now, and again after the commit: a page read in between would cache the old count.
    recipient_id = recipient.pk
    unread_notice_count_drop(recipient_id)
    transaction.on_commit(lambda: unread_notice_count_drop(recipient_id))
    return marked


MAX_ATTEMPTS = 8
# How long to wait after each failed attempt before the next: a gateway that is down for a while is not given
# up on within seconds when `vidan deliver` comes round every 2 seconds.
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=3),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
)
# How long an attempt may take before another deliverer may take the message over (the sender's own timeout
# is shorter): a deliverer that died while sending does not leave its message pending for ever.
ATTEMPT_LEASE = timedelta(minutes=5)


def outbox_enqueue(*, commune, channel: str, recipient: str, subject: str = "", body: str, kind: str) -> OutboxMessage:
    """Write a message in the caller's transaction (one INSERT: no savepoint of its own). `vidan deliver` sends
    it; with VIDAN_OUTBOX_SEND_IN_REQUEST (development, tests) the request sends it once its transaction
    commits."""
    message = OutboxMessage(
        commune=commune, channel=channel, recipient=recipient.strip(), subject=subject[:200], body=body, kind=kind
    )
    _outbox_message_check(message)
    row_insert(message)
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


# A deliverer that dies after a message's send and before its mark sends it again once its lease has passed:
# marks are written at least this often (in seconds), so that is at most the messages of the last second.
MARK_EVERY = 1.0
# A deliverer stops sending its batch once this much of the lease has gone (in seconds), and gives the rest
# back: a slow gateway never lets a lease run out while its message still waits in a batch, for another
# deliverer to take it too. What is left is more than the sender's own timeout.
SEND_WITHIN = ATTEMPT_LEASE.total_seconds() / 2
# The deliverer's clock, for the two intervals above.
_clock = time.monotonic


def outbox_deliver(*, ids: list[int] | None = None, limit: int = 200) -> int:
    """Send the pending messages that are due (those named, or the oldest `limit`). Returns how many were sent.

    Safe with several deliverers at once, and never holding a lock while a gateway answers: the batch is first
    claimed in one short transaction (each message's attempt counted, one lease for the batch, rows another
    deliverer is claiming skipped), then sent outside any transaction, then marked sent (together, at least
    every MARK_EVERY seconds) or given its next attempt's time. A batch not sent within SEND_WITHIN seconds
    gives the rest back. Every mark is made only while the claim is still this deliverer's. A message marked
    sent is never sent again; a deliverer that dies between the gateway's answer and the mark may send the last
    second's messages twice once their lease has passed, never lose one."""
    batch, lease = _outbox_claim(ids=ids, limit=limit)
    claimed_at = marked_at = _clock()
    sent, unmarked, done = 0, [], 0
    try:
        for pk, attempts, channel, recipient, subject, body in batch:
            if unmarked and _clock() - marked_at >= MARK_EVERY:
                sent += _outbox_mark_sent(unmarked, lease)
                unmarked, marked_at = [], _clock()
            if _clock() - claimed_at >= SEND_WITHIN:
                break
            done += 1
            try:
                if channel == OutboxChannel.EMAIL:
                    send_email(recipient=recipient, subject=subject, body=body)
                else:
                    send_sms(recipient=recipient, body=body)
            except SendFailed as error:
                _outbox_failed(pk, attempts + 1, error, lease)
            else:
                unmarked.append(pk)
    finally:  # also when a sender fails unexpectedly: what went out is marked, the rest waits for its lease
        sent += _outbox_mark_sent(unmarked, lease)
    if done < len(batch):
        _outbox_release([row[0] for row in batch[done:]], lease)
    return sent


@transaction.atomic
def _outbox_claim(*, ids: list[int] | None, limit: int) -> tuple[list[tuple], datetime]:
    """The due messages this deliverer takes, as (id, attempts before this one, channel, recipient, subject,
    body), and their lease: the moment until which they are this deliverer's, which also tells its claim
    from a later one. The rows are locked while they are read and claimed (on SQLite the write lock is), so two
    deliverers never take the same one; rows another deliverer is claiming are skipped, not waited for."""
    now = timezone.now()
    lease = now + ATTEMPT_LEASE
    due = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), state=OutboxState.PENDING
    )
    if ids is not None:
        due = due.filter(pk__in=ids)
    batch = list(due.order_by("id").values_list("pk", "attempts", "channel", "recipient", "subject", "body")[:limit])
    if batch:
        OutboxMessage.objects.filter(pk__in=[row[0] for row in batch]).update(
            attempts=F("attempts") + 1, next_attempt_at=lease
        )
    return batch, lease


def _claimed(ids: list[int], lease: datetime):
    """Those of the messages still claimed under this lease: not taken since by another deliverer."""
    return OutboxMessage.objects.filter(pk__in=ids, state=OutboxState.PENDING, next_attempt_at=lease)


def _outbox_mark_sent(ids: list[int], lease: datetime) -> int:
    if not ids:
        return 0
    return _claimed(ids, lease).update(state=OutboxState.SENT, sent_at=timezone.now(), next_attempt_at=None)


def _outbox_release(ids: list[int], lease: datetime) -> None:
    """Give back messages claimed and not tried: due again at once, their attempt not counted."""
    _claimed(ids, lease).update(attempts=F("attempts") - 1, next_attempt_at=None)


def _outbox_failed(pk: int, attempts: int, error: SendFailed, lease: datetime) -> None:
    """After the `attempts`-th failed attempt: the next one later, or none after MAX_ATTEMPTS."""
    outcome = {"last_error": str(error)[:300]}
    if attempts >= MAX_ATTEMPTS:
        outcome.update(state=OutboxState.FAILED, next_attempt_at=None)
        logger.warning("outbox: message %s given up after %s attempts: %s", pk, attempts, error)
    else:
        outcome["next_attempt_at"] = timezone.now() + RETRY_AFTER[attempts - 1]
    _claimed([pk], lease).update(**outcome)
