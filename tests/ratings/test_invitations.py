"""The rating link texted once a dossier's result is handed over: once, to its applicant, only for a recent
hand-over, and a link that works."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from tests.onestop.factories import received
from tests.ratings.factories import returned
from vidan.notify.models import OutboxMessage
from vidan.ratings.invitations import invitations_send
from vidan.ratings.models import Rating, RatingInvitation


@pytest.fixture
def invitations(db):
    OutboxMessage.objects.all().delete()
    return lambda: OutboxMessage.objects.filter(kind="rating_invitation")


def test_a_dossier_handed_over_gets_its_link_by_sms_once(catalogue, commune, desk_officer, invitations, settings):
    settings.VIDAN_SITE_URL = "https://thuanhoa.example.gov.vn"
    open_dossier = received(desk_officer, commune, phone="0988 111 222")
    dossier = returned(desk_officer, commune)
    assert invitations_send() == 1
    message = invitations().get()
    assert message.recipient == dossier.applicant_phone and message.channel == "sms"
    assert dossier.code in message.body and "đánh giá" in message.body
    url = re.search(r"https://thuanhoa\.example\.gov\.vn(/danh-gia/[a-z2-7]+/)", message.body).group(1)
    # Running again sends nothing more; the dossier still open got nothing
    assert invitations_send() == 0 and invitations().count() == 1
    assert not RatingInvitation.objects.filter(subject_id=open_dossier.pk).exists()
    # The link rates the dossier
    assert Client().post(url, {"level": "satisfied"}).status_code == 302
    assert Rating.objects.get().channel == "sms"


@pytest.mark.clock
def test_a_hand_over_long_ago_is_not_texted(clock, catalogue, commune, desk_officer, invitations):
    returned(desk_officer, commune)
    clock.shift(timedelta(days=4))
    assert invitations_send() == 0 and not invitations().exists()


def test_a_dossier_without_a_phone_gets_no_sms(catalogue, commune, desk_officer, invitations):
    returned(desk_officer, commune, phone="")
    assert invitations_send() == 0 and not invitations().exists()
