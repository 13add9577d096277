"""Sending notices to staff."""

from django.db import transaction
from django.utils import timezone

from vidan.notify.models import StaffNotice


@transaction.atomic
def staff_notice_send(*, recipient, commune, text: str, link: str = "") -> StaffNotice:
    notice = StaffNotice(recipient=recipient, commune=commune, text=text[:300], link=link)
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def staff_notices_mark_read(*, recipient) -> int:
    return StaffNotice.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())
