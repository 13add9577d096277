"""Recovery codes: issued when an authenticator is set up, shown once, kept hashed, each good for one login."""

import re

from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import logged_in_client
from tests.factories import PASSWORD, make_staff
from tests.web.test_login import code_for
from vidan.audit.models import AuditEntry
from vidan.audit.verify import audit_verify
from vidan.org.models import RecoveryCode, Role
from vidan.org.recovery import RECOVERY_CODES

CODE = re.compile(r"<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code>")


def enrol(commune):
    """A leader who logs in for the first time and sets up the authenticator: the page that confirms it."""
    leader = make_staff(commune, Role.LEADER)
    client = Client()
    client.post("/staff/login/", {"username": leader.username, "password": PASSWORD})
    client.get("/staff/otp/setup/")
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    page = client.post("/staff/otp/setup/", {"token": code_for(device)})
    return leader, client, page


def second_step(staff, token: str) -> Client:
    client = Client()
    client.post("/staff/login/", {"username": staff.username, "password": PASSWORD})
    client.response = client.post("/staff/login/otp/", {"token": token}, follow=True)
    return client


def test_codes_are_shown_once_at_enrolment_and_kept_only_hashed(commune):
    # when a leader confirms their authenticator
    leader, client, page = enrol(commune)

    # then the answer shows ten codes, never kept by a browser, and the database holds none of them as written
    codes = CODE.findall(page.content.decode())
    assert len(codes) == RECOVERY_CODES == len(set(codes))
    assert "no-store" in page["Cache-Control"]
    stored = list(RecoveryCode.objects.filter(staff=leader).values_list("code_hash", flat=True))
    assert len(stored) == RECOVERY_CODES
    assert not any(code in value or code.replace("-", "") in value for code in codes for value in stored)
    # and no later page shows them again
    later = client.get("/staff/otp/recovery-codes/").content.decode()
    assert not CODE.findall(later)
    assert "Bạn còn 10 trong số 10 mã khôi phục đã được cấp." in later
    assert AuditEntry.objects.filter(action="auth.recovery_codes_issued", object_id=str(leader.pk)).exists()


def test_a_code_opens_the_second_step_once_and_the_count_left_is_shown(commune):
    leader, _client, page = enrol(commune)
    code = CODE.findall(page.content.decode())[0]

    # when the leader, without their phone, types a recovery code (in lower case, as it comes)
    first = second_step(leader, code.lower())

    # then they are in, told how many codes are left, and the use is audited
    assert first.response.redirect_chain[-1][0] == "/staff/"
    assert "Bạn còn 9 mã khôi phục." in first.response.content.decode()
    used = AuditEntry.objects.get(action="auth.recovery_code_used")
    assert used.object_id == str(leader.pk) and used.data == {"left": 9}

    # and the same code does not work a second time
    again = second_step(leader, code)
    assert "Mã xác thực không đúng hoặc đã hết hạn." in again.response.content.decode()
    assert again.get("/staff/").status_code == 302
    assert audit_verify().ok


@override_settings(VIDAN_LOGIN_MAX_FAILURES=3)
def test_wrong_recovery_codes_count_like_wrong_authenticator_codes(commune):
    leader, _client, page = enrol(commune)
    right = CODE.findall(page.content.decode())[0]
    device = TOTPDevice.objects.get(user=leader)
    client = Client()
    client.post("/staff/login/", {"username": leader.username, "password": PASSWORD})

    # a wrong code is refused and slows the next try, as a wrong authenticator code does
    wrong = client.post("/staff/login/otp/", {"token": "AAAA-BBBB-CCCC"})
    assert "Mã xác thực không đúng hoặc đã hết hạn." in wrong.content.decode()
    assert "Chờ vài giây" in client.post("/staff/login/otp/", {"token": right}).content.decode()

    # and wrong codes lock the account at the same count, even against a right code afterwards
    for _attempt in range(2):
        device.refresh_from_db()
        device.throttle_reset()
        last = client.post("/staff/login/otp/", {"token": "AAAA-BBBB-CCCC"})
    assert "tạm khóa" in last.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    assert "tạm khóa" in client.post("/staff/login/otp/", {"token": right}).content.decode()
    assert client.get("/staff/").status_code == 302
    assert RecoveryCode.objects.filter(staff=leader, used_at__isnull=True).count() == RECOVERY_CODES
    failures = AuditEntry.objects.filter(action__in=["auth.login_failed", "auth.locked"], object_id=str(leader.pk))
    assert {entry.data["reason"] for entry in failures} == {"recovery code"}


def test_new_codes_replace_the_old_ones(commune):
    leader, _client, page = enrol(commune)
    old = CODE.findall(page.content.decode())

    # when the leader asks for new codes
    client = logged_in_client(leader)
    fresh = CODE.findall(client.post("/staff/otp/recovery-codes/").content.decode())

    # then ten new ones are shown, and an old one no longer opens the second step while a new one does
    assert len(fresh) == RECOVERY_CODES and not set(fresh) & set(old)
    assert RecoveryCode.objects.filter(staff=leader).count() == RECOVERY_CODES
    assert "Mã xác thực không đúng" in second_step(leader, old[1]).response.content.decode()
    TOTPDevice.objects.get(user=leader).throttle_reset()  # as if the leader waited
    assert second_step(leader, fresh[1]).response.redirect_chain[-1][0] == "/staff/"
    assert AuditEntry.objects.filter(action="auth.recovery_codes_issued", object_id=str(leader.pk)).count() == 2


def test_the_codes_page_needs_the_second_factor_and_an_authenticator(commune, desk_officer):
    # a session of a leader that skipped the code step is sent back to login
    leader = make_staff(commune, Role.LEADER)
    skipped = Client()
    skipped.force_login(leader)
    assert skipped.post("/staff/otp/recovery-codes/")["Location"].startswith("/staff/login/")
    assert not RecoveryCode.objects.filter(staff=leader).exists()

    # a desk officer with no authenticator is sent to set one up first
    client = Client()
    client.force_login(desk_officer)
    assert client.get("/staff/otp/recovery-codes/")["Location"] == "/staff/otp/setup/"
