"""What the citizen is told, by SMS and e-mail, at the steps that concern them: received, supplement needed,
result ready, apology; for online dossiers also submitted and refused. Always in Vietnamese, whatever the
language of the officer who acted."""

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vidan.notify.models import OutboxChannel
from vidan.notify.services import outbox_enqueue
from vidan.onestop.models import Channel, Dossier, ResultDelivery


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y")


def _text(dossier: Dossier, kind: str, note: str) -> str:
    commune = f"UBND {dossier.commune.unit.kind} {dossier.commune.name}"
    if kind == "received":
        # An online applicant gets no paper receipt: their PIN was shown when they sent the dossier.
        text = (
            _(
                "%(commune)s received your dossier %(code)s (%(procedure)s). Result due at %(due)s. "
                "Look it up with the code and the PIN you were shown when you sent it."
            )
            if dossier.channel == Channel.ONLINE
            else _(
                "%(commune)s received your dossier %(code)s (%(procedure)s). Result due at %(due)s. "
                "Look it up with the code and the PIN on your receipt."
            )
        )
        return text % {
            "commune": commune,
            "code": dossier.label,
            "procedure": dossier.procedure.name,
            "due": _when(dossier.due_at),
        }
    if kind == "submitted":
        return _(
            "%(commune)s has your online dossier %(code)s (%(procedure)s). The one-stop desk will check it and "
            "tell you whether it is received. Follow it with the code and the PIN you were shown."
        ) % {"commune": commune, "code": dossier.label, "procedure": dossier.procedure.name}
    if kind == "supplement":
        return _(
            "%(commune)s: your online dossier %(code)s (%(procedure)s) needs more documents: %(note)s. "
            "Send them from the dossier lookup page, with the code and the PIN."
        ) % {"commune": commune, "code": dossier.label, "procedure": dossier.procedure.name, "note": note.rstrip(" .")}
    if kind == "refused":
        return _("%(commune)s cannot receive your dossier %(code)s (%(procedure)s). Reasons: %(note)s") % {
            "commune": commune,
            "code": dossier.label,
            "procedure": dossier.procedure.name,
            "note": note,
        }
    if kind == "result_ready" and dossier.result_delivery == ResultDelivery.POST:
        return _("%(commune)s: the result of dossier %(code)s is ready and goes to you by post, to %(address)s.") % {
            "commune": commune,
            "code": dossier.label,
            "address": dossier.applicant_address,
        }
    if kind == "result_ready":
        return _("%(commune)s: the result of dossier %(code)s is ready. Please collect it at the one-stop desk.") % {
            "commune": commune,
            "code": dossier.label,
        }
    if kind == "apology":
        return _(
            "%(commune)s apologises: dossier %(code)s will be late. New appointment: %(due)s. Reason: %(note)s"
        ) % {"commune": commune, "code": dossier.label, "due": _when(dossier.due_at), "note": note}
    raise ValueError(kind)


def citizen_notify(dossier: Dossier, kind: str, note: str = "") -> None:
    """Queue the message for this step to the applicant's phone and e-mail, whichever they gave."""
    with translation.override("vi"):
        body = _text(dossier, kind, note)
        subject = _("Dossier %(code)s") % {"code": dossier.label}
    if dossier.applicant_phone:
        outbox_enqueue(
            commune=dossier.commune, channel=OutboxChannel.SMS, recipient=dossier.applicant_phone, body=body, kind=kind
        )
    if dossier.applicant_email:
        outbox_enqueue(
            commune=dossier.commune,
            channel=OutboxChannel.EMAIL,
            recipient=dossier.applicant_email,
            subject=subject,
            body=body,
            kind=kind,
        )
