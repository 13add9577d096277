"""Reading a staff member's notices."""

from django.core.cache import caches

from vidan.notify.models import StaffNotice

# Seconds the unread count in the back office's header may lag: each process keeps it in its own memory (a
# round trip to Redis would cost more than the count); a new notice or marking them read drops it at once in
# the process that wrote, and within this time everywhere else.
UNREAD_TTL = 15


def _unread_key(recipient_id: int) -> str:
    return f"vidan:notify:unread:{recipient_id}"


def unread_notice_count(recipient) -> int:
    """How many notices the recipient has not read: on every back-office page, so kept in the cache."""
    key = _unread_key(recipient.pk)
    count = caches["local"].get(key)
    if count is None:
        count = StaffNotice.objects.filter(recipient=recipient, read_at__isnull=True).count()
        caches["local"].set(key, count, UNREAD_TTL)
    return count


def unread_notice_count_drop(recipient_id: int) -> None:
    caches["local"].delete(_unread_key(recipient_id))


def recent_notices(recipient, limit: int = 50):
    return StaffNotice.objects.filter(recipient=recipient).order_by("-id")[:limit]
