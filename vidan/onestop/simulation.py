"""Synthetic dossiers for the demo, benchmarks and load tests (`vidan simulate --dossiers M`).

Timelines an officer would believe: receipts on working days during office hours over the past year, numbered
each day in the order they came in; online dossiers received within a day or two of being sent, and those still
waiting for the desk's check sent in the last two days; every step taken by the commune's own staff (the desk
receives, assigns and returns, the specialist of the procedure's department processes, the chairman approves),
so every dossier in progress has its specialist. Most dossiers are returned (some late, some after an
apology), the rest at every step of the way. A commune without staff (a benchmark's) gets the same steps
without names.

Rows are written in bulk, not through the services: a million dossiers through the services would take hours.
Every simulated dossier has the same PIN, 000000, so that load tests can open their details. A second run on
the same commune numbers its dossiers after the first run's of each day.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
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
from vidan.onestop.online import CITIZEN
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


@dataclass
class _Crew:
    """Who takes the steps of a commune's dossiers: its desk officers, its specialists by department, its
    leaders. Empty lists for a commune without staff."""

    desk: list = field(default_factory=list)
    specialists: dict = field(default_factory=dict)  # department kind -> [Staff]
    everyone_specialist: list = field(default_factory=list)
    leaders: list = field(default_factory=list)

    @classmethod
    def of(cls, commune) -> "_Crew":
        crew = cls()
        members = Staff.objects.filter(commune=commune, is_active=True).select_related("department")
        for role, bucket in ((Role.DESK_OFFICER, crew.desk), (Role.LEADER, crew.leaders)):
            bucket.extend(members.filter(grants__role=role).distinct().order_by("id"))
        for member in members.filter(grants__role=Role.SPECIALIST).distinct().order_by("id"):
            crew.everyone_specialist.append(member)
            kind = member.department.kind if member.department_id else ""
            crew.specialists.setdefault(kind, []).append(member)
        return crew

    def specialist_for(self, rng, procedure):
        found = self.specialists.get(procedure.department_kind) or self.everyone_specialist
        return rng.choice(found) if found else None

    def pick(self, rng, people):
        return rng.choice(people) if people else None


def _receipt_moments(rng, calendar, now: datetime, count: int) -> list[datetime]:
    """`count` moments of receipt over the past year, on working days within office hours, in time order."""
    today = timezone.localdate(now)
    hours = calendar.hours
    morning = _minutes(hours.morning_start), _minutes(hours.morning_end)
    afternoon = _minutes(hours.afternoon_start), _minutes(hours.afternoon_end)
    moments = []
    while len(moments) < count:
        day = today - timedelta(days=rng.randint(0, 364))
        if not calendar.is_working_day(day):
            continue
        start, end = morning if rng.random() < 0.6 else afternoon
        minute = rng.randint(start, end - 5)
        moment = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=workdays.VIETNAM)
        if moment < now - timedelta(minutes=5):
            moments.append(moment)
    moments.sort()
    return moments


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def dossiers_simulate(*, commune, count: int, seed: int) -> int:
    """Add dossiers to `commune` until it has `count`. Returns how many were added."""
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
    crew = _Crew.of(commune)
    sequences: dict = defaultdict(int)
    # Online dossiers not yet received, per day: their references are numbered from what the commune has.
    online: dict = defaultdict(int)
    for reference in (
        Dossier.objects.filter(commune=commune).exclude(reference=None).values_list("reference", flat=True)
    ):
        online[datetime.strptime(reference[2:8], "%y%m%d").date()] += 1
    for row in DossierSequence.objects.filter(agency_code=commune.agency_code):
        sequences[row.day] = row.last
    # In time order, so that each day's numbers follow the order of receipt.
    moments = _receipt_moments(rng, calendar, now, missing)
    added = 0
    while added < missing:
        batch = moments[added : added + BATCH]
        with transaction.atomic():
            made = [
                _one(rng, commune, procedures, calendar, pin_hash, now, sequences, online, crew, moment)
                for moment in batch
            ]
            Dossier.objects.bulk_create([dossier for dossier, _steps in made], batch_size=1000)
            DossierEvent.objects.bulk_create(
                [event for dossier, steps in made for event in _events(dossier, steps)], batch_size=2000
            )
        added += len(batch)
    with transaction.atomic():
        for day, last in sequences.items():
            DossierSequence.objects.update_or_create(agency_code=commune.agency_code, day=day, defaults={"last": last})
    return added


# The steps a dossier has taken to reach each status, after its receipt.
_PATHS = {
    DossierStatus.RECEIVED: (),
    DossierStatus.ASSIGNED: ("assign",),
    DossierStatus.PROCESSING: ("assign", "start"),
    DossierStatus.WAITING_CITIZEN: ("assign", "start", "return_incomplete"),
    DossierStatus.FOR_APPROVAL: ("assign", "start", "submit_for_approval"),
    DossierStatus.RESULT_READY: ("assign", "start", "submit_for_approval", "approve", "mark_result_ready"),
    DossierStatus.RETURNED: (
        "assign", "start", "submit_for_approval", "approve", "mark_result_ready", "return_result",
    ),
    DossierStatus.WITHDRAWN: ("withdraw",),
}  # fmt: skip
_TARGETS = {
    "assign": DossierStatus.ASSIGNED,
    "start": DossierStatus.PROCESSING,
    "return_incomplete": DossierStatus.WAITING_CITIZEN,
    "submit_for_approval": DossierStatus.FOR_APPROVAL,
    "approve": DossierStatus.APPROVED,
    "mark_result_ready": DossierStatus.RESULT_READY,
    "return_result": DossierStatus.RETURNED,
    "withdraw": DossierStatus.WITHDRAWN,
}
_NOTES = {
    "return_incomplete": (
        "Thiếu bản sao giấy tờ tùy thân của người yêu cầu; đề nghị bổ sung.",
        "Tờ khai chưa ghi đủ thông tin nơi cư trú; đề nghị hoàn thiện.",
        "Cần bổ sung văn bản ủy quyền có chứng thực.",
    ),
    "withdraw": ("Công dân có đơn xin rút hồ sơ.", "Người yêu cầu xin rút hồ sơ để bổ sung giấy tờ, sẽ nộp lại sau."),
}


@dataclass
class _Step:
    action: str
    at: datetime
    actor: object
    before: str
    after: str
    note: str = ""


def _one(rng, commune, procedures, calendar, pin_hash, now, sequences, online, crew, moment):
    procedure = rng.choice(procedures)
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
        fee_amount=fee,
        fee_pages=pages,
        fee_copies=copies,
        fee_status=FeeStatus.EXEMPT if fee == 0 else FeeStatus.UNPAID,
    )
    if status == DossierStatus.SUBMITTED:
        # Sent online in the last two days and not yet checked: a tracking reference, the code comes at receipt.
        sent = now - timedelta(minutes=rng.randint(15, 2 * 24 * 60))
        local_day = timezone.localdate(sent)
        online[local_day] += 1
        tail = _reference_tail(commune.pk * 10_000 + online[local_day])
        dossier.channel, dossier.reference = Channel.ONLINE, f"TT{local_day:%y%m%d}-{tail}"
        dossier.submitted_at = sent
        return dossier, [_Step("submit", sent, None, "", DossierStatus.SUBMITTED)]
    local_day = timezone.localdate(moment)
    sequences[local_day] += 1
    dossier.code = dossier_code(commune.agency_code, local_day, sequences[local_day])
    dossier.received_at = moment
    desk = crew.pick(rng, crew.desk)
    dossier.received_by = desk
    steps = []
    if channel == Channel.ONLINE:  # sent a few hours to two days before the desk received it
        dossier.submitted_at = moment - timedelta(minutes=rng.randint(20, 2 * 24 * 60))
        steps.append(_Step("submit", dossier.submitted_at, None, "", DossierStatus.SUBMITTED))
        steps.append(_Step("receive", moment, desk, DossierStatus.SUBMITTED, DossierStatus.RECEIVED))
    else:
        dossier.submitted_at = moment
        steps.append(_Step("receive", moment, desk, "", DossierStatus.RECEIVED))
    dossier.due_at = workdays.due(calendar, moment, workdays.Period.working(working_days))
    if status in (DossierStatus.RETURNED, DossierStatus.RESULT_READY):
        late = rng.random() < 0.07
        if late and rng.random() < 0.5:
            dossier.apologised = True
            dossier.due_at += timedelta(days=rng.randint(2, 5))
        slack = timedelta(hours=rng.randint(1, 30))
        finished = dossier.due_at + slack if late else max(moment + timedelta(hours=1), dossier.due_at - slack)
        dossier.finished_at = min(finished, now - timedelta(minutes=2))
        if status == DossierStatus.RETURNED:
            handed_back = dossier.finished_at + timedelta(hours=rng.randint(1, 48))
            dossier.returned_at = min(handed_back, now - timedelta(minutes=1))
    elif status == DossierStatus.WAITING_CITIZEN:
        dossier.paused_since = min(moment + timedelta(hours=rng.randint(3, 30)), now - timedelta(minutes=5))
    if dossier.fee_status == FeeStatus.UNPAID and fee is not None:  # taken at the desk on the day of receipt
        dossier.fee_status, dossier.fee_paid_at, dossier.fee_payment_method = FeeStatus.PAID, moment, PaymentMethod.CASH
    specialist = crew.specialist_for(rng, procedure)
    if "assign" in _PATHS[status]:
        dossier.assignee = specialist
    steps += _later_steps(rng, dossier, status, moment, now, desk, specialist, crew.pick(rng, crew.leaders))
    return dossier, steps


def _later_steps(rng, dossier, status, received, now, desk, specialist, leader) -> list[_Step]:
    """The steps after receipt: the desk hands the dossier over within the hour, the specialist's steps fall
    between then and the result, the result is marked ready when it was finished and returned when it was."""
    path = _PATHS[status]
    if not path:
        return []
    last = dossier.returned_at or dossier.finished_at or dossier.paused_since
    if last is None:  # still under way: its latest step some hours after receipt, before now
        last = min(received + timedelta(hours=rng.randint(1, 48)), now - timedelta(minutes=3))
    work_end = dossier.finished_at or last
    handed = min(received + timedelta(minutes=rng.randint(5, 55)), work_end)
    inner = iter(sorted(handed + (work_end - handed) * rng.uniform(0.05, 0.9) for _ in path))
    moments = []
    for position, action in enumerate(path):
        if action == "assign":
            moment = handed
        elif action == "mark_result_ready":
            moment = dossier.finished_at
        elif action == "return_result":
            moment = dossier.returned_at
        elif position == len(path) - 1:
            moment = last
        else:
            moment = next(inner)
        moments.append(max(moment, moments[-1]) if moments else moment)
    by = {
        "assign": desk, "return_result": desk, "withdraw": desk, "approve": leader,
        "start": specialist, "return_incomplete": specialist, "submit_for_approval": specialist,
        "mark_result_ready": specialist,
    }  # fmt: skip
    steps, before = [], DossierStatus.RECEIVED
    for action, moment in zip(path, moments, strict=True):
        after = _TARGETS[action]
        note = rng.choice(_NOTES[action]) if action in _NOTES else ""
        steps.append(_Step(action, moment, by[action], before, after, note))
        before = after
    return steps


def _reference_tail(number: int) -> str:
    """Six characters of the reference alphabet, distinct for distinct numbers below 25**6: with the commune's
    id times 10,000 plus the day's count, simulated references never collide (real ones are drawn at random)."""
    base, digits = len(REFERENCE_ALPHABET), []
    for _ in range(6):
        number, digit = divmod(number, base)
        digits.append(REFERENCE_ALPHABET[digit])
    return "".join(reversed(digits))


# What the timeline shows as "who" for a step of a commune without staff (a benchmark's).
DESK_LABEL = "Bộ phận Một cửa"


def _events(dossier: Dossier, steps: list[_Step]) -> list[DossierEvent]:
    return [
        DossierEvent(
            dossier=dossier,
            commune_id=dossier.commune_id,
            at=step.at,
            actor=step.actor,
            actor_label=step.actor.username if step.actor else CITIZEN if step.action == "submit" else DESK_LABEL,
            action=step.action,
            from_status=step.before,
            to_status=step.after,
            note=step.note,
        )
        for step in steps
    ]


SIMULATION_STEPS.register(
    SimulationStep("dossiers", "one-stop dossiers per commune, over the past year", dossiers_simulate)
)
