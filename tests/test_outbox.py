"""Messages to citizens are written with the change they report and sent after it commits; failures retry."""

import json

import pytest

from tests.factories import actor_of, make_staff
from tests.onestop.factories import load_catalogue
from vidan.notify.models import OutboxMessage, OutboxState
from vidan.notify.services import MAX_ATTEMPTS, outbox_deliver
from vidan.onestop.models import Procedure
from vidan.onestop.services import dossier_receive_at_desk
from vidan.org.models import Role


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.VIDAN_SMS_SENDER = "file"
    settings.VIDAN_SMS_FILE = str(tmp_path / "sms.jsonl")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path / "sms.jsonl"


def test_a_receipt_sends_an_sms_and_an_email_after_commit(commune, sms_file, django_capture_on_commit_callbacks):
    from django.core import mail

    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _pin = dossier_receive_at_desk(
            actor=actor_of(desk),
            commune=commune,
            procedure=Procedure.objects.get(code="HT-04"),
            applicant_name="Nguyễn Thị Lan",
            applicant_phone="0912345678",
            applicant_email="lan@example.vn",
        )
    sms = [json.loads(line) for line in sms_file.read_text(encoding="utf-8").splitlines()]
    assert sms[0]["to"] == "0912345678"
    assert dossier.code in sms[0]["text"] and "đã tiếp nhận hồ sơ" in sms[0]["text"]
    assert mail.outbox[0].to == ["lan@example.vn"] and dossier.code in mail.outbox[0].subject
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}


def test_a_failing_gateway_is_retried_by_tick_then_given_up(commune, settings):
    from vidan.notify.models import OutboxChannel
    from vidan.notify.services import outbox_enqueue

    settings.VIDAN_SMS_SENDER = "nowhere"
    message = outbox_enqueue(commune=commune, channel=OutboxChannel.SMS, recipient="0912345678", body="x", kind="t")
    for _run in range(MAX_ATTEMPTS + 2):
        assert outbox_deliver() == 0
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.FAILED, MAX_ATTEMPTS)
    assert "nowhere" in message.last_error

    settings.VIDAN_SMS_SENDER = "console"
    second = outbox_enqueue(commune=commune, channel=OutboxChannel.SMS, recipient="0912345678", body="y", kind="t")
    assert outbox_deliver() == 1 and outbox_deliver() == 0
    second.refresh_from_db()
    assert second.state == OutboxState.SENT
