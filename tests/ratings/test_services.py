"""A citizen rates a service through its one-time link: what is stored, and each refusal, which changes
nothing."""

import pytest

from tests.onestop.factories import received
from tests.ratings.factories import link_token, rate, returned
from vidan.audit.models import AuditEntry
from vidan.core.errors import Conflict, FieldsRefused, NotFound
from vidan.ratings.models import Rating, RatingInvitation
from vidan.ratings.services import rating_submit


@pytest.fixture
def dossier(catalogue, commune, desk_officer):
    return returned(desk_officer, commune)


def state():
    return (
        Rating.objects.count(),
        list(RatingInvitation.objects.values_list("used_at", flat=True)),
        AuditEntry.objects.filter(action__startswith="ratings.").count(),
    )


def test_a_dossier_handed_over_is_rated_once_with_what_its_data_knows(dossier, desk_officer):
    # When the citizen rates through the receipt's QR code
    rating = rate(
        dossier, "very_satisfied", comment="  Cán bộ   nhiệt tình ", answers={"attitude": "courteous", "agencies": ""}
    )
    # Then the rating names the service, the officer who received it and what the data knew, never the citizen
    assert (rating.kind, rating.subject_id, rating.service_key) == ("dossier", dossier.pk, f"dossier:{dossier.pk}")
    assert rating.staff == desk_officer
    assert rating.service_code == "HT-04" and rating.channel == "receipt"
    assert rating.comment == "Cán bộ nhiệt tình"
    assert rating.answers == {"attitude": "courteous"}
    assert rating.facts == {"timeliness": "early", "apologised": False, "returns": 0, "online": False} or (
        rating.facts["timeliness"] in ("early", "on_time")
    )
    stored = str(Rating.objects.filter(pk=rating.pk).values().get())
    assert dossier.applicant_phone not in stored and "0912" not in stored
    entry = AuditEntry.objects.get(action="ratings.rating.submit")
    assert entry.ip in (None, "") and entry.actor_id is None and "0912" not in str(entry.data)
    assert RatingInvitation.objects.get(channel="receipt").used_at is not None


def test_a_reused_link_is_refused_and_changes_nothing(dossier):
    token = link_token(dossier)
    rating_submit(token=token, level="satisfied")
    before = state()
    with pytest.raises(Conflict) as refused:
        rating_submit(token=token, level="not_satisfied")
    assert "đã được dùng" in str(refused.value.message)
    assert state() == before
    assert Rating.objects.get().level == "satisfied"


def test_a_second_rating_of_the_same_service_is_refused_and_changes_nothing(dossier):
    rate(dossier, channel="receipt")
    sms_token = link_token(dossier, "sms")
    before = state()
    with pytest.raises(Conflict) as refused:
        rating_submit(token=sms_token, level="not_satisfied")
    assert "đã được đánh giá" in str(refused.value.message)
    assert state() == before


def test_a_service_not_delivered_yet_is_refused_and_changes_nothing(catalogue, commune, desk_officer):
    dossier = received(desk_officer, commune)
    token = link_token(dossier)
    before = state()
    with pytest.raises(Conflict) as refused:
        rating_submit(token=token, level="satisfied")
    assert "chưa được trả kết quả" in str(refused.value.message)
    assert state() == before


def test_an_unknown_or_malformed_link_is_not_found(db):
    for token in ("", "abc", "a" * 26, "<script>", "x" * 5000):
        with pytest.raises(NotFound) as refused:
            rating_submit(token=token, level="satisfied")
        assert "không đúng" in str(refused.value.message)


def test_a_wrong_level_a_long_comment_and_an_answer_not_offered_are_refused_together(dossier):
    token = link_token(dossier)
    before = state()
    with pytest.raises(FieldsRefused) as refused:
        rating_submit(token=token, level="great", comment="x" * 501, answers={"attitude": "rude"})
    assert set(refused.value.fields) == {"level", "comment", "attitude"}
    assert state() == before
    # The link still works
    assert rating_submit(token=token, level="satisfied", comment="x" * 500).comment == "x" * 500


def test_the_database_itself_refuses_a_second_rating_of_a_service(dossier):
    from django.db import IntegrityError, transaction

    first = rate(dossier)
    duplicate = Rating(
        commune=first.commune,
        kind="dossier",
        subject_id=dossier.pk,
        service_key=first.service_key,
        channel="sms",
        level="not_satisfied",
        created_at=first.created_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Rating.objects.count() == 1


def test_the_returns_to_the_citizen_are_counted_not_asked(catalogue, commune, desk_officer):
    from tests.factories import make_staff
    from tests.onestop.factories import step
    from vidan.org.models import Role

    leader, specialist = make_staff(commune, Role.LEADER), make_staff(commune, Role.SPECIALIST)
    dossier = received(desk_officer, commune)
    step(desk_officer, dossier, "assign", assignee=specialist)
    step(specialist, dossier, "start")
    step(specialist, dossier, "return_incomplete", note="Thiếu bản sao giấy khai sinh")
    step(desk_officer, dossier, "resume_complete")
    for who, action in ((specialist, "submit_for_approval"), (leader, "approve"), (specialist, "mark_result_ready")):
        step(who, dossier, action)
    step(desk_officer, dossier, "return_result")
    rating = rate(dossier, "satisfied")
    assert rating.facts["returns"] == 1 and rating.facts["apologised"] is False
