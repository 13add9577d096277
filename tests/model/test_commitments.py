"""A commitment's refusals, each with its message and changing nothing: signed twice, changed once signed,
revised or followed up from a version that is not the current signed one, a period before it was signed."""

from datetime import date

import pytest

from tests.factories import SYSTEM, actor_of, make_department, make_staff
from tests.model.factories import checked_pdf, make_framework
from vidan.audit.models import AuditEntry
from vidan.core.errors import Conflict, FieldsRefused
from vidan.model.commitments import (
    Signer,
    commitment_draft,
    commitment_draft_update,
    commitment_revise,
    commitment_sign,
    follow_up_record,
)
from vidan.model.launch import department_model_add
from vidan.model.models import CommitmentStatus, FollowUp
from vidan.org.models import Role

pytestmark = pytest.mark.clock

SIGNERS = [Signer("Trần Thị Thu Hằng", "Công chức Bộ phận Một cửa")]


@pytest.fixture
def desk(clock, commune):
    make_framework(commune)
    return make_department(commune, name="Bộ phận Một cửa")


def test_each_stale_step_on_a_commitment_is_refused_and_changes_nothing(desk):
    draft = commitment_draft(actor=SYSTEM, department=desk, items=["Hướng dẫn một lần"], signers=SIGNERS)
    with pytest.raises(Conflict, match="dự thảo"):
        commitment_draft(actor=SYSTEM, department=desk, items=["Khác"], signers=SIGNERS)
    with pytest.raises(Conflict, match="đã ký"):
        follow_up_record(actor=SYSTEM, item=draft.items.get(), period_day=date(2026, 3, 1), status="in_progress")
    with pytest.raises(Conflict, match="đã ký"):
        commitment_revise(actor=SYSTEM, commitment=draft)
    signed = commitment_sign(actor=SYSTEM, commitment=draft, signed_on=date(2026, 2, 2), scan=checked_pdf())
    with pytest.raises(Conflict, match="02/02/2026"):
        commitment_sign(actor=SYSTEM, commitment=signed, signed_on=date(2026, 2, 3), scan=checked_pdf())
    with pytest.raises(Conflict, match="phiên bản mới"):
        commitment_draft_update(actor=SYSTEM, commitment=signed, items=["Khác"], signers=SIGNERS)
    with pytest.raises(FieldsRefused, match="02/02/2026"):
        follow_up_record(actor=SYSTEM, item=signed.items.get(), period_day=date(2025, 12, 1), status="not_done")
    new = commitment_revise(actor=SYSTEM, commitment=signed)
    with pytest.raises(FieldsRefused, match="02/02/2026"):
        commitment_sign(actor=SYSTEM, commitment=new, signed_on=date(2026, 1, 5), scan=checked_pdf())
    commitment_sign(actor=SYSTEM, commitment=new, signed_on=date(2026, 3, 2), scan=checked_pdf())
    signed.refresh_from_db()
    assert signed.status == CommitmentStatus.SUPERSEDED
    with pytest.raises(Conflict, match="thay thế"):
        follow_up_record(actor=SYSTEM, item=signed.items.get(), period_day=date(2026, 3, 1), status="in_progress")
    assert list(signed.items.values_list("text", flat=True)) == ["Hướng dẫn một lần"]
    assert not FollowUp.objects.exists()
    assert AuditEntry.objects.filter(action="model.commitment.sign").count() == 2


def test_a_follow_up_of_the_same_period_corrects_it_and_is_audited_with_before_and_after(desk):
    commitment = commitment_draft(actor=SYSTEM, department=desk, items=["Trả kết quả đúng hẹn"], signers=SIGNERS)
    commitment = commitment_sign(actor=SYSTEM, commitment=commitment, signed_on=date(2026, 1, 5), scan=checked_pdf())
    item = commitment.items.get()
    follow_up_record(actor=SYSTEM, item=item, period_day=date(2026, 1, 20), status="in_progress", comment="Đang làm")
    follow_up_record(
        actor=SYSTEM, item=item, period_day=date(2026, 3, 9), status="done", evidence=[checked_pdf("minh-chung.pdf")]
    )
    row = FollowUp.objects.get()
    assert (row.period_start, row.period_end, row.status) == (date(2026, 1, 1), date(2026, 3, 31), "done")
    entries = AuditEntry.objects.filter(action="model.commitment.follow_up").order_by("id")
    assert [(e.data["from"], e.data["to"]) for e in entries] == [("", "in_progress"), ("in_progress", "done")]
    with pytest.raises(FieldsRefused, match="chưa bắt đầu"):
        follow_up_record(actor=SYSTEM, item=item, period_day=date(2026, 4, 1), status="in_progress")


def test_a_department_has_one_model(desk, commune):
    leader = actor_of(make_staff(commune, Role.LEADER))
    department_model_add(actor=leader, department=desk, name="Một cửa thân thiện", started_on=date(2026, 1, 5))
    with pytest.raises(Conflict, match="đã có mô hình"):
        department_model_add(actor=leader, department=desk, name="Khác", started_on=date(2026, 1, 5))
    with pytest.raises(FieldsRefused):
        department_model_add(actor=leader, department=make_department(commune), name=" ", started_on=date(2027, 1, 1))
