"""The pages: a citizen's rating page, the kiosk, and what the back office shows, to whom."""

import re

import pytest
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import make_staff
from tests.onestop.factories import received
from tests.ratings.factories import link_token, rate, returned
from vidan.org.models import Role
from vidan.ratings.models import KioskDevice, Rating, RatingInvitation


@pytest.fixture
def leader(commune):
    return make_staff(commune, Role.LEADER, full_name="Lê Văn Chủ Tịch")


@pytest.fixture
def dossier(catalogue, commune, desk_officer, leader):
    return returned(desk_officer, commune, leader=leader)


def test_a_citizen_rates_from_the_link_and_sees_the_thanks(dossier):
    token = link_token(dossier)
    page = Client().get(f"/danh-gia/{token}/")
    assert page.status_code == 200
    assert "Rất hài lòng" in page.content.decode() and dossier.code in page.content.decode()
    sent = Client().post(f"/danh-gia/{token}/", {"level": "very_satisfied", "comment": "Tốt", "attitude": "courteous"})
    assert sent.status_code == 302 and sent["Location"] == "/danh-gia/cam-on/"
    assert Rating.objects.get().level == "very_satisfied"
    # The same link again: refused with the reason, nothing changed
    again = Client().post(f"/danh-gia/{token}/", {"level": "not_satisfied"})
    assert again.status_code == 409
    assert "Liên kết đánh giá này đã được dùng" in again.content.decode()
    assert Rating.objects.get().level == "very_satisfied"
    # And opening it shows the same reason, without the form
    reopened = Client().get(f"/danh-gia/{token}/")
    assert "đã được dùng" in reopened.content.decode() and 'name="level"' not in reopened.content.decode()


