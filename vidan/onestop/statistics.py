"""The one-stop desk's figures for a period: received, done on time, done late, in progress on time or late,
and the on-time rate — per commune, department and procedure (the figures of form 06 and of the unit's
evaluation, TT 01/2018 Art. 13). One aggregate query, grouped by procedure, and one for the procedures' names;
the rest is added up in Python."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from vidan.core.text import fold
from vidan.onestop.models import Dossier, DossierStatus, Procedure
from vidan.org.models import DepartmentKind
from vidan.workdays import VIETNAM

CLOSED_WITHOUT_RESULT = (DossierStatus.WITHDRAWN, DossierStatus.REFUSED)


@dataclass
class Figures:
    received: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_late: int = 0
    closed_without_result: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Share of the finished dossiers finished on time, or None when none is finished."""
        return self.done_on_time / self.done if self.done else None

    def add(self, other: "Figures") -> None:
        for name in ("received", "done_on_time", "done_late", "open_on_time", "open_late", "closed_without_result"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Row:
    label: str
    figures: Figures = field(default_factory=Figures)


@dataclass
class Statistics:
    date_from: date
    date_to: date
    total: Figures
    by_department: list[Row]
    by_procedure: list[Row]


def dossier_statistics(*, commune, date_from: date, date_to: date, now: datetime | None = None) -> Statistics:
    """Dossiers received in [date_from, date_to] (local days) by `commune`, as they stand at `now`."""
    now = now or timezone.now()
    start = datetime.combine(date_from, time.min, tzinfo=VIETNAM)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=VIETNAM)
    finished = Q(finished_at__isnull=False)
    open_ = Q(finished_at__isnull=True) & ~Q(status__in=CLOSED_WITHOUT_RESULT)
    # Counted per procedure from the period index alone (see Dossier.Meta.indexes): what is counted is the
    # procedure, never null and in that index, where the id would make PostgreSQL read every row. The
    # procedures' names and departments come after, for the few procedures there are.
    rows = list(
        Dossier.objects.filter(commune=commune, received_at__gte=start, received_at__lt=end)
        .values("procedure_id")
        .annotate(
            received=Count("procedure"),
            done_on_time=Count("procedure", filter=finished & Q(finished_at__lte=F("due_at"))),
            done_late=Count("procedure", filter=finished & Q(finished_at__gt=F("due_at"))),
            open_on_time=Count("procedure", filter=open_ & Q(due_at__gte=now)),
            open_late=Count("procedure", filter=open_ & Q(due_at__lt=now)),
            closed_without_result=Count("procedure", filter=Q(status__in=CLOSED_WITHOUT_RESULT)),
        )
        .order_by()
    )
    procedures_by_id = Procedure.objects.in_bulk([row["procedure_id"] for row in rows])
    total, departments, procedures = Figures(), {}, []
    names = dict(DepartmentKind.choices)
    for row in sorted(rows, key=lambda row: fold(procedures_by_id[row["procedure_id"]].name)):  # "Đ" among the Ds
        procedure = procedures_by_id[row["procedure_id"]]
        figures = Figures(
            **{name: row[name] for name in ("received", "done_on_time", "done_late", "open_on_time", "open_late")},
            closed_without_result=row["closed_without_result"],
        )
        procedures.append(Row(procedure.name, figures))
        kind = procedure.department_kind
        departments.setdefault(kind, Row(str(names.get(kind, kind)))).figures.add(figures)
        total.add(figures)
    by_department = sorted(departments.values(), key=lambda r: r.label)
    return Statistics(date_from, date_to, total, by_department, procedures)
