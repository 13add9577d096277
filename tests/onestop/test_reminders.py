"""vidan tick asks the officer for the apology when a dossier is due within a working day and not ready."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import actor_of, make_staff
from tests.onestop.factories import load_catalogue
from vidan.notify.models import StaffNotice
from vidan.onestop.models import Dossier, Procedure
from vidan.onestop.services import commune_calendar, dossier_receive_at_desk, dossier_transition
from vidan.org.models import Role

# Each test counts from today, with expectations from the same calendar: they hold on any day.
pytestmark = pytest.mark.clock


def test_due_soon_and_not_ready_reminds_the_assignee_once(commune, capsys):
    load_catalogue()
    desk, specialist = make_staff(commune, Role.DESK_OFFICER), make_staff(commune, Role.SPECIALIST)
    procedure = Procedure.objects.get(code="HT-04")
    urgent, _pin = dossier_receive_at_desk(
        actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="A"
    )
    relaxed, _pin = dossier_receive_at_desk(
        actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="B"
    )
    dossier_transition(
        actor=actor_of(desk), dossier=urgent, action="assign", expected_status="received", assignee=specialist
    )
    calendar = commune_calendar(commune)
    tomorrow = calendar.end_of_day(calendar.add_working_days(timezone.localdate(), 1))
    Dossier.objects.filter(pk=urgent.pk).update(due_at=tomorrow)
    Dossier.objects.filter(pk=relaxed.pk).update(
        due_at=calendar.end_of_day(calendar.add_working_days(timezone.localdate(), 5))
    )

    call_command("tick", only="onestop.apology_reminders")
    call_command("tick", only="onestop.apology_reminders")

    notices = list(StaffNotice.objects.all())
    assert [n.recipient for n in notices] == [specialist]
    assert urgent.code in notices[0].text and "mẫu 04" in notices[0].text
    assert notices[0].link == f"/staff/ho-so/{urgent.pk}/"
    output = capsys.readouterr().out
    assert "onestop.apology_reminders: 1 handled" in output and "onestop.apology_reminders: 0 handled" in output


def test_a_late_dossier_and_an_apologised_one_are_not_reminded(commune):
    # Past its due date the apology can no longer be given: the late dossier waits in the "late" queue
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    procedure = Procedure.objects.get(code="HT-04")
    late, _pin = dossier_receive_at_desk(actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="C")
    done, _pin = dossier_receive_at_desk(actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="D")
    Dossier.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=3))
    calendar = commune_calendar(commune)
    Dossier.objects.filter(pk=done.pk).update(
        due_at=calendar.end_of_day(calendar.add_working_days(timezone.localdate(), 1)), apologised=True
    )
    call_command("tick", only="onestop.apology_reminders")
    assert StaffNotice.objects.count() == 0


def test_a_same_day_dossier_is_reminded_at_the_first_tick_after_its_receipt(commune, clock):
    # Given a same-day procedure received at 08:00 on a working day
    load_catalogue()
    desk = make_staff(commune, Role.DESK_OFFICER)
    calendar = commune_calendar(commune)
    day = calendar.working_day_on_or_after(timezone.localdate() + timedelta(days=1))
    clock.move_to(calendar.local(calendar.end_of_day(day)).replace(hour=8, minute=0))
    procedure = Procedure.objects.filter(time_limit_days=0, fee_kind="free").order_by("code").first()
    dossier, _pin = dossier_receive_at_desk(
        actor=actor_of(desk), commune=commune, procedure=procedure, applicant_name="E"
    )
    assert calendar.local(dossier.due_at).date() == day

    # When the tick runs a few minutes later
    clock.shift(timedelta(minutes=5))
    call_command("tick", only="onestop.apology_reminders")

    # Then its officer is asked for the apology the same morning, while it can still be given
    assert [n.recipient for n in StaffNotice.objects.all()] == [desk]
