from base64 import b32encode

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, make_staff
from vidan.audit.models import AuditEntry
from vidan.audit.verify import audit_verify
from vidan.org.models import Role, Staff


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_desk_officer_logs_in_with_password_and_lands_in_the_back_office(desk_officer):
    client = Client()
    response = client.post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    home = client.get("/staff/")
    assert home.status_code == 200
    assert "Thuận Hóa" in home.content.decode()
    assert AuditEntry.objects.filter(action="auth.login", actor=desk_officer).exists()


def test_wrong_password_says_so_in_vietnamese_and_warns_of_the_lock(desk_officer):
    client = Client()
    response = client.post("/staff/login/", {"username": desk_officer.username, "password": "sai-mat-khau"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in text
    assert "Sai 5 lần liên tiếp, tài khoản sẽ bị tạm khóa 15 phút." in text
    assert "_auth_user_id" not in client.session
    desk_officer.refresh_from_db()
    assert desk_officer.failed_logins == 1


@override_settings(VIDAN_LOGIN_MAX_FAILURES=3, VIDAN_LOGIN_LOCK_MINUTES=15)
def test_repeated_failures_lock_the_account_even_for_the_right_password(desk_officer):
    client = Client()
    for _attempt in range(3):
        response = client.post("/staff/login/", {"username": desk_officer.username, "password": "sai"})
    assert "tạm khóa" in response.content.decode()

    response = client.post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.locked", object_id=str(desk_officer.pk)).count() == 1
    assert AuditEntry.objects.filter(action="auth.login_blocked", object_id=str(desk_officer.pk)).count() == 1
    assert audit_verify().ok


def test_unknown_user_gets_the_same_message_and_is_audited_without_what_was_typed(desk_officer):
    known = Client().post("/staff/login/", {"username": desk_officer.username, "password": "x"})
    unknown = Client().post("/staff/login/", {"username": "MatKhauGoNhamO", "password": "x"})

    def message(response):
        return response.context["form"].non_field_errors()

    assert message(unknown) == message(known)
    entry = AuditEntry.objects.get(action="auth.login_failed", data__reason="unknown user")
    assert entry.actor_label.startswith("?") and "MatKhau" not in entry.actor_label


@pytest.mark.clock  # the messages name the minute the lock ends: a pinned clock keeps both in the same minute
@override_settings(VIDAN_LOGIN_MAX_FAILURES=3, VIDAN_LOGIN_LOCK_MINUTES=15)
def test_the_lock_out_does_not_tell_real_names_from_made_up_ones(desk_officer, clock):
    # Given wrong passwords for a real account and for a name no account has, as many times each
    def attempts(username):
        return [
            Client().post("/staff/login/", {"username": username, "password": "sai"}).context["form"]
            for _attempt in range(4)
        ]

    real, made_up = attempts(desk_officer.username), attempts("khongcoai.thuanhoa")

    # Then both are told the same, attempt by attempt: wrong, wrong, then locked until the same kind of time
    for known, unknown in zip(real, made_up, strict=True):
        assert known.non_field_errors() == unknown.non_field_errors()
    assert "tạm khóa" in made_up[-1].non_field_errors()[0]
    # and the real account is locked for real
    desk_officer.refresh_from_db()
    assert desk_officer.is_locked()


def test_empty_form_names_the_missing_fields(db):
    response = Client().post("/staff/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()


def test_officer_with_authenticator_must_give_the_code(desk_officer):
    device = TOTPDevice.objects.create(user=desk_officer, name="phone", confirmed=True)
    client = Client()
    response = client.post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})
    assert response["Location"].startswith("/staff/login/otp/")
    # the back office stays closed between the two steps
    assert client.get("/staff/")["Location"].startswith("/staff/login/")

    client.post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})
    wrong = client.post("/staff/login/otp/", {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert "Mã xác thực không đúng hoặc đã hết hạn." in wrong.content.decode()
    too_soon = client.post("/staff/login/otp/", {"token": code_for(device)})
    assert "Chờ vài giây" in too_soon.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # as if the officer waited

    right = client.post("/staff/login/otp/", {"token": code_for(device)})
    assert right.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.login", data__second_factor=True).exists()


def test_leader_without_authenticator_sets_one_up_before_entering(commune):
    leader = make_staff(commune, Role.LEADER)
    client = Client()
    response = client.post("/staff/login/", {"username": leader.username, "password": PASSWORD})
    assert response["Location"].startswith("/staff/otp/setup/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=leader, confirmed=False)

    bad = client.post("/staff/otp/setup/", {"token": "12"})
    assert "Mã không khớp" in bad.content.decode()
    client.post("/staff/otp/setup/", {"token": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").status_code == 200


def test_a_key_shown_to_someone_else_can_never_be_confirmed(commune):
    leader = make_staff(commune, Role.LEADER)
    # Given someone with the leader's password who opens the set-up page first and keeps its key
    intruder = Client()
    intruder.post("/staff/login/", {"username": leader.username, "password": PASSWORD})
    intruder.get("/staff/otp/setup/")
    seen_by_intruder = TOTPDevice.objects.get(user=leader, confirmed=False)

    # When the leader logs in and opens the set-up page in their own browser
    own = Client()
    own.post("/staff/login/", {"username": leader.username, "password": PASSWORD})
    page = own.get("/staff/otp/setup/").content.decode()

    # Then the leader is shown a new key, and the intruder's is gone
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert device.key != seen_by_intruder.key
    key = b32encode(device.bin_key).decode().rstrip("=")
    shown = page.split('<code class="secret">')[1].split("</code>")[0]
    assert shown.replace(" ", "") == key and all(len(group) == 4 for group in shown.split(" ")[:-1])
    assert not TOTPDevice.objects.filter(pk=seen_by_intruder.pk).exists()
    # a code from the intruder's key does not confirm the leader's set-up
    refused = own.post("/staff/otp/setup/", {"token": code_for(seen_by_intruder)})
    assert "Mã không khớp" in refused.content.decode()
    # the leader's own code does, and reloading the page in between keeps the same key
    own.get("/staff/otp/setup/")
    own.post("/staff/otp/setup/", {"token": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed and TOTPDevice.objects.filter(user=leader).count() == 1


def test_session_without_second_factor_is_sent_back_to_login(commune):
    leader = make_staff(commune, Role.LEADER)
    client = Client()
    client.force_login(leader)  # a session that skipped the code step
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_logout_ends_the_session_and_is_audited(desk_officer):
    client = Client()
    client.post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})
    response = client.post("/staff/logout/")
    assert response["Location"] == "/staff/login/"
    assert client.get("/staff/").status_code == 302
    assert AuditEntry.objects.filter(action="auth.logout", actor=desk_officer).exists()


def test_next_parameter_cannot_send_to_another_site(desk_officer):
    response = Client().post(
        "/staff/login/?next=https://example.org/", {"username": desk_officer.username, "password": PASSWORD}
    )
    assert response["Location"] == "/staff/"


def test_inactive_staff_cannot_log_in(desk_officer):
    Staff.objects.filter(pk=desk_officer.pk).update(is_active=False)
    response = Client().post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_password_alone_cannot_replace_an_existing_authenticator(desk_officer):
    device = TOTPDevice.objects.create(user=desk_officer, name="phone", confirmed=True)
    client = Client()
    client.post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})

    # an attacker who knows only the password goes to the set-up page instead of the code step
    response = client.get("/staff/otp/setup/")

    assert response.status_code == 302 and response["Location"].startswith("/staff/login/otp/")
    assert list(TOTPDevice.objects.filter(user=desk_officer)) == [device]
    assert client.get("/staff/").status_code == 302


def test_the_admin_login_is_the_staff_login(desk_officer):
    # the Django admin's own form would bypass lock-out and audit
    response = Client().post("/admin/login/", {"username": desk_officer.username, "password": "sai"})
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    desk_officer.refresh_from_db()
    assert desk_officer.failed_logins == 0


def test_the_step_between_password_and_code_expires(desk_officer, monkeypatch):
    import time

    TOTPDevice.objects.create(user=desk_officer, name="phone", confirmed=True)
    client = Client()
    client.post("/staff/login/", {"username": desk_officer.username, "password": PASSWORD})
    assert client.get("/staff/login/otp/").status_code == 200

    later = time.time() + 6 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/staff/login/otp/")["Location"] == "/staff/login/"


def test_usernames_differing_only_in_case_cannot_both_exist(commune):
    import pytest
    from django.core.exceptions import ValidationError

    make_staff(commune, Role.DESK_OFFICER, username="hoa")
    with pytest.raises(ValidationError):
        make_staff(commune, Role.DESK_OFFICER, username="Hoa")
