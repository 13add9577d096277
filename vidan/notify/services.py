"""Sending notices to staff."""

from django.db import transaction
from django.utils import timezone

from vidan.notify.models import OutboxChannel, OutboxMessage, OutboxState, StaffNotice
from vidan.notify.senders import SendFailed, send_email, send_sms


@transaction.atomic
def staff_notice_send(*, recipient, commune, text: str, link: str = "") -> StaffNotice:
    notice = StaffNotice(recipient=recipient, commune=commune, text=text[:300], link=link)
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def staff_notices_mark_read(*, recipient) -> int:
    return StaffNotice.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())


MAX_ATTEMPTS = 8


@transaction.atomic
def outbox_enqueue(*, commune, channel: str, recipient: str, subject: str = "", body: str, kind: str) -> OutboxMessage:
    """Write a message in the caller's transaction; it is sent once that transaction commits."""
    message = OutboxMessage(
        commune=commune, channel=channel, recipient=recipient.strip(), subject=subject[:200], body=body, kind=kind
    )
    message.full_clean(exclude=["commune"])
    message.save()
    transaction.on_commit(lambda: outbox_deliver(ids=[message.pk]))
    return message


def outbox_deliver(*, ids: list[int] | None = None, limit: int = 200) -> int:
    """Send pending messages (those named, or the oldest `limit`). Returns how many were sent. Idempotent: a
    message is locked while it is sent and marked sent once, so two runs never send it twice."""
    sent = 0
    pending = OutboxMessage.objects.filter(state=OutboxState.PENDING, attempts__lt=MAX_ATTEMPTS)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    for pk in list(pending.order_by("id").values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=OutboxState.PENDING)
                .first()
            )
            if message is None:
                continue
            message.attempts += 1
            try:
                if message.channel == OutboxChannel.EMAIL:
                    send_email(recipient=message.recipient, subject=message.subject, body=message.body)
                else:
                    send_sms(recipient=message.recipient, body=message.body)
            except SendFailed as error:
                message.last_error = str(error)[:300]
                if message.attempts >= MAX_ATTEMPTS:
                    message.state = OutboxState.FAILED
            else:
                message.state, message.sent_at = OutboxState.SENT, timezone.now()
                sent += 1
            message.save(update_fields=["attempts", "last_error", "state", "sent_at"])
    return sent
