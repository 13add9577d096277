"""Messages to citizens are written with the change they report; `vidan deliver` (or, in development, the
request once it commits) sends them, each once; failures retry, spaced out, then give up."""

import io
import json
import signal
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from tests.factories import actor_of, make_commune, make_staff
from tests.onestop.factories import load_catalogue
from tests.onestop.test_online import form_data, url
from vidan.notify import services
from vidan.notify.management.commands import deliver
from vidan.notify.models import OutboxChannel, OutboxMessage, OutboxState
from vidan.notify.services import MAX_ATTEMPTS, RETRY_AFTER, outbox_deliver, outbox_enqueue
from vidan.onestop.models import Dossier, Procedure
from vidan.onestop.services import dossier_receive_at_desk
from vidan.org.models import Role


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.VIDAN_SMS_SENDER = "file"
    settings.VIDAN_SMS_FILE = str(tmp_path / "sms.jsonl")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path / "sms.jsonl"


def sms_sent(sms_file) -> list[dict]:
    if not sms_file.exists():
        return []
    return [json.loads(line) for line in sms_file.read_text(encoding="utf-8").splitlines()]


def enqueue(commune, body: str = "x") -> OutboxMessage:
    return outbox_enqueue(commune=commune, channel=OutboxChannel.SMS, recipient="0912345678", body=body, kind="t")


def deliver_once() -> str:
    out = io.StringIO()
    call_command("deliver", "--once", stdout=out)
    return out.getvalue()


def test_in_development_a_receipt_sends_an_sms_and_an_email_after_commit(
    commune, sms_file, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.VIDAN_OUTBOX_SEND_IN_REQUEST = True
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
    sms = sms_sent(sms_file)
    assert sms[0]["to"] == "0912345678"
    assert dossier.code in sms[0]["text"] and "đã tiếp nhận hồ sơ" in sms[0]["text"]
    assert mail.outbox[0].to == ["lan@example.vn"] and dossier.code in mail.outbox[0].subject
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}


def test_in_production_a_submission_leaves_its_message_to_the_deliverer(
    commune, sms_file, settings, django_capture_on_commit_callbacks
):
    # given a web worker that does not send (production)
    settings.VIDAN_OUTBOX_SEND_IN_REQUEST = False
    load_catalogue()
    birth = Procedure.objects.get(code="HT-01")
    # when a citizen submits a dossier
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert Client().post(url(commune, birth), form_data(birth)).status_code == 302
    # then, its transaction committed, the message waits unsent
    assert callbacks  # what the request asked to run after its commit did run
    dossier = Dossier.objects.get()
    message = OutboxMessage.objects.get()
    assert message.state == OutboxState.PENDING and dossier.reference in message.body
    assert sms_sent(sms_file) == []
    # and `vidan deliver --once` sends it, once
    assert deliver_once() == "deliver: 1 sent\n"
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.sent_at is not None and message.attempts == 1
    assert [sms["to"] for sms in sms_sent(sms_file)] == ["0912345678"]
    assert dossier.reference in sms_sent(sms_file)[0]["text"]


def test_deliver_once_sends_everything_pending_in_batches_and_never_resends(commune, sms_file, monkeypatch):
    # given more pending messages than one batch holds, and one already sent
    monkeypatch.setattr(deliver, "BATCH", 3)
    done = enqueue(commune, "đã gửi")
    OutboxMessage.objects.filter(pk=done.pk).update(state=OutboxState.SENT, attempts=1)
    for n in range(7):
        enqueue(commune, f"tin {n}")
    # when the deliverer runs twice
    first, second = deliver_once(), deliver_once()
    # then each pending message went once, the sent one never again
    assert (first, second) == ("deliver: 7 sent\n", "deliver: 0 sent\n")
    assert sorted(sms["text"] for sms in sms_sent(sms_file)) == [f"tin {n}" for n in range(7)]
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}


def test_a_failing_gateway_is_retried_spaced_out_then_given_up(commune, settings):
    # given a gateway that always fails
    settings.VIDAN_SMS_SENDER = "nowhere"
    message = enqueue(commune)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert outbox_deliver() == 0
        message.refresh_from_db()
        assert message.attempts == attempt
        # a deliverer coming round again at once does not try again yet
        assert outbox_deliver() == 0
        message.refresh_from_db()
        assert message.attempts == attempt
        # once the wait for the next attempt has passed, it does
        if attempt < MAX_ATTEMPTS:
            assert RETRY_AFTER[attempt - 1] - timedelta(seconds=5) < message.next_attempt_at - timezone.now()
            OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    # then after MAX_ATTEMPTS it is given up
    assert (message.state, message.attempts) == (OutboxState.FAILED, MAX_ATTEMPTS)
    assert "nowhere" in message.last_error
    assert outbox_deliver() == 0

    # and a working gateway sends the next message at once, only once
    settings.VIDAN_SMS_SENDER = "console"
    second = enqueue(commune, "y")
    assert outbox_deliver() == 1 and outbox_deliver() == 0
    second.refresh_from_db()
    assert second.state == OutboxState.SENT


