"""The one-stop desk's figures for a period, counted as the official reports count them (TT 01/2018/TT-VPCP
Art. 13 scores early, on time and late apart; docs/legal.md §3.5): the dossiers the period handled — carried over
from before it and newly received (online, at the desk) — and what became of them by its end: resolved before
the due day, on time or late; still in progress within the time limit, late, or waiting for the citizen;
withdrawn or refused. Per commune, department and procedure.

Grouped queries return a few rows per procedure (where each dossier came from, where it stood at the end);
the procedures' names come after; the rest is added up in Python. The rules of each column are in
`_origin` and `_outcome`, in one place, and docs/onestop.md says them in words.
"""

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from django.db.models import Case, CharField, Count, DateField, F, FilteredRelation, Func, Q, Value, When
from django.utils import timezone

from vidan.core.text import fold
from vidan.onestop.models import Channel, Dossier, DossierStatus, Procedure
from vidan.org.indicators import percent
from vidan.org.models import DepartmentKind
from vidan.workdays import VIETNAM

# Closed with no result: withdrawn by the citizen, or refused at intake. Each closing step is an event, whose
# time says in which period the dossier left.
CLOSED_WITHOUT_RESULT = (DossierStatus.WITHDRAWN, DossierStatus.REFUSED)
CLOSING_ACTIONS = ("withdraw", "refuse_intake")
GONE = "gone"  # closed before the period: not counted


class LocalDay(Func):
    """The day, in Vietnam, of a moment stored in UTC. Vietnam keeps UTC+7 all year (no summer time since 1975),
    so the database's own date arithmetic does: Django's TruncDate calls a Python function per row on SQLite,
    which made a year's figures ten times slower."""

    output_field = DateField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s, '+7 hours')", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s AT TIME ZONE 'Asia/Ho_Chi_Minh')::date", **extra
        )


@dataclass
class Figures:
    """One line of the report. Each dossier is counted once where it came from (carried over, received online,
    received at the desk) and once where it stood at the end of the period (the other seven)."""

    carried_over: int = 0
    received_online: int = 0
    received_desk: int = 0
    done_early: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_late: int = 0
    waiting_citizen: int = 0
    withdrawn: int = 0

    @property
    def received(self) -> int:
        return self.received_online + self.received_desk

    @property
    def total(self) -> int:
        return self.carried_over + self.received

    @property
    def done(self) -> int:
        return self.done_early + self.done_on_time + self.done_late

    @property
    def done_in_time(self) -> int:
        return self.done_early + self.done_on_time

    @property
    def in_progress(self) -> int:
        return self.open_on_time + self.open_late + self.waiting_citizen

    @property
    def late(self) -> int:
        """Resolved late, or still open and already late: every dossier the period failed."""
        return self.done_late + self.open_late

    @property
    def on_time_rate(self) -> float | None:
        """Of the dossiers resolved in the period and those still open and already late, the share resolved by
        their due date; None when there is neither."""
        judged = self.done + self.open_late
        return self.done_in_time / judged if judged else None

    @property
    def on_time_percent(self) -> float | None:
        """The on-time rate in per cent, to one decimal: what the page, the exports and the indicator show."""
        return percent(self.done_in_time, self.done + self.open_late)

    def add(self, other: "Figures") -> None:
        for each in fields(self):
            setattr(self, each.name, getattr(self, each.name) + getattr(other, each.name))


@dataclass
class Row:
    label: str
    figures: Figures = field(default_factory=Figures)
    kind: str = ""  # a department's kind


@dataclass
class Statistics:
    date_from: date
    date_to: date
    as_of: datetime  # the end of the period, or now when it has not ended yet: where lateness is measured
    ended: bool  # whether the period was over when it was counted
    department_kind: str  # "" for the whole commune
    total: Figures
    by_department: list[Row]
    by_procedure: list[Row]


def _origin(start: datetime) -> Case:
    return Case(
        When(received_at__lt=start, then=Value("carried_over")),
        When(channel=Channel.ONLINE, then=Value("received_online")),
        default=Value("received_desk"),
        output_field=CharField(),
    )


