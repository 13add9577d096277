"""A dossier of the one-stop desk, rated once its result is handed over (status "returned": at the desk or by
post, NĐ 61/2018 Art. 20). What the dossier's data already says — done early, on time or late, an apology
given, how many times it went back to the citizen to be completed — is kept with the rating, never asked."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vidan.onestop.models import Dossier, DossierEvent, DossierStatus
from vidan.ratings.kinds import RATED_KINDS, RatedKind, Subject
from vidan.ratings.kinds.questions import AGENCIES, ATTITUDE, PUBLICATION

# The steps that send a dossier back to the citizen to complete it (TT 01/2018 Art. 13, indicator 3).
RETURN_ACTIONS = ("request_supplement", "return_incomplete")
DELIVERED = DossierStatus.RETURNED
BATCH = 500


def timeliness(finished_at, due_at, apologised: bool) -> str | None:
    """As the statistics of the desk count it: late when the result came after the appointment or needed an
    apology (form 04); early when it was ready on a day before the due day; else on time."""
    if finished_at is None or due_at is None:
        return None
    if apologised or finished_at > due_at:
        return "late"
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return "early"
    return "on_time"


def dossier_subject(subject_id: int) -> Subject | None:
    """The dossier as the ratings see it: the few columns they read, in one query, and its returns in another."""
    row = (
        Dossier.objects.filter(pk=subject_id)
        .values(
            "pk",
            "code",
            "status",
            "commune_id",
            "received_by_id",
            "finished_at",
            "due_at",
            "apologised",
            "channel",
            "applicant_phone",
            "procedure__code",
            "procedure__name",
        )
        # The returns counted in the same query (one round trip less on the rating's path).
        .annotate(returns=Count("events", filter=Q(events__action__in=RETURN_ACTIONS)))
        .order_by()
        .first()
    )
    if row is None or not row["code"]:
        return None
    refusal = ""
    if row["status"] != DELIVERED:
        refusal = _(
            "The result of this dossier has not been handed over yet (it is “%(status)s”). You can rate the "
            "service once you have received the result."
        ) % {"status": DossierStatus(row["status"]).label}
    returns = row["returns"]
    return Subject(
        kind="dossier",
        id=row["pk"],
        commune_id=row["commune_id"],
        title=_("Dossier %(code)s — %(procedure)s") % {"code": row["code"], "procedure": row["procedure__name"]},
        refusal=refusal,
        staff_id=row["received_by_id"],
        service_code=row["procedure__code"],
        service_name=row["procedure__name"],
        facts={
            "timeliness": timeliness(row["finished_at"], row["due_at"], row["apologised"]),
            "apologised": row["apologised"],
            "returns": returns,
            "online": row["channel"] == "online",
        },
        phone=row["applicant_phone"],
    )


def dossiers_delivered_since(after_id: int, not_before) -> tuple[list[int], int]:
    """Dossiers whose result was handed over after the event `after_id` and not before `not_before`, oldest
    first, and the last event read."""
    rows = list(
        DossierEvent.objects.filter(pk__gt=after_id, action="return_result", at__gte=not_before)
        .order_by("pk")
        .values_list("pk", "dossier_id")[:BATCH]
    )
    return [dossier_id for _pk, dossier_id in rows], (rows[-1][0] if rows else after_id)


RATED_KINDS.register(
    RatedKind(
        "dossier",
        gettext_lazy("Dossier"),
        once=True,
        subject=dossier_subject,
        questions=(AGENCIES, PUBLICATION, ATTITUDE),
        delivered_since=dossiers_delivered_since,
    )
)
