"""An officer, rated by the citizen they served (at the kiosk at their counter, or by a link they were given)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vidan.org.models import Staff
from vidan.ratings.kinds import RATED_KINDS, RatedKind, Subject
from vidan.ratings.kinds.questions import ATTITUDE


def staff_subject(subject_id: int) -> Subject | None:
    member = (
        Staff.objects.filter(pk=subject_id, commune__isnull=False)
        .only("pk", "commune_id", "full_name", "username", "is_active")
        .first()
    )
    if member is None:
        return None
    refusal = "" if member.is_active else _("This officer no longer works here: the link cannot be used.")
    return Subject(
        kind="staff",
        id=member.pk,
        commune_id=member.commune_id,
        title=_("The service of %(name)s") % {"name": member.full_name or member.username},
        refusal=refusal,
        staff_id=member.pk,
    )


RATED_KINDS.register(
    RatedKind("staff", gettext_lazy("Officer"), once=False, subject=staff_subject, questions=(ATTITUDE,))
)
