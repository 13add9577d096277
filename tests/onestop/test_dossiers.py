"""A dossier's life at the one-stop desk: receipt with its code and due date, each step, and the rules."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from tests.factories import actor_of, make_commune, make_staff
from tests.onestop.factories import load_catalogue
from vidan import workdays
from vidan.audit.models import AuditEntry
from vidan.audit.verify import audit_verify
from vidan.core.errors import Conflict, DomainError, FieldsRefused, PermissionDenied
from vidan.onestop.codes import pin_matches
from vidan.onestop.lifecycle import TRANSITIONS
from vidan.onestop.models import DeskRules, Dossier, DossierEvent, DossierStatus, Procedure
from vidan.onestop.services import commune_calendar, dossier_apologise, dossier_receive_at_desk, dossier_transition
from vidan.org.models import Role, Staff
from vidan.workdays import VIETNAM


@pytest.fixture
def desk(commune):
    load_catalogue()
    return make_staff(commune, Role.DESK_OFFICER)


def receive(desk, commune, code="HT-04", **extra):
    return dossier_receive_at_desk(
        actor=actor_of(desk),
        commune=commune,
        procedure=Procedure.objects.get(code=code),
        applicant_name="Nguyễn Thị Lan",
        applicant_phone="0912 345 678",
        **extra,
    )


@pytest.mark.clock
def test_receipt_gives_the_official_code_a_pin_and_the_due_date(clock, desk, commune):
    dossier, pin = receive(desk, commune)
    today = timezone.localdate()
    assert dossier.code == f"{commune.agency_code}-{today:%y%m%d}-0001"
    assert pin_matches(pin, dossier.pin_hash) and not pin_matches(
        "000000" if pin != "000000" else "1", dossier.pin_hash
    )
    assert dossier.status == DossierStatus.RECEIVED and dossier.working_days == 3
    assert dossier.due_at > dossier.received_at
    assert DossierEvent.objects.get(dossier=dossier).action == "receive"
    assert AuditEntry.objects.filter(action="onestop.dossier.receive", object_id=str(dossier.pk)).exists()
    second, _pin = receive(desk, commune)
    assert second.code.endswith("-0002")


def test_verification_adds_the_procedures_extra_days(desk, commune):
    dossier, _pin = receive(desk, commune, code="HT-05", needs_verification=True)
    assert dossier.working_days == 3 + 5


def test_the_whole_path_from_receipt_to_return(desk, commune):
    specialist = make_staff(commune, Role.SPECIALIST)
    leader = make_staff(commune, Role.LEADER)
    dossier, _pin = receive(desk, commune)
    steps = [
        (desk, "assign", {"assignee": specialist}),
        (specialist, "start", {}),
        (specialist, "consult", {"note": "Đã lấy ý kiến công an xã"}),
        (specialist, "submit_for_approval", {}),
        (leader, "approve", {}),
        (specialist, "mark_result_ready", {}),
        (desk, "return_result", {}),
    ]
    for who, action, extra in steps:
        dossier = dossier_transition(
            actor=actor_of(who), dossier=dossier, action=action, expected_status=dossier.status, **extra
        )
    assert dossier.status == DossierStatus.RETURNED and dossier.returned_at and dossier.finished_at
    assert list(dossier.events.values_list("action", flat=True)) == ["receive"] + [a for _w, a, _e in steps]
    assert audit_verify().ok


def _returned(desk, specialist, dossier):
    for who, action, extra in [
        (desk, "assign", {"assignee": specialist}),
        (specialist, "start", {}),
        (specialist, "return_incomplete", {"note": "Thiếu văn bản cử người giám hộ"}),
    ]:
        dossier = dossier_transition(
            actor=actor_of(who), dossier=dossier, action=action, expected_status=dossier.status, **extra
        )
    return dossier


@pytest.mark.clock
def test_a_return_during_processing_pauses_the_clock_under_today_s_rules(desk, commune, clock):
    # Given a dossier received on a Monday under NĐ 118/2025, returned as incomplete on Wednesday
    clock.move_to(datetime(2026, 11, 16, 9, 0, tzinfo=VIETNAM))
    specialist = make_staff(commune, Role.SPECIALIST)
    dossier, _pin = receive(desk, commune)  # HT-04: 3 working days, due Thursday 19/11
    clock.move_to(datetime(2026, 11, 18, 9, 0, tzinfo=VIETNAM))
    dossier = _returned(desk, specialist, dossier)

    # When the citizen completes it the next Monday
    clock.move_to(datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM))
    dossier = dossier_transition(
        actor=actor_of(desk), dossier=dossier, action="resume_complete", expected_status="waiting_citizen"
    )

    # Then the working days already spent count: the due date moves by the three working days it stood still
    # (Thursday, Friday, Monday) past Thursday 19/11 — Tuesday 24/11 is a day off (Vietnamese Culture Day) — not
    # three new working days from Monday
    assert dossier.rules.code == "nd118-2025"
    assert (dossier.restarts, dossier.restarted_at, dossier.paused_since) == (0, None, None)
    assert timezone.localtime(dossier.due_at).date() == date(2026, 11, 25)

    # And a second written return is refused: one per agency
    with pytest.raises(Conflict, match="đã được trả lại công dân 1 lần"):
        dossier_transition(
            actor=actor_of(specialist), dossier=dossier, action="return_incomplete",
            expected_status="processing", note="Thiếu giấy tờ khác",
        )  # fmt: skip
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.PROCESSING


@pytest.mark.clock
def test_a_dossier_received_under_nd_61_2018_restarts_its_clock_and_may_be_returned_again(desk, commune, clock):
    # Given a dossier received in 2020, before NĐ 107/2021
    clock.move_to(datetime(2020, 11, 16, 9, 0, tzinfo=VIETNAM))
    specialist = make_staff(commune, Role.SPECIALIST)
    dossier, _pin = receive(desk, commune)
    received_at = dossier.received_at
    dossier = _returned(desk, specialist, dossier)

    # When the citizen completes it
    clock.move_to(datetime(2020, 11, 23, 9, 0, tzinfo=VIETNAM))
    dossier = dossier_transition(
        actor=actor_of(desk), dossier=dossier, action="resume_complete", expected_status="waiting_citizen"
    )

    # Then its time limit counts again from zero, as the rules of its day said; the receipt stays where it was
    assert dossier.rules.code == "nd61-2018" and dossier.restarts == 1
    assert dossier.received_at == received_at and dossier.restarted_at > received_at
    calendar = commune_calendar(commune)
    assert dossier.due_at == workdays.due(calendar, dossier.restarted_at, workdays.Period.working(dossier.working_days))
    # and a second return is allowed
    dossier = dossier_transition(
        actor=actor_of(specialist), dossier=dossier, action="return_incomplete",
        expected_status="processing", note="Thiếu giấy tờ khác",
    )  # fmt: skip
    assert dossier.status == DossierStatus.WAITING_CITIZEN


def test_an_operator_s_correction_of_a_version_governs_that_version_s_dossiers(desk, commune):
    # Given today's rules corrected to allow two returns
    DeskRules.objects.filter(code="nd118-2025").update(returns_per_agency=2)
    caches["local"].clear()
    specialist = make_staff(commune, Role.SPECIALIST)
    dossier, _pin = receive(desk, commune)
    dossier = _returned(desk, specialist, dossier)
    dossier = dossier_transition(
        actor=actor_of(desk), dossier=dossier, action="resume_complete", expected_status="waiting_citizen"
    )

    # When the specialist returns it a second time, then a third
    dossier = dossier_transition(
        actor=actor_of(specialist), dossier=dossier, action="return_incomplete",
        expected_status="processing", note="Thiếu giấy tờ khác",
    )  # fmt: skip
    dossier = dossier_transition(
        actor=actor_of(desk), dossier=dossier, action="resume_complete", expected_status="waiting_citizen"
    )

    # Then the second is taken and the third refused
    with pytest.raises(Conflict, match="2 lần"):
        dossier_transition(
            actor=actor_of(specialist), dossier=dossier, action="return_incomplete",
            expected_status="processing", note="Lần ba",
        )  # fmt: skip


def test_a_stale_step_is_refused_and_changes_nothing(desk, commune):
    specialist = make_staff(commune, Role.SPECIALIST)
    dossier, _pin = receive(desk, commune)
    dossier_transition(
        actor=actor_of(desk), dossier=dossier, action="assign", expected_status="received", assignee=specialist
    )
    with pytest.raises(Conflict, match="Tải lại trang"):
        dossier_transition(
            actor=actor_of(desk), dossier=dossier, action="withdraw", expected_status="received", note="x"
        )
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.ASSIGNED


def test_roles_and_reasons_are_checked(desk, commune):
    specialist = make_staff(commune, Role.SPECIALIST)
    dossier, _pin = receive(desk, commune)
    with pytest.raises(PermissionDenied):
        dossier_transition(
            actor=actor_of(specialist), dossier=dossier, action="return_result", expected_status="received"
        )
    with pytest.raises(DomainError) as no_reason:
        dossier_transition(actor=actor_of(desk), dossier=dossier, action="withdraw", expected_status="received")
    assert no_reason.value.field == "note"
    stranger = make_staff(make_commune(name="Lâm Hóa"), Role.SPECIALIST)
    with pytest.raises(DomainError):
        dossier_transition(
            actor=actor_of(desk), dossier=dossier, action="assign", expected_status="received", assignee=stranger
        )


@pytest.mark.clock
def test_the_apology_moves_the_appointment_once(desk, commune):
    dossier, _pin = receive(desk, commune)
    # A week of working days on: the new appointment must fall on a working day, and a week of calendar days
    # from some due dates lands on a holiday (23/04/2026 + 7 is 30/04).
    calendar = commune_calendar(commune)
    later = calendar.end_of_day(calendar.add_working_days(calendar.local(dossier.due_at).date(), 5))
    with pytest.raises(DomainError):
        dossier_apologise(actor=actor_of(desk), dossier=dossier, reason="", new_due=later)
    dossier = dossier_apologise(actor=actor_of(desk), dossier=dossier, reason="Chờ kết quả xác minh", new_due=later)
    assert dossier.apologised and dossier.due_at == later
    with pytest.raises(Conflict):
        dossier_apologise(actor=actor_of(desk), dossier=dossier, reason="Lần nữa", new_due=later + timedelta(days=7))


def _receive_in_thread(args):
    desk_id, commune_id = args
    from vidan.org.models import Commune, Staff

    try:
        desk, commune = Staff.objects.get(pk=desk_id), Commune.objects.get(pk=commune_id)
        return receive(desk, commune)[0].code
    finally:
        connection.close()


@pytest.mark.clock  # codes are numbered per day: a run across midnight would start a second day's numbers
@pytest.mark.django_db(transaction=True)
def test_32_simultaneous_receipts_get_32_distinct_consecutive_codes(clock):
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    desk = make_staff(commune, Role.DESK_OFFICER)
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(_receive_in_thread, [(desk.pk, commune.pk)] * 32))
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, 33))
    assert audit_verify().ok


def _step_in_thread(args):
    staff_id, dossier_id, action, extra = args
    from vidan.org.models import Staff

    try:
        staff = Staff.objects.get(pk=staff_id)
        dossier = Dossier.objects.get(pk=dossier_id)
        dossier_transition(actor=actor_of(staff), dossier=dossier, action=action, expected_status="received", **extra)
        return "done"
    except Conflict as conflict:
        return str(conflict.message)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_on_one_dossier_at_once_one_wins():
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    desk, other = make_staff(commune, Role.DESK_OFFICER), make_staff(commune, Role.DESK_OFFICER)
    specialist = make_staff(commune, Role.SPECIALIST)
    dossier, _pin = receive(desk, commune)
    jobs = [
        (desk.pk, dossier.pk, "assign", {"assignee": specialist}),
        (other.pk, dossier.pk, "withdraw", {"note": "Công dân rút hồ sơ"}),
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(_step_in_thread, jobs))
    assert outcomes.count("done") == 1
    loser = next(outcome for outcome in outcomes if outcome != "done")
    assert "Tải lại trang" in loser
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


# -- every condition of a step is the service's, whoever calls it -------------------------------------------------


def test_the_service_hands_a_dossier_only_to_an_active_specialist_of_its_commune(desk, commune):
    # Given a dossier received at the desk, and people it may not be handed to
    dossier, _pin = receive(desk, commune)
    specialist = make_staff(commune, Role.SPECIALIST)
    retired = make_staff(commune, Role.SPECIALIST)
    Staff.objects.filter(pk=retired.pk).update(is_active=False)
    stranger = make_staff(make_commune(name="Lâm Hóa"), Role.SPECIALIST)
    leader = make_staff(commune, Role.LEADER)
    refusals = {
        None: "Hãy chọn công chức chuyên môn giải quyết hồ sơ.",
        desk: "Hãy chọn một công chức chuyên môn đang công tác tại xã này.",
        leader.pk: "Hãy chọn một công chức chuyên môn đang công tác tại xã này.",
        retired: "Hãy chọn một công chức chuyên môn đang công tác tại xã này.",
        stranger: "Hãy chọn một công chức chuyên môn đang công tác tại xã này.",
        10**9: "Hãy chọn một công chức chuyên môn đang công tác tại xã này.",
    }

    # When the service is called directly with each of them, then each is refused on the field "assignee"
    for assignee, message in refusals.items():
        with pytest.raises(DomainError) as refused:
            dossier_transition(
                actor=actor_of(desk), dossier=dossier, action="assign", expected_status="received", assignee=assignee
            )
        assert (refused.value.field, str(refused.value.message)) == ("assignee", message), assignee
    assert Dossier.objects.get(pk=dossier.pk).assignee is None and dossier.events.count() == 1

    # And the specialist is accepted, by id as by record
    dossier = dossier_transition(
        actor=actor_of(desk), dossier=dossier, action="assign", expected_status="received", assignee=specialist.pk
    )
    assert dossier.assignee == specialist and dossier.events.last().data == {"assignee": specialist.username}


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("consult", "Hãy ghi đã lấy ý kiến ai và nội dung trả lời."),
        ("return_incomplete", "Hãy ghi rõ lý do: công dân sẽ nhận được bằng văn bản."),
        ("withdraw", "Hãy ghi rõ lý do: công dân sẽ nhận được bằng văn bản."),
    ],
)
def test_a_step_without_its_note_is_refused_by_the_service_on_the_note(desk, commune, action, message):
    # Given a dossier being processed
    specialist = make_staff(commune, Role.SPECIALIST)
    dossier, _pin = receive(desk, commune)
    dossier = dossier_transition(
        actor=actor_of(desk), dossier=dossier, action="assign", expected_status="received", assignee=specialist
    )
    dossier = dossier_transition(
        actor=actor_of(specialist), dossier=dossier, action="start", expected_status="assigned"
    )
    who = desk if action == "withdraw" else specialist

    # When the step is taken with no note, or only blanks, then the service refuses it on the field "note"
    for note in ("", "  \n "):
        with pytest.raises(DomainError) as refused:
            dossier_transition(
                actor=actor_of(who), dossier=dossier, action=action, expected_status="processing", note=note
            )
        assert (refused.value.field, str(refused.value.message)) == ("note", message)
    assert str(TRANSITIONS[action].note_missing) == message
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.PROCESSING
    assert list(dossier.events.values_list("action", flat=True)) == ["receive", "assign", "start"]


def test_the_desk_receipt_cleans_the_applicant_and_refuses_every_wrong_field_at_once(desk, commune):
    # When the service is called with a phone in international form and a name typed with stray spaces
    dossier, _pin = dossier_receive_at_desk(
        actor=actor_of(desk),
        commune=commune,
        procedure=Procedure.objects.get(code="HT-04"),
        applicant_name="  Nguyễn   Thị Lan ",
        applicant_phone="+84 (0) 912.345.678",
        applicant_email=" lan@example.com ",
    )
    # Then they are stored as the page and the API store them
    assert (dossier.applicant_name, dossier.applicant_phone, dossier.applicant_email) == (
        "Nguyễn Thị Lan",
        "0912345678",
        "lan@example.com",
    )
    assert dossier.applicant_name_folded == "nguyen thi lan"

    # When the name is blank, the phone and e-mail wrong and the verification box ticked where it may not be
    with pytest.raises(FieldsRefused) as refused:
        dossier_receive_at_desk(
            actor=actor_of(desk),
            commune=commune,
            procedure=Procedure.objects.get(code="HT-04"),
            applicant_name=" ",
            applicant_phone="12345",
            applicant_email="lan@",
            needs_verification=True,
        )
    # Then every field is named with its message, and nothing is stored
    assert {field: [str(m) for m in messages] for field, messages in refused.value.fields.items()} == {
        "applicant_name": ["Hãy nhập họ và tên người nộp hồ sơ."],
        "applicant_phone": [
            "Hãy nhập số điện thoại Việt Nam: 10 chữ số bắt đầu bằng 0 (11 chữ số với máy bàn), ví dụ 0912 345 678."
        ],
        "applicant_email": ["Hãy nhập địa chỉ thư điện tử hợp lệ, ví dụ ten@example.com."],
        "needs_verification": ["Thủ tục này không có thêm thời gian xác minh; hãy bỏ đánh dấu."],
    }
    assert Dossier.objects.count() == 1


def test_the_resumption_takes_the_clock_s_one_flag(desk, commune):
    # Given a dossier returned as incomplete
    specialist = make_staff(commune, Role.SPECIALIST)
    dossier, _pin = receive(desk, commune)
    for who, action, extra in [
        (desk, "assign", {"assignee": specialist}),
        (specialist, "start", {}),
        (specialist, "return_incomplete", {"note": "Thiếu tờ khai"}),
    ]:
        dossier = dossier_transition(
            actor=actor_of(who), dossier=dossier, action=action, expected_status=dossier.status, **extra
        )
    calendar = commune_calendar(commune)
    paused = workdays.clock_apply(
        calendar,
        workdays.clock_start(calendar, dossier.received_at, workdays.Period.working(dossier.working_days)),
        workdays.Pause(dossier.paused_since),
    )

    # When the rules it was received under say the time limit goes on where it stopped, rather than from zero
    assert dossier.rules.code == "nd118-2025" and dossier.rules.return_restarts is False
    dossier = dossier_transition(
        actor=actor_of(desk), dossier=dossier, action="resume_complete", expected_status="waiting_citizen"
    )

    # Then the service resumes the clock as the engine does, and nothing restarts
    resumed = workdays.clock_apply(calendar, paused, workdays.Resume(dossier.updated_at))
    assert (dossier.due_at, dossier.restarts, dossier.restarted_at, dossier.paused_since) == (
        resumed.due,
        0,
        None,
        None,
    )


def test_the_apology_is_refused_on_a_day_off_and_names_every_field_at_fault(desk, commune):
    dossier, _pin = receive(desk, commune)
    calendar = commune_calendar(commune)
    due_day = calendar.local(dossier.due_at).date()
    day_off = next(
        due_day + timedelta(days=n) for n in range(1, 15) if not calendar.is_working_day(due_day + timedelta(days=n))
    )

    with pytest.raises(DomainError) as on_a_day_off:
        dossier_apologise(
            actor=actor_of(desk), dossier=dossier, reason="Chờ xác minh", new_due=calendar.end_of_day(day_off)
        )
    assert (on_a_day_off.value.field, str(on_a_day_off.value.message)) == (
        "new_due",
        "Ngày hẹn mới phải là ngày làm việc.",
    )

    with pytest.raises(FieldsRefused) as both:
        dossier_apologise(actor=actor_of(desk), dossier=dossier, reason=" ", new_due=dossier.due_at)
    assert {field: [str(m) for m in messages] for field, messages in both.value.fields.items()} == {
        "reason": ["Hãy ghi rõ lý do chậm trễ."],
        "new_due": ["Ngày hẹn mới phải sau ngày hẹn hiện tại."],
    }
    dossier.refresh_from_db()
    assert not dossier.apologised and dossier.events.count() == 1
