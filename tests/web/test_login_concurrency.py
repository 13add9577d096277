"""Parallel guesses are counted one after the other: none slips past the lock-out."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import override_settings

from tests.factories import make_commune, make_staff
from vidan.audit.models import AuditEntry
from vidan.audit.verify import audit_verify
from vidan.org.login import LoginRefused, login_check_password
from vidan.org.models import Role, Staff


def attempt(username: str) -> str:
    try:
        login_check_password(username=username, password="doan-mo", ip="127.0.0.1")
    except LoginRefused as refusal:
        return str(refusal.message)
    finally:
        connection.close()
    return "accepted"


@pytest.mark.django_db(transaction=True)
@override_settings(VIDAN_LOGIN_MAX_FAILURES=5)
def test_eight_simultaneous_wrong_passwords_lock_the_account_once():
    member = make_staff(make_commune(name="Thuận Hóa"), Role.DESK_OFFICER)

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, [member.username] * 8))

    assert "accepted" not in outcomes
    counts = {
        action: AuditEntry.objects.filter(action=action, object_id=str(member.pk)).count()
        for action in ("auth.login_failed", "auth.locked", "auth.login_blocked")
    }
    assert counts == {"auth.login_failed": 4, "auth.locked": 1, "auth.login_blocked": 3}
    assert Staff.objects.get(pk=member.pk).is_locked()
    assert audit_verify().ok
