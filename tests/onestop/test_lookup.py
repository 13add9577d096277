"""A citizen follows a dossier by its code; the PIN opens the details; wrong PINs are limited and audited."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import actor_of, make_commune, make_staff
from tests.onestop.factories import load_catalogue, step
from vidan.audit.models import AuditEntry
from vidan.onestop import lookup as lookup_module
from vidan.onestop.codes import pin_hash_of, pin_matches, pin_new
from vidan.onestop.lookup import MAX_WRONG_PER_DOSSIER_AND_ADDRESS, dossier_by_code, pin_blocked, pin_check
from vidan.onestop.models import Dossier, Procedure
from vidan.onestop.services import dossier_receive_at_desk
from vidan.org.models import Role


@pytest.fixture
def received(commune):
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    return dossier_receive_at_desk(
        actor=actor_of(desk),
        commune=commune,
        procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="Nguyễn Thị Lan",
        applicant_address="Thôn Tân Hóa",
    )


def wrong(pin):
    return "111111" if pin != "111111" else "222222"


def test_the_code_shows_only_the_status_and_the_appointment(received):
    dossier, _pin = received
    received_at = timezone.localtime(dossier.received_at).strftime("%d/%m/%Y %H:%M")

    text = Client().get("/tra-cuu/", {"ma": dossier.code}).content.decode()

    assert dossier.code in text and "<strong>Đã tiếp nhận</strong>" in text
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y") in text
    # what the dossier is about, where and when it was received, and its steps wait for the PIN
    assert "Nguyễn Thị Lan" not in text and "Đăng ký giám hộ" not in text and "Thuận Hóa" not in text
    assert received_at not in text and 'class="timeline"' not in text


def test_a_code_that_matches_nothing_is_counted_and_an_address_guessing_codes_is_stopped(received, settings):
    dossier, _pin = received
    settings.VIDAN_LOOKUP_MISSES_PER_HOUR = 3
    guesser, neighbour = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.2")

    answers = [guesser.get("/tra-cuu/", {"ma": f"000.25.31.H44-260312-{n:04}"}).status_code for n in (9001, 9002, 9003)]
    stopped = guesser.get("/tra-cuu/", {"ma": "000.25.31.H44-260312-9004"})
    even_a_real_code = guesser.get("/tra-cuu/", {"ma": dossier.code})
    api = guesser.get("/api/v1/dossiers/lookup", {"code": dossier.code})

    assert answers == [404, 404, 404]
    assert stopped.status_code == 429 and "Quá nhiều lượt tra cứu" in stopped.content.decode()
    # past its misses, the address learns nothing, not even that a code exists
    assert even_a_real_code.status_code == 429 and "Đã tiếp nhận" not in even_a_real_code.content.decode()
    assert api.status_code == 429 and api.json()["error"]["code"] == "too_many_attempts"
    assert neighbour.get("/tra-cuu/", {"ma": dossier.code}).status_code == 200


@pytest.mark.clock
def test_an_address_looking_up_code_after_code_is_stopped_for_the_hour(received, settings, clock):
    dossier, _pin = received
    settings.VIDAN_LOOKUPS_PER_HOUR = 5
    client = Client(REMOTE_ADDR="203.0.113.8")

    answers = [client.get("/tra-cuu/", {"ma": dossier.code}).status_code for _ in range(6)]
    clock.shift(timedelta(minutes=61))
    later = client.get("/tra-cuu/", {"ma": dossier.code})

    assert answers == [200] * 5 + [429]
    assert later.status_code == 200
    # the page without a code is not a lookup
    settings.VIDAN_LOOKUPS_PER_HOUR = 1
    assert [Client(REMOTE_ADDR="203.0.113.9").get("/tra-cuu/").status_code for _ in range(3)] == [200] * 3


def test_the_pin_shows_the_details_and_the_view_is_audited(received):
    dossier, pin = received
    response = Client().post(f"/tra-cuu/?ma={dossier.code}", {"ma": dossier.code, "pin": pin})
    assert "Nguyễn Thị Lan" in response.content.decode()
    assert AuditEntry.objects.filter(action="onestop.lookup.details", object_id=str(dossier.pk)).count() == 1


def test_wrong_pins_are_refused_audited_and_stopped_after_five(received):
    dossier, pin = received
    client = Client()
    for _attempt in range(5):
        text = client.post("/tra-cuu/", {"ma": dossier.code, "pin": wrong(pin)}).content.decode()
        assert "Nguyễn Thị Lan" not in text
    assert "Nhập sai mã PIN quá nhiều lần" in text
    # the status still shows to anyone with the code, with the form
    text = client.get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert "Đã tiếp nhận" in text and 'name="pin"' in text
    # even the right PIN waits now, and says so
    text = client.post("/tra-cuu/", {"ma": dossier.code, "pin": pin}).content.decode()
    assert "Nguyễn Thị Lan" not in text and "Nhập sai mã PIN quá nhiều lần" in text
    assert AuditEntry.objects.filter(action="onestop.lookup.wrong_pin", object_id=str(dossier.pk)).count() == 5


@pytest.mark.clock
def test_late_is_shown_honestly(received):
    dossier, _pin = received
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - timedelta(days=10))
    text = Client().get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert "Quá hạn" in text


def test_an_unknown_code_says_so(db):
    response = Client().get("/tra-cuu/", {"ma": "000.25.31.H44-260312-9999"})
    assert response.status_code == 404
    assert "Không có hồ sơ nào có mã này" in response.content.decode()


def test_the_api_gives_the_same_answer(received):
    dossier, pin = received
    public = Client().get("/api/v1/dossiers/lookup", {"code": dossier.code}).json()
    assert public["status"] == "received" and public["details"] is None and public["late"] is False
    assert public["due_at"] and "procedure" not in public and "steps" not in public
    detailed = (
        Client()
        .post("/api/v1/dossiers/lookup", {"code": dossier.code, "pin": pin}, content_type="application/json")
        .json()
    )
    assert detailed["details"]["applicant"]["name"] == "Nguyễn Thị Lan"
    assert detailed["details"]["procedure"] == "Đăng ký giám hộ" and detailed["details"]["commune"] == "Xã Thuận Hóa"
    assert [step["status"] for step in detailed["details"]["steps"]] == ["received"]
    refused = Client().post(
        "/api/v1/dossiers/lookup", {"code": dossier.code, "pin": wrong(pin)}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["error"]["fields"] == {
        "pin": ["Mã PIN không khớp với hồ sơ này."]
    }
    malformed = Client().post(
        "/api/v1/dossiers/lookup", {"code": dossier.code, "pin": "12ab"}, content_type="application/json"
    )
    assert malformed.status_code == 422 and "pin" in malformed.json()["error"]["fields"]
    assert Client().get("/api/v1/dossiers/lookup", {"code": "000.25.31.H44-260312-9999"}).status_code == 404


def test_a_lookup_reads_the_dossier_and_its_steps_in_one_query_once_the_rest_is_cached(received):
    dossier, _pin = received
    client = Client()
    client.get("/tra-cuu/", {"ma": dossier.code})  # reads the procedure and the commune, kept for a minute

    with CaptureQueriesContext(connection) as queries:
        text = client.get("/tra-cuu/", {"ma": dossier.code}).content.decode()

    # One query for the dossier; and, without Redis, one statement counting the lookup in the shared limits
    counting = [q["sql"] for q in queries if "vidan_shared_cache" in q["sql"]]
    assert len(queries) - len(counting) == 1 and len(counting) == 1

    assert "Đã tiếp nhận" in text and '<input id="lookup-pin" name="pin"' in text


def test_the_page_shows_the_dossier_in_its_own_words(received):
    dossier, pin = received
    local = timezone.localtime(dossier.received_at).strftime("%d/%m/%Y %H:%M")
    due = timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M")

    text = Client().get("/tra-cuu/", {"ma": dossier.code.lower()}).content.decode()

    assert "<title>Tra cứu hồ sơ — Vì Dân</title>" in text and "<h1>Tra cứu hồ sơ</h1>" in text
    assert f'<input id="lookup-code" name="ma" value="{dossier.code.lower()}"' in text
    assert f"<h2>{dossier.code}</h2>" in text
    assert "<dt>Trạng thái</dt><dd><strong>Đã tiếp nhận</strong></dd>" in text
    assert f"<dt>Hẹn trả kết quả</dt><dd>{due}</dd>" in text and "<dt>Thời gian còn lại</dt>" in text
    assert f'action="/tra-cuu/?ma={dossier.code}"' in text and 'name="csrfmiddlewaretoken"' not in text

    text = Client().post(f"/tra-cuu/?ma={dossier.code}", {"ma": dossier.code, "pin": pin}).content.decode()
    assert "<dt>Thủ tục</dt><dd>Đăng ký giám hộ</dd>" in text
    assert "<dt>Xã</dt><dd>Xã Thuận Hóa</dd>" in text
    assert "<dt>Trạng thái</dt><dd><strong>Đã tiếp nhận</strong></dd>" in text
    assert f"<dt>Đã tiếp nhận</dt><dd>{local}</dd>" in text and f"<dt>Hẹn trả kết quả</dt><dd>{due}</dd>" in text
    assert "<dt>Thời gian còn lại</dt>" in text and "ngày làm việc" in text
    assert f'<li><span class="muted">{local}</span> — Đã tiếp nhận</li>' in text


def test_the_steps_come_oldest_first_and_the_officers_notes_only_with_the_pin(received, commune):
    dossier, pin = received
    desk = make_staff(commune, Role.DESK_OFFICER)
    step(desk, dossier, "withdraw", note="Công dân xin rút hồ sơ để bổ sung giấy tờ")

    text = Client().get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert "Công dân xin rút" not in text and "<strong>Đã rút hồ sơ</strong>" in text

    with_pin = Client().post(f"/tra-cuu/?ma={dossier.code}", {"ma": dossier.code, "pin": pin}).content.decode()
    steps = with_pin.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert steps.index("Đã tiếp nhận") < steps.index("Đã rút hồ sơ")
    assert '<br><span class="muted">Công dân xin rút hồ sơ để bổ sung giấy tờ</span>' in with_pin
    assert "<dt>Người nộp hồ sơ</dt><dd>Nguyễn Thị Lan</dd>" in with_pin and "Thôn Tân Hóa" in with_pin
    assert 'id="lookup-pin"' not in with_pin


def test_the_page_speaks_english_when_asked_and_vietnamese_to_the_next_visitor(received):
    dossier, _pin = received
    english = Client(headers={"accept-language": "en"}).get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert "<h1>Look up a dossier</h1>" in english and "<dt>Status</dt>" in english
    assert "<strong>Received</strong>" in english and "working day" in english
    assert "Friendly government, serving the people" in english

    vietnamese = Client().get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert "<h1>Tra cứu hồ sơ</h1>" in vietnamese and "<strong>Đã tiếp nhận</strong>" in vietnamese
    assert "Chính quyền thân thiện, vì nhân dân phục vụ" in vietnamese


@pytest.mark.clock
def test_a_late_dossier_says_by_how_many_working_days(received):
    dossier, _pin = received
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - timedelta(days=10), apologised=True)
    text = Client().get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert '<dd><strong class="badge late">Quá hạn</strong> quá hẹn ' in text and " ngày làm việc</dd>" in text
    assert "(đã hẹn lại một lần, kèm thư xin lỗi)" in text


def test_the_other_callers_get_a_whole_dossier_by_its_code(received, django_assert_num_queries):
    dossier, _pin = received
    found = dossier_by_code(f"  {dossier.code.lower()} ")
    assert found.pk == dossier.pk and found.code == dossier.code and found.pin_hash == dossier.pin_hash
    assert found.received_at == dossier.received_at and found.due_at == dossier.due_at
    assert found.apologised is False and found.applicant_address == "Thôn Tân Hóa"
    with django_assert_num_queries(0):
        assert found.procedure.code == "HT-04" and found.commune.name == "Thuận Hóa"
    with django_assert_num_queries(1):  # a column the lookup does not read is loaded when first used
        assert found.channel == dossier.channel
    assert dossier_by_code("000.25.31.H44-260312-9999") is None
    assert dossier_by_code("") is None and dossier_by_code("X" * 41) is None


def test_pins_are_kept_as_keyed_hashes_and_older_hashes_still_open(db):
    pin, stored = pin_new()
    assert stored.startswith("hmac-sha256$") and pin not in stored
    assert pin_matches(pin, stored) and not pin_matches(wrong(pin), stored)
    assert pin_hash_of(pin) != stored  # salted per dossier
    assert pin_matches("123456", make_password("123456")) and not pin_matches("123457", make_password("123456"))


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_wrong_pins_cannot_slip_past_the_limit():
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    dossier, pin = dossier_receive_at_desk(
        actor=actor_of(make_staff(commune, Role.DESK_OFFICER)),
        commune=commune,
        procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="Nguyễn Thị Lan",
    )

    def attempt(_n):
        try:
            return pin_check(dossier=dossier, pin=wrong(pin), ip="10.0.0.1")
        finally:
            connection.close()

    # Sixteen wrong PINs at once from one address: five are compared, the rest stopped
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert not any(pool.map(attempt, range(16)))
    compared = AuditEntry.objects.filter(action="onestop.lookup.wrong_pin", object_id=str(dossier.pk)).count()
    assert compared == MAX_WRONG_PER_DOSSIER_AND_ADDRESS
    assert not pin_check(dossier=dossier, pin=pin, ip="10.0.0.1")  # even the right one waits there now
    # but the citizen, from their own address, is not locked out by someone else's guesses
    assert pin_check(dossier=dossier, pin=pin, ip="10.0.1.1")


def test_guesses_from_many_addresses_meet_a_ceiling_per_dossier(received, monkeypatch):
    dossier, pin = received
    monkeypatch.setattr(lookup_module, "MAX_WRONG_PER_DOSSIER", 8)
    # Given wrong PINs from eight addresses, one each
    for n in range(8):
        assert not pin_check(dossier=dossier, pin=wrong(pin), ip=f"10.0.2.{n}")
    # Then the dossier's details wait for everyone, for a while
    assert pin_blocked(dossier, "10.0.3.1") and not pin_check(dossier=dossier, pin=pin, ip="10.0.3.1")


def test_a_pin_survives_the_rotation_of_the_secret_key(db, settings):
    pin, stored = pin_new()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-deployment-0123456789"
    assert pin_matches(pin, stored)
    settings.SECRET_KEY_FALLBACKS = []
    assert not pin_matches(pin, stored)


def test_what_citizens_typed_is_escaped_on_the_lookup_page(commune):
    load_catalogue()
    dossier, pin = dossier_receive_at_desk(
        actor=actor_of(make_staff(commune, Role.DESK_OFFICER)),
        commune=commune,
        procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="Lan <b>đậm</b>",
        applicant_address='Thôn <img src=x onerror="alert(1)">',
        applicant_phone="0912 345 678",
    )
    text = Client().post("/tra-cuu/", {"ma": dossier.code, "pin": pin}).content.decode()
    assert "<b>đậm</b>" not in text and "<img" not in text
    assert "Lan &lt;b&gt;đậm&lt;/b&gt;" in text and "&lt;img src=x" in text


def test_the_pin_form_needs_no_csrf_cookie_and_the_page_sets_none(received):
    dossier, pin = received
    browser = Client(enforce_csrf_checks=True)  # a first visit from a QR code: no cookie yet
    page = browser.get("/tra-cuu/", {"ma": dossier.code})
    assert "csrftoken" not in page.cookies and 'name="pin"' in page.content.decode()
    response = browser.post(f"/tra-cuu/?ma={dossier.code}", {"ma": dossier.code, "pin": pin})
    assert response.status_code == 200 and "Nguyễn Thị Lan" in response.content.decode()


def test_the_pages_own_texts_are_escaped_too(received):
    dossier, _pin = received
    # Given the English page, whose texts come from the catalogue and one of which has an apostrophe
    english = Client(headers={"accept-language": "en"}).get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    # Then it is written as an entity, as any other text on the page would be
    assert "<h2>See the whole dossier and the officers&#x27; notes</h2>" in english
    assert "<dt>Status</dt><dd><strong>Received</strong></dd>" in english
