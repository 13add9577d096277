"""Synthetic dossiers for benchmarks and load tests (`vidan simulate --dossiers M`).

Realistic timelines: receipts during office hours over the past year, every procedure of the catalogue, most
dossiers returned (some late, some after an apology), the rest at every step of the way. Rows are written in
bulk, not through the services: a million dossiers through the services would take hours. Every simulated
dossier has the same PIN, 000000, so that load tests can open their details.
"""

import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from vidan import workdays
from vidan.core.text import fold
from vidan.onestop.codes import REFERENCE_ALPHABET, dossier_code, pin_hash_of
from vidan.onestop.models import (
    Channel,
    Dossier,
    DossierEvent,
    DossierSequence,
    DossierStatus,
    FeeStatus,
    PaymentMethod,
    Procedure,
)
from vidan.onestop.services import commune_calendar
from vidan.org.models import Role, Staff
from vidan.org.simulation import SIMULATION_STEPS, SimulationStep

BATCH = 5000
PIN = "000000"
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Xuân", "Thu", "Quang")
_GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc")
# (share, status) of the simulated dossiers, roughly a commune's mix on an ordinary day.
_MIX = (
    (0.78, DossierStatus.RETURNED),
    (0.06, DossierStatus.RESULT_READY),
    (0.05, DossierStatus.PROCESSING),
    (0.03, DossierStatus.ASSIGNED),
    (0.03, DossierStatus.WAITING_CITIZEN),
    (0.02, DossierStatus.FOR_APPROVAL),
    (0.02, DossierStatus.WITHDRAWN),
    (0.01, DossierStatus.SUBMITTED),
)


