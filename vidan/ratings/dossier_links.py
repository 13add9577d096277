"""The rating link of a dossier (vidan.onestop.links): on the receipt always (the page says "not yet" until the
result is handed over), on the lookup page only while the dossier can be rated."""

from django.utils.translation import gettext as _

from vidan.onestop.links import RECEIPT, Link
from vidan.ratings.kinds import rated_kind
from vidan.ratings.links import rating_path
from vidan.ratings.models import Rating, RatingChannel
from vidan.ratings.services import invitation_issue

CAPTION = "Sau khi nhận kết quả, quét mã này để đánh giá mức độ hài lòng (mỗi hồ sơ được đánh giá một lần)."


def dossier_rating_link(dossier, place: str) -> Link | None:
    kind = rated_kind("dossier")
    subject = kind.subject(dossier.pk) if kind is not None else None
    if subject is None:
        return None
    channel = RatingChannel.RECEIPT if place == RECEIPT else RatingChannel.LOOKUP
    if place != RECEIPT and (subject.refusal or Rating.objects.filter(service_key=f"dossier:{subject.id}").exists()):
        return None
    token = invitation_issue(kind=kind.code, subject=subject, channel=channel)
    return Link(path=rating_path(token), label=_("Rate the service you received"), caption=CAPTION)