def test_a_deliverer_that_breaks_mid_batch_has_marked_what_went_out(commune, monkeypatch):
    # given five pending messages, marks written after each send, and a gateway that breaks on the third
    monkeypatch.setattr(services, "MARK_EVERY", 0)
    messages = [enqueue(commune, f"tin {n}") for n in range(5)]
    gateway = []

    def breaking_gateway(*, recipient: str, body: str) -> None:
        if body == "tin 2":
            raise RuntimeError("the gateway's library crashed")
        gateway.append(body)

    monkeypatch.setattr(services, "send_sms", breaking_gateway)
    # when the deliverer runs, and stops on the unexpected error
    with pytest.raises(RuntimeError):
        outbox_deliver()
    # then the two that went out are marked sent, never to go again; the others wait out their lease
    states = dict(OutboxMessage.objects.values_list("body", "state"))
    assert gateway == ["tin 0", "tin 1"]
    assert [states[m.body] for m in messages] == [OutboxState.SENT] * 2 + [OutboxState.PENDING] * 3
    assert outbox_deliver() == 0 and gateway == ["tin 0", "tin 1"]
    assert all(
        m.attempts == 1 and m.next_attempt_at > timezone.now() + timedelta(minutes=4)
        for m in OutboxMessage.objects.filter(state=OutboxState.PENDING)
    )


def test_a_slow_gateway_never_outlives_the_lease_and_a_taken_claim_is_not_marked(commune, monkeypatch):
    # given six messages, a gateway slow enough that the batch cannot all go within the time allowed
    monkeypatch.setattr(services, "SEND_WITHIN", 250)
    clock = [0.0]
    monkeypatch.setattr(services, "_clock", lambda: clock[0])
    for n in range(6):
        enqueue(commune, f"tin {n}")
    gateway = []

    def slow_gateway(*, recipient: str, body: str) -> None:
        clock[0] += 100  # seconds
        gateway.append(body)
        if body == "tin 1":  # meanwhile its lease ran out and another deliverer took it: a new lease
            OutboxMessage.objects.filter(body=body).update(next_attempt_at=timezone.now() + timedelta(minutes=9))

    monkeypatch.setattr(services, "send_sms", slow_gateway)
    # when the deliverer runs once
    first = outbox_deliver()
    # then it sent what it could in time and gave the rest back, untried and due at once
    assert gateway == ["tin 0", "tin 1", "tin 2"] and first == 2
    rows = {m.body: m for m in OutboxMessage.objects.all()}
    assert rows["tin 0"].state == rows["tin 2"].state == OutboxState.SENT
    assert rows["tin 1"].state == OutboxState.PENDING  # the other deliverer's to mark, not this one's
    assert all(rows[f"tin {n}"].attempts == 0 and rows[f"tin {n}"].next_attempt_at is None for n in (3, 4, 5))
    # and the next round sends the rest, each once
    monkeypatch.setattr(services, "SEND_WITHIN", 1000)
    assert outbox_deliver() == 3 and gateway[3:] == ["tin 3", "tin 4", "tin 5"]


def test_an_invalid_message_is_refused_before_it_is_written(commune):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        outbox_enqueue(commune=commune, channel="pigeon", recipient=" ", body="", kind="t")
    assert set(refused.value.message_dict) == {"channel", "recipient", "body"}
    assert not OutboxMessage.objects.exists()


def _deliver_in_thread(results: list, barrier: threading.Barrier) -> None:
    try:
        barrier.wait()
        results.append(outbox_deliver())
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_deliverers_at_once_send_each_message_exactly_once(monkeypatch, settings):
    # given 30 pending messages and a gateway slow enough for two deliverers to overlap
    settings.VIDAN_OUTBOX_SEND_IN_REQUEST = False
    commune = make_commune(name="Thuận Hóa")
    for n in range(30):
        enqueue(commune, f"tin {n}")
    gateway, lock = [], threading.Lock()

    def slow_gateway(*, recipient: str, body: str) -> None:
        time.sleep(0.002)
        with lock:
            gateway.append(body)

    monkeypatch.setattr(services, "send_sms", slow_gateway)
    # when two deliverers start together
    results, barrier = [], threading.Barrier(2)
    threads = [threading.Thread(target=_deliver_in_thread, args=(results, barrier)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every message reached the gateway exactly once, and each is counted by the one that sent it
    assert sorted(gateway) == sorted(f"tin {n}" for n in range(30))
    assert sum(results) == 30
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {(OutboxState.SENT, 1)}


@pytest.mark.django_db(transaction=True)
def test_the_deliverer_survives_a_failed_round_and_stops_cleanly_on_sigterm(monkeypatch, caplog, settings):
    # given a pending message, and a database that fails the deliverer's first round
    settings.VIDAN_OUTBOX_SEND_IN_REQUEST = False
    commune = make_commune(name="Thuận Hóa")
    message = enqueue(commune)
    monkeypatch.setattr(services, "send_sms", lambda *, recipient, body: None)
    rounds = []

    def flaky_deliver(**kwargs):
        rounds.append(kwargs)
        if len(rounds) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        sent = outbox_deliver(**kwargs)
        signal.raise_signal(signal.SIGTERM)  # the service manager stops it during its second round
        return sent

    monkeypatch.setattr(deliver, "outbox_deliver", flaky_deliver)
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    # when the deliverer runs until stopped
    call_command("deliver", "--every", "0.01", stdout=out)
    # then the failed round was logged, the next one sent the message, and SIGTERM ended it between batches
    assert len(rounds) == 2
    assert "this round failed" in caplog.text and "server closed the connection" in caplog.text
    assert out.getvalue().splitlines()[1:] == ["deliver: 1 sent", "deliver: stopped"]
    message.refresh_from_db()
    assert message.state == OutboxState.SENT
    assert signal.getsignal(signal.SIGTERM) is before