def _status(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for share, status in _MIX:
        total += share
        if roll < total:
            return status
    return DossierStatus.RETURNED


def dossiers_simulate(*, commune, count: int, seed: int, handovers: bool = False) -> int:
    """Add dossiers to `commune` until it has `count`. Returns how many were added.

    With `handovers`, each dossier's timeline has its every step (assigned, processed, approved, …) taken by
    the commune's own officers, so that its papers (the control sheet, form 05) have something to show; without
    it, one event stands for the steps after receipt, which is all the queues and the benchmarks need."""
    missing = count - Dossier.objects.filter(commune=commune).count()
    if missing <= 0:
        return 0
    procedures = list(Procedure.objects.all())
    if not procedures:
        raise RuntimeError("load the procedure catalogue first (vidan import-catalogue)")
    rng = random.Random(seed * 7919 + missing)
    calendar = commune_calendar(commune)
    pin_hash = pin_hash_of(PIN)
    now = timezone.now()
    sequences: dict = defaultdict(int)
    # Online dossiers not yet received, per day: their references are numbered from what the commune has.
    online: dict = defaultdict(int)
    for reference in (
        Dossier.objects.filter(commune=commune).exclude(reference=None).values_list("reference", flat=True)
    ):
        online[datetime.strptime(reference[2:8], "%y%m%d").date()] += 1
    for row in DossierSequence.objects.filter(agency_code=commune.agency_code):
        sequences[row.day] = row.last
    officers = _officers(commune) if handovers else None
    added = 0
    while added < missing:
        batch = min(BATCH, missing - added)
        with transaction.atomic():
            dossiers = [
                _one(rng, commune, procedures, calendar, pin_hash, now, sequences, online) for _ in range(batch)
            ]
            Dossier.objects.bulk_create(dossiers, batch_size=1000)
            DossierEvent.objects.bulk_create(
                [event for dossier in dossiers for event in _events(dossier, officers, now)], batch_size=2000
            )
        added += batch
    with transaction.atomic():
        for day, last in sequences.items():
            DossierSequence.objects.update_or_create(agency_code=commune.agency_code, day=day, defaults={"last": last})
    return added


def _one(rng, commune, procedures, calendar, pin_hash, now, sequences, online):
    procedure = rng.choice(procedures)
    day = timezone.localdate(now) - timedelta(days=rng.randint(0, 364))
    day = calendar.working_day_on_or_after(day) if day <= timezone.localdate(now) else day
    moment = datetime.combine(day, time(7, 30), tzinfo=workdays.VIETNAM) + timedelta(minutes=rng.randint(0, 540))
    moment = min(moment, now - timedelta(minutes=5))
    status = _status(rng)
    name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
    working_days = procedure.time_limit_days
    channel = Channel.ONLINE if rng.random() < 0.35 else Channel.DESK
    pages = rng.randint(1, 12) if procedure.fee_rule.needs_pages else None
    copies = rng.randint(1, 3) if procedure.fee_rule.counts_copies else 1
    fee = procedure.fee_for(pages or 1, copies, online=channel == Channel.ONLINE)
    dossier = Dossier(
        commune=commune,
        procedure=procedure,
        pin_hash=pin_hash,
        channel=channel,
        status=status,
        applicant_name=name,
        applicant_name_folded=fold(name),
        applicant_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        working_days=working_days,
        submitted_at=moment,
        fee_amount=fee,
        fee_pages=pages,
        fee_copies=copies,
        fee_status=FeeStatus.EXEMPT if fee == 0 else FeeStatus.UNPAID,
    )
    local_day = timezone.localdate(moment)
    if status == DossierStatus.SUBMITTED:
        # Sent online and not yet received: a tracking reference, the official code comes at receipt.
        online[local_day] += 1
        tail = _reference_tail(commune.pk * 10_000 + online[local_day])
        dossier.channel, dossier.reference = Channel.ONLINE, f"TT{local_day:%y%m%d}-{tail}"
        return dossier
    sequences[local_day] += 1
    dossier.code = dossier_code(commune.agency_code, local_day, sequences[local_day])
    dossier.received_at = moment
    dossier.due_at = workdays.due(calendar, moment, workdays.Period.working(working_days))
    if status in (DossierStatus.RETURNED, DossierStatus.RESULT_READY):
        late = rng.random() < 0.07
        if late and rng.random() < 0.5:
            dossier.apologised = True
            dossier.due_at += timedelta(days=rng.randint(2, 5))
        slack = timedelta(hours=rng.randint(1, 30))
        finished = dossier.due_at + slack if late else max(moment + timedelta(hours=1), dossier.due_at - slack)
        dossier.finished_at = min(finished, now)
        if status == DossierStatus.RETURNED:
            dossier.returned_at = min(dossier.finished_at + timedelta(hours=rng.randint(1, 48)), now)
    if dossier.fee_status == FeeStatus.UNPAID and fee is not None and status != DossierStatus.SUBMITTED:
        dossier.fee_status, dossier.fee_paid_at, dossier.fee_payment_method = FeeStatus.PAID, moment, PaymentMethod.CASH
    elif status == DossierStatus.WAITING_CITIZEN:
        dossier.paused_since = min(moment + timedelta(days=1), now)
    return dossier


def _reference_tail(number: int) -> str:
    """Six characters of the reference alphabet, distinct for distinct numbers below 25**6: with the commune's
    id times 10,000 plus the day's count, simulated references never collide (real ones are drawn at random)."""
    base, digits = len(REFERENCE_ALPHABET), []
    for _ in range(6):
        number, digit = divmod(number, base)
        digits.append(REFERENCE_ALPHABET[digit])
    return "".join(reversed(digits))


def _officers(commune) -> dict[str, Staff | None]:
    """One active officer of the commune for each role a dossier's steps need (None where it has none)."""
    found: dict[str, Staff | None] = {}
    for role in (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER):
        found[role] = Staff.objects.filter(commune=commune, is_active=True, grants__role=role).order_by("id").first()
    return found


# The steps a dossier has taken to reach each status, after its receipt, and who takes each.
_S = DossierStatus
_PROCESSED = (("assign", _S.ASSIGNED), ("start", _S.PROCESSING))
_DECIDED = (*_PROCESSED, ("submit_for_approval", _S.FOR_APPROVAL), ("approve", _S.APPROVED))
_PATHS = {
    _S.ASSIGNED: _PROCESSED[:1],
    _S.PROCESSING: _PROCESSED,
    _S.WAITING_CITIZEN: (*_PROCESSED, ("return_incomplete", _S.WAITING_CITIZEN)),
    _S.FOR_APPROVAL: _DECIDED[:3],
    _S.RESULT_READY: (*_DECIDED, ("mark_result_ready", _S.RESULT_READY)),
    _S.RETURNED: (*_DECIDED, ("mark_result_ready", _S.RESULT_READY), ("return_result", _S.RETURNED)),
    _S.WITHDRAWN: (("withdraw", _S.WITHDRAWN),),
}
_TAKEN_BY = {
    "assign": Role.DESK_OFFICER, "return_result": Role.DESK_OFFICER, "withdraw": Role.DESK_OFFICER,
    "approve": Role.LEADER,
}  # fmt: skip


def _steps(dossier: Dossier, now) -> list[tuple[str, str, datetime]]:
    """(action, status after, moment) of each step after receipt, spread over the time the dossier took."""
    path = _PATHS.get(dossier.status, ())
    end = dossier.finished_at or dossier.paused_since or min(dossier.received_at + timedelta(hours=4), now)
    span = max(end - dossier.received_at, timedelta(minutes=len(path) + 1))
    moments = {"mark_result_ready": dossier.finished_at, "return_result": dossier.returned_at}
    if dossier.paused_since:
        moments["return_incomplete"] = dossier.paused_since
    shares = {"assign": 0.05, "start": 0.1, "submit_for_approval": 0.7, "approve": 0.85, "withdraw": 0.5}
    return [
        (action, status, moments.get(action) or dossier.received_at + span * shares.get(action, 0.9))
        for action, status in path
    ]


def _events(dossier: Dossier, officers: dict | None = None, now=None) -> list[DossierEvent]:
    def event(at, action, before, after, actor=None):
        return DossierEvent(
            dossier=dossier, commune_id=dossier.commune_id, at=at, actor=actor,
            actor_label=actor.username if actor is not None else "simulate", action=action,
            from_status=before, to_status=after,
        )  # fmt: skip

    if dossier.received_at is None:
        return [event(dossier.submitted_at, "submit", "", DossierStatus.SUBMITTED)]
    if officers is not None:
        desk = officers[Role.DESK_OFFICER]
        events = [event(dossier.received_at, "receive", "", DossierStatus.RECEIVED, desk)]
        before = DossierStatus.RECEIVED
        for action, status, at in _steps(dossier, now):
            actor = officers[_TAKEN_BY.get(action, Role.SPECIALIST)]
            events.append(event(at, action, before, status, actor))
            before = status
        return events
    events = [event(dossier.received_at, "receive", "", DossierStatus.RECEIVED)]
    if dossier.status != DossierStatus.RECEIVED:
        at = dossier.finished_at or dossier.paused_since or dossier.received_at + timedelta(hours=2)
        events.append(event(at, "simulated", DossierStatus.RECEIVED, dossier.status))
    return events


SIMULATION_STEPS.register(
    SimulationStep("dossiers", "one-stop dossiers per commune, over the past year", dossiers_simulate)
)
