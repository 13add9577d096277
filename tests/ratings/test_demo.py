"""The demo's ratings: about two thirds of the dossiers handed over, each after its hand-over, once."""

from tests.ratings.factories import returned
from vidan.onestop.models import Dossier
from vidan.ratings.demo import ratings_generate
from vidan.ratings.models import Rating


def test_the_demo_rates_dossiers_handed_over_once_each(catalogue, commune, desk_officer):
    dossiers = [returned(desk_officer, commune) for _ in range(6)]
    made = ratings_generate(commune=commune, seed=1)
    assert made == Rating.objects.count() > 0
    for rating in Rating.objects.all():
        dossier = Dossier.objects.get(pk=rating.subject_id)
        assert dossier in dossiers and rating.created_at > dossier.returned_at
        assert rating.staff == desk_officer and rating.facts["timeliness"] in ("early", "on_time", "late")
    assert ratings_generate(commune=commune, seed=1) <= 6 - made
    assert Rating.objects.values("service_key").distinct().count() == Rating.objects.count()