def _outcome(start: datetime, end: datetime, as_of: datetime, *, closed: bool) -> Case:
    """Where a dossier stood at the end of the period. The first matching line wins. `closed`: the dossiers
    withdrawn or refused, with the time of the event that closed them (`closed_at`); else those never closed."""
    done = Q(finished_at__lt=end)
    lines = []
    if closed:
        lines = [
            # Closed before the period began: not the period's (left out of the figures). A closed dossier
            # without its event counts as closed the day it was received.
            When(Q(closed_at__lt=start) | (Q(closed_at__isnull=True) & Q(received_at__lt=start)), then=Value(GONE)),
            When(Q(closed_at__isnull=True) | Q(closed_at__lt=end), then=Value("withdrawn")),
            # Closed after the period: it stood open at its end, as the lines below say.
        ]
    return Case(
        *lines,
        # A dossier that needed a written apology and a new appointment (form 04) was late, whatever the new
        # appointment says.
        When(done & (Q(apologised=True) | Q(finished_at__gt=F("due_at"))), then=Value("done_late")),
        # Early: the result was ready on a day before the due day (not merely hours before the due time).
        When(done & Q(finished_day__lt=F("due_day")), then=Value("done_early")),
        When(done, then=Value("done_on_time")),
        # Paused, waiting for the citizen to complete the dossier: the time limit is not running, so not late.
        When(paused_since__lt=end, then=Value("waiting_citizen")),
        When(Q(apologised=True) | Q(due_at__lt=as_of), then=Value("open_late")),
        default=Value("open_on_time"),
        output_field=CharField(),
    )


def _counted(dossiers, start: datetime, end: datetime, as_of: datetime, *, closed: bool) -> list[dict]:
    """Rows (procedure, origin, outcome, n): how many dossiers of each procedure came from where and stood where."""
    return list(
        dossiers.alias(finished_day=LocalDay("finished_at"), due_day=LocalDay("due_at"))
        .annotate(origin=_origin(start), outcome=_outcome(start, end, as_of, closed=closed))
        .values("procedure_id", "origin", "outcome")
        .annotate(n=Count("procedure"))
        .order_by()
    )


def dossier_statistics(
    *, commune, date_from: date, date_to: date, department_kind: str = "", now: datetime | None = None
) -> Statistics:
    """The dossiers `commune` handled in [date_from, date_to] (local days), optionally of one department's
    procedures, as they stood at the end of the period (or now, for a period not over yet).

    A past period is counted from each dossier's stored times (received, result ready, due, paused since, the
    event that closed it); its due date is the one stored now. Two grouped queries: the dossiers never closed
    without a result, from the period index's columns and the rows they point to; and those withdrawn or
    refused, found by status, each joined to the event that closed it (no subquery per row: PostgreSQL priced
    one so high that it compiled the query, which took longer than running it).
    """
    now = now or timezone.now()
    start = datetime.combine(date_from, time.min, tzinfo=VIETNAM)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=VIETNAM)
    as_of = min(end, now)
    dossiers = Dossier.objects.filter(commune=commune, received_at__lt=end)
    if department_kind:
        dossiers = dossiers.filter(procedure__department_kind=department_kind)
    # Received in the period, or before it and without a result when it started.
    handled = dossiers.exclude(status__in=CLOSED_WITHOUT_RESULT).filter(
        Q(received_at__gte=start) | Q(finished_at__isnull=True) | Q(finished_at__gte=start)
    )
    closed = dossiers.filter(status__in=CLOSED_WITHOUT_RESULT).alias(
        closing=FilteredRelation("events", condition=Q(events__action__in=CLOSING_ACTIONS)),
        closed_at=F("closing__at"),
    )
    rows = _counted(handled, start, end, as_of, closed=False) + _counted(closed, start, end, as_of, closed=True)
    figures_by_procedure: dict[int, Figures] = {}
    for row in rows:
        if row["outcome"] == GONE:
            continue
        figures = figures_by_procedure.setdefault(row["procedure_id"], Figures())
        for name in (row["origin"], row["outcome"]):
            setattr(figures, name, getattr(figures, name) + row["n"])
    procedures_by_id = Procedure.objects.only("code", "name", "department_kind", "valid_from").in_bulk(
        list(figures_by_procedure)
    )
    total, departments, procedures = Figures(), {}, {}
    names = dict(DepartmentKind.choices)
    # The versions of a procedure (a new time limit or fee from a date) make one line, under the latest name.
    for procedure in sorted(procedures_by_id.values(), key=lambda procedure: procedure.valid_from):
        figures = figures_by_procedure[procedure.pk]
        row = procedures.setdefault(procedure.code, Row(procedure.name))
        row.label = procedure.name
        row.figures.add(figures)
        kind = procedure.department_kind
        departments.setdefault(kind, Row(str(names.get(kind, kind)), kind=kind)).figures.add(figures)
        total.add(figures)
    # "Đ" among the Ds: sorted by the folded names.
    by_procedure = sorted(procedures.values(), key=lambda row: fold(row.label))
    by_department = sorted(departments.values(), key=lambda row: fold(row.label))
    return Statistics(date_from, date_to, as_of, end <= now, department_kind, total, by_department, by_procedure)