def test_a_form_with_mistakes_keeps_what_was_typed(dossier):
    token = link_token(dossier)
    response = Client().post(f"/danh-gia/{token}/", {"level": "", "comment": "Cán bộ rất nhiệt tình", "attitude": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Chọn một trong ba mức đánh giá." in text and "Chọn một trong các câu trả lời có sẵn." in text
    assert "Cán bộ rất nhiệt tình" in text
    assert not Rating.objects.exists() and RatingInvitation.objects.get().used_at is None


def test_a_dossier_not_handed_over_shows_why_it_cannot_be_rated(catalogue, commune, desk_officer):
    dossier = received(desk_officer, commune)
    token = link_token(dossier)
    response = Client().post(f"/danh-gia/{token}/", {"level": "satisfied"})
    assert response.status_code == 409
    assert "chưa được trả kết quả" in response.content.decode()
    assert not Rating.objects.exists()


def test_an_unknown_link_is_a_clear_404(db):
    response = Client().get("/danh-gia/khong-co-ma-nay/")
    assert response.status_code == 404
    assert "Liên kết đánh giá không đúng" in response.content.decode()


def test_the_lookup_page_offers_the_link_after_the_pin_only_while_it_can_be_rated(dossier, desk_officer):
    from vidan.onestop.codes import pin_new
    from vidan.onestop.models import Dossier

    pin, pin_hash = pin_new()
    Dossier.objects.filter(pk=dossier.pk).update(pin_hash=pin_hash)
    without_pin = Client().get("/tra-cuu/", {"ma": dossier.code})
    assert "/danh-gia/" not in without_pin.content.decode()
    with_pin = Client().post("/tra-cuu/", {"ma": dossier.code, "pin": pin})
    links = re.findall(r'href="(/danh-gia/[a-z2-7]+/)"', with_pin.content.decode())
    assert len(links) == 1
    assert Client().post(links[0], {"level": "satisfied"}).status_code == 302
    after = Client().post("/tra-cuu/", {"ma": dossier.code, "pin": pin})
    assert "/danh-gia/" not in after.content.decode()


@pytest.mark.django_db
def test_an_officers_page_and_the_api_show_no_raters_identity(dossier, commune, desk_officer, leader):
    # Given three ratings of the desk officer's dossiers, one with a phone number in its comment
    rate(dossier, "very_satisfied", comment="Gọi lại cho tôi số 0912 345 678 nhé")
    for level in ("satisfied", "not_satisfied"):
        rate(returned(desk_officer, commune, leader=leader, phone="0987 654 321"), level, comment="Chờ lâu")
    secrets_ = [
        dossier.code,
        "0912",
        "345 678",
        "0987",
        "127.0.0.1",
        *RatingInvitation.objects.values_list("token_hash", flat=True),
    ]
    # When the officer opens their page
    page = logged_in_client(desk_officer).get("/staff/danh-gia/cua-toi/")
    text = page.content.decode()
    # Then the counts and the comments show, anonymised, and nothing that tells who rated
    assert page.status_code == 200
    assert re.search(r'id="count-total">3<', text) and re.search(r'id="count-very_satisfied">1<', text)
    assert "Gọi lại cho tôi số […] nhé" in text and "Chờ lâu" in text
    assert not [secret for secret in secrets_ if secret in text]
    # And the officer cannot open the commune's list
    assert logged_in_client(desk_officer).get("/staff/danh-gia/").status_code == 403
    # And the API says the same, no more
    from tests.factories import actor_of
    from vidan.api.tokens import api_token_issue

    _token, raw = api_token_issue(actor=actor_of(desk_officer), staff=desk_officer, name="t")
    answer = Client().get(f"/api/v1/communes/{commune.id}/ratings/mine", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["counts"]["total"] == 3 and body["comments_withheld"] is False
    assert not [secret for secret in secrets_ if secret in answer.content.decode()]
    assert set(body) == {"counts", "comments", "comments_withheld"}
    refused = Client().get(f"/api/v1/communes/{commune.id}/ratings", headers={"Authorization": f"Bearer {raw}"})
    assert refused.status_code == 403


def test_an_officer_with_fewer_than_three_ratings_sees_no_comment(dossier, desk_officer):
    rate(dossier, "satisfied", comment="Cán bộ nói nhỏ quá")
    text = logged_in_client(desk_officer).get("/staff/danh-gia/cua-toi/").content.decode()
    assert "Cán bộ nói nhỏ quá" not in text and "quá ít đánh giá" in text


def test_the_leader_sees_the_communes_ratings_counted_and_filtered(dossier, commune, desk_officer, leader):
    rate(dossier, "very_satisfied")
    rate(returned(desk_officer, commune, leader=leader, code="HT-01"), "not_satisfied", comment="Email a@b.vn")
    client = logged_in_client(leader)
    text = client.get("/staff/danh-gia/").content.decode()
    assert re.search(r'id="count-total">2<', text) and re.search(r'id="satisfaction-rate">50.0 %<', text)
    assert "Trần Thị Hoa" in text and "Email […]" in text and dossier.code not in text
    filtered = client.get("/staff/danh-gia/", {"muc": "not_satisfied"}).content.decode()
    assert re.search(r'id="count-total">1<', filtered)
    bad = client.get("/staff/danh-gia/", {"muc": "rat-tot", "tu": "31/02/2026"})
    assert bad.status_code == 400 and "Hãy chọn trong danh sách." in bad.content.decode()


def kiosk_client(officer, **post):
    client = logged_in_client(officer)
    response = client.post("/staff/danh-gia/quay/", {"name": "Quầy số 1", **post})
    assert response.status_code == 302 and response["Location"] == "/quay-danh-gia/"
    return client


def test_a_kiosk_is_registered_rates_and_thanks_then_resets(commune, desk_officer, settings):
    settings.VIDAN_KIOSK_RESET_SECONDS = 3
    client = kiosk_client(desk_officer, staff=str(desk_officer.pk))
    device = KioskDevice.objects.get()
    assert device.staff == desk_officer and client.cookies["vidan_kiosk"].value not in device.key_hash
    # The tablet needs no login: its cookie alone opens the kiosk
    tablet = Client()
    tablet.cookies["vidan_kiosk"] = client.cookies["vidan_kiosk"].value
    client = tablet
    page = client.get("/quay-danh-gia/")
    assert page.status_code == 200 and "Trần Thị Hoa" in page.content.decode()
    tapped = client.post("/quay-danh-gia/", {"level": "satisfied"})
    assert tapped.status_code == 302
    thanks = client.get(tapped["Location"])
    assert thanks["Refresh"] == "3; url=/quay-danh-gia/"
    rating = Rating.objects.get()
    assert (rating.kind, rating.staff, rating.channel, rating.device) == ("staff", desk_officer, "kiosk", device)


def test_a_second_kiosk_rating_within_the_limit_is_refused_and_counts_nothing(commune, desk_officer, settings):
    settings.VIDAN_KIOSK_RATINGS_PER_MINUTE = 1
    client = kiosk_client(desk_officer)
    assert client.post("/quay-danh-gia/", {"level": "satisfied"}).status_code == 302
    second = client.post("/quay-danh-gia/", {"level": "not_satisfied"})
    assert second.status_code == 429
    assert "thiết bị vừa nhận một lượt đánh giá" in second.content.decode()
    assert list(Rating.objects.values_list("level", flat=True)) == ["satisfied"]


def test_a_kiosk_switched_off_or_unknown_takes_nothing(commune, desk_officer):
    client = kiosk_client(desk_officer)
    device = KioskDevice.objects.get()
    assert client.post(f"/staff/danh-gia/quay/{device.pk}/tat/").status_code == 302
    assert client.post("/quay-danh-gia/", {"level": "satisfied"}).status_code == 403
    assert Client().get("/quay-danh-gia/").status_code == 403
    assert not Rating.objects.exists()


def test_a_kiosk_refuses_a_forged_officer_and_a_level_not_offered(commune, other_commune, desk_officer):
    stranger = make_staff(other_commune, Role.DESK_OFFICER)
    client = logged_in_client(desk_officer)
    response = client.post("/staff/danh-gia/quay/", {"name": "", "staff": str(stranger.pk)})
    assert response.status_code == 400 and not KioskDevice.objects.exists()
    text = response.content.decode()
    assert "Đặt tên cho thiết bị" in text and "Chọn một cán bộ đang công tác tại xã này." in text
    kiosk = kiosk_client(desk_officer)
    assert kiosk.post("/quay-danh-gia/", {"level": "tuyet-voi"}).status_code == 400
    assert not Rating.objects.exists()


def test_the_communes_page_runs_a_bounded_number_of_queries(
    commune, desk_officer, leader, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_staff as officer

    staff = [officer(commune, Role.SPECIALIST) for _ in range(5)]
    Rating.objects.bulk_create(
        Rating(
            commune=commune,
            kind="dossier",
            subject_id=n,
            service_key=f"dossier:{n}",
            staff=staff[n % 5],
            service_code=f"HT-0{n % 7}",
            service_name=f"Thủ tục {n % 7}",
            channel="sms",
            level=("very_satisfied", "satisfied", "not_satisfied")[n % 3],
            comment="Tốt" if n % 2 else "",
            created_at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(150)
    )
    client = logged_in_client(leader)
    with django_assert_max_num_queries(20):
        response = client.get("/staff/danh-gia/", {"tu": "01/01/2000", "den": "31/12/2099"})
    assert response.status_code == 200 and re.search(r'id="count-total">150<', response.content.decode())
