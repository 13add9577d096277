from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice


def test_tick_clears_expired_sessions_and_abandoned_setups_and_is_idempotent(desk_officer, capsys):
    # given an expired and a live session, an old unconfirmed and a confirmed device
    for age in (-1, 1):
        store = SessionStore()
        store.create()
        Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + timedelta(days=age))
    abandoned = TOTPDevice.objects.create(user=desk_officer, name="old", confirmed=False)
    TOTPDevice.objects.filter(pk=abandoned.pk).update(created_at=timezone.now() - timedelta(days=2))
    kept = TOTPDevice.objects.create(user=desk_officer, name="phone", confirmed=True)

    # when the timer runs twice
    call_command("tick")
    call_command("tick")

    # then only the live session and the confirmed device remain
    assert Session.objects.count() == 1
    assert list(TOTPDevice.objects.all()) == [kept]
    output = capsys.readouterr().out
    assert "sessions.clear_expired: 1 handled" in output
    assert "sessions.clear_expired: 0 handled" in output


def test_a_job_name_that_does_not_exist_is_refused_with_the_list_of_jobs(db):
    from django.core.management.base import CommandError

    try:
        call_command("tick", "--only", "outbox.send,onestop.nothing")
    except CommandError as error:
        message = str(error)
    else:
        raise AssertionError("an unknown job ran nothing and said nothing")
    assert "no job named onestop.nothing" in message and "outbox.send" in message
