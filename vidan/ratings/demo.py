"""Ratings in the demo: about two in three of the dossiers each demo commune has handed over are rated, an hour
or two after the hand-over, mostly satisfied, with a few comments; what each dossier's data knew kept with it."""

import random
from datetime import timedelta

from django.apps import apps
from django.db import transaction

from vidan.org.demo import DemoContext, demo_step
from vidan.ratings.kinds import rated_kind
from vidan.ratings.models import Rating, RatingChannel, RatingLevel

COMMENTS = (
    "Cán bộ hướng dẫn tận tình, dễ hiểu.",
    "Trả kết quả đúng hẹn, cảm ơn bộ phận một cửa.",
    "Phải chờ hơi lâu ở quầy.",
    "Nên có thêm ghế chờ cho người già.",
    "",
    "",
    "",
)
LEVELS = (
    [RatingLevel.VERY_SATISFIED] * 5 + [RatingLevel.SATISFIED] * 4 + [RatingLevel.NOT_SATISFIED]
)  # about 90 % satisfied
CHANNELS = (RatingChannel.RECEIPT, RatingChannel.SMS, RatingChannel.SMS, RatingChannel.LOOKUP)


def ratings_generate(*, commune, seed: int) -> int:
    """Rate about two thirds of the commune's dossiers handed over and not yet rated. Returns how many."""
    kind = rated_kind("dossier")
    if kind is None:
        return 0
    Dossier = apps.get_model("onestop", "Dossier")
    chance = random.Random(seed)
    rated = set(Rating.objects.filter(commune=commune, kind="dossier").values_list("subject_id", flat=True))
    rows = []
    returned = Dossier.objects.filter(commune=commune, status="returned").exclude(pk__in=rated).order_by("pk")
    for dossier_id, returned_at in returned.values_list("pk", "returned_at"):
        if chance.random() > 0.67 or returned_at is None:
            continue
        subject = kind.subject(dossier_id)
        level = chance.choice(LEVELS)
        comment = chance.choice(COMMENTS)
        rows.append(
            Rating(
                commune=commune,
                kind="dossier",
                subject_id=dossier_id,
                service_key=f"dossier:{dossier_id}",
                staff_id=subject.staff_id,
                service_code=subject.service_code,
                service_name=subject.service_name,
                channel=chance.choice(CHANNELS),
                level=level,
                comment=comment,
                answers={"attitude": "courteous" if level != RatingLevel.NOT_SATISFIED else "uneven"},
                facts=subject.facts,
                created_at=returned_at + timedelta(minutes=chance.randrange(20, 180)),
            )
        )
    with transaction.atomic():
        Rating.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@demo_step
def ratings_demo(ctx: DemoContext) -> None:
    for seed, (_slug, commune) in enumerate(sorted(ctx.communes.items()), start=31):
        ratings_generate(commune=commune, seed=seed)
