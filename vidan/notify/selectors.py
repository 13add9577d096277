"""Reading a staff member's notices."""

from vidan.notify.models import StaffNotice


def unread_notice_count(recipient) -> int:
    return StaffNotice.objects.filter(recipient=recipient, read_at__isnull=True).count()


def recent_notices(recipient, limit: int = 50):
    return StaffNotice.objects.filter(recipient=recipient).order_by("-id")[:limit]
