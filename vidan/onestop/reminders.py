"""`vidan tick`'s one-stop job: a dossier due within its rules' lead (one working day) that is not ready asks
its officer for the apology with a new appointment (form 04), which must come before it is due (NĐ 61/2018
Art. 19(9)); a same-day dossier is reminded at the first tick after its receipt. Each dossier is reminded once;
the leader sees them all in the "due soon" and "late" queues."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from vidan import workdays
from vidan.notify.services import staff_notice_send
from vidan.onestop.models import Dossier, DossierStatus
from vidan.onestop.services import commune_calendar
from vidan.onestop.versions import dossier_rules

NOT_READY = (
    DossierStatus.RECEIVED,
    DossierStatus.ASSIGNED,
    DossierStatus.PROCESSING,
    DossierStatus.FOR_APPROVAL,
)


def apology_reminders_send() -> int:
    """Remind the officer of every dossier that needs an apology and was not reminded yet. Idempotent."""
    now = timezone.now()
    # One working day can span a long holiday: look a fortnight ahead, then decide with the calendar.
    candidates = (
        Dossier.objects.filter(
            status__in=NOT_READY,
            apologised=False,
            apology_reminded_at__isnull=True,
            # Past its due date the apology can no longer be given: the dossier is late, in the "late" queue.
            due_at__gte=now,
            due_at__lte=now + timedelta(days=14),
        )
        .select_related("commune__unit__parent", "procedure", "rules")
        .order_by("id")
    )
    reminded = 0
    calendars = {}
    for dossier in candidates.iterator(chunk_size=500):
        calendar = calendars.setdefault(dossier.commune_id, commune_calendar(dossier.commune))
        # The lead is the rule of the dossier's version (one working day); a same-day dossier is reminded at once.
        lead = dossier_rules(dossier).apology_lead_days
        if workdays.standing(calendar, dossier.due_at, now).remaining > lead:
            continue
        recipient_id = dossier.assignee_id or dossier.received_by_id
        with transaction.atomic():
            updated = Dossier.objects.filter(pk=dossier.pk, apology_reminded_at__isnull=True).update(
                apology_reminded_at=now
            )
            if not updated or recipient_id is None:
                continue
            with override("vi"):
                text = _(
                    "Dossier %(code)s (%(procedure)s) is due %(due)s and not ready: write the apology with a new "
                    "appointment (form 04)."
                ) % {
                    "code": dossier.code,
                    "procedure": dossier.procedure.name,
                    "due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y"),
                }
            staff_notice_send(
                recipient=dossier.assignee or dossier.received_by,
                commune=dossier.commune,
                text=text,
                link=reverse("onestop:desk-dossier", args=[dossier.pk]),
            )
        reminded += 1
    return reminded
