"""Deadlines counted the law's way, on a `Calendar`. Pure functions: no database, no clock of their own.

- A period of N working days starts the day after receipt; the due date is the N-th working day after the
  receipt day, at the end of office hours. A dossier received at or after the cut-off (15:00) or on a
  non-working day counts as received on the next working day (NĐ 61/2018 Art. 18(2)). "Same day" (N = 0) is
  the receipt day itself.
- A period of N calendar days (complaints, denunciations) also starts the day after receipt; when its last
  day is not a working day, it ends at the end of the next working day. The cut-off does not apply.
- The clock can pause (waiting for the citizen) and resume, either where it stopped or from zero (returned
  as incomplete, NĐ 61/2018 Art. 19(4)): one flag of the resumption says which. It can be extended (each
  extension with its decision, a limited number of times), moved once by an apology to a later working day
  (form 04, Art. 19(9)), and counted again on a changed calendar (`clock_recount`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from vidan.workdays.calendar import Calendar, OutOfRange


@dataclass(frozen=True)
class Period:
    """A time limit: in working days or in calendar days, never both."""

    working_days: int | None = None
    calendar_days: int | None = None

    def __post_init__(self):
        if (self.working_days is None) == (self.calendar_days is None):
            raise ValueError("a period is in working days or in calendar days")
        if (self.working_days or 0) < 0 or (self.calendar_days or 0) < 0:
            raise ValueError("a period cannot be negative")

    @classmethod
    def working(cls, n: int) -> "Period":
        return cls(working_days=n)

    @classmethod
    def calendar(cls, n: int) -> "Period":
        return cls(calendar_days=n)

    def __str__(self):
        if self.working_days is not None:
            return f"{self.working_days} working days"
        return f"{self.calendar_days} calendar days"


def due(calendar: Calendar, received: datetime, period: Period) -> datetime:
    """When a period starting at `received` ends: end of office hours on its last day."""
    return calendar.end_of_day(due_day(calendar, received, period))


def due_day(calendar: Calendar, received: datetime, period: Period) -> date:
    if period.working_days is not None:
        return calendar.add_working_days(calendar.receipt_day(received), period.working_days)
    last = calendar.local(received).date() + timedelta(days=period.calendar_days)
    return calendar.working_day_on_or_after(last)


def extend(calendar: Calendar, current_due: datetime, period: Period) -> datetime:
    """A due date moved on by `period`, counted from the day after the current due date."""
    day = calendar.local(current_due).date()
    if period.working_days is not None:
        return calendar.end_of_day(calendar.add_working_days(day, period.working_days))
    return calendar.end_of_day(calendar.working_day_on_or_after(day + timedelta(days=period.calendar_days)))


@dataclass(frozen=True)
class Standing:
    """Where an open item stands against its due date at a moment."""

    due: datetime
    remaining: int  # working days left after today; negative when late
    late: bool
    due_soon: bool  # not late and at most one working day left


def standing(calendar: Calendar, due_at: datetime, now: datetime) -> Standing:
    """Working days remaining until `due_at` (0 = due today), or how many working days late.

    An item late on a non-working day right after its due date counts one day late, not zero.
    """
    today, due_date = calendar.local(now).date(), calendar.local(due_at).date()
    late = now > due_at
    if late:
        remaining = -max(1, calendar.working_days_between(due_date, today))
    else:
        remaining = calendar.working_days_between(today, due_date)
    return Standing(due=due_at, remaining=remaining, late=late, due_soon=not late and remaining <= 1)


# -- the clock of one item --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pause:
    """The clock stops: waiting for the citizen (to supplement, to pay, to come)."""

    at: datetime


@dataclass(frozen=True)
class Resume:
    """The clock goes again after a pause.

    `restart` says how the pause counts: True, the time limit starts again from zero at `at` (NĐ 61/2018
    Art. 19(4): a dossier returned as incomplete and completed by the citizen); False, it goes on where it
    stopped, the due date moved on by the days it stood still. One rule, one flag: a caller whose law changes
    on a date passes the flag the date calls for.
    """

    at: datetime
    restart: bool = False


@dataclass(frozen=True)
class Restart:
    """The time limit starts again from zero, as if received at `at` (NĐ 61/2018 Art. 19(4)), whether or not
    the clock was paused; a paused clock restarts just as `Resume(at, restart=True)` resumes it."""

    at: datetime


@dataclass(frozen=True)
class Extend:
    """More time, granted by a decision (`basis`)."""

    at: datetime
    period: Period
    basis: str


@dataclass(frozen=True)
class Apologise:
    """A written apology with a new appointment (form 04): given by the due date at the latest, for a later
    one on a working day, once (NĐ 61/2018 Art. 19(9))."""

    at: datetime
    new_due: datetime


Event = Pause | Resume | Restart | Extend | Apologise


class ClockError(ValueError):
    """An event the rules do not allow at that point (a second apology, a resume while running, …).

    `code` names the rule, for callers that tell their users in their own words: "paused", "already_paused",
    "not_paused", "extensions", "apologised", "too_late", "not_later", "not_working_day".
    """

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Clock:
    """The state of an item's deadline after a sequence of events."""

    received: datetime  # when the current count started: the receipt, or the last restart
    period: Period
    due: datetime  # while paused: the due date as it stood when the clock stopped
    paused_since: datetime | None = None
    extensions: int = 0
    restarts: int = 0
    apologised: bool = False
    bases: tuple[str, ...] = field(default=())
    # The events since the count started, in order: what a recount on another calendar replays. A restart
    # empties it, as nothing before it counts any more.
    since: tuple[Event, ...] = field(default=())

    @property
    def paused(self) -> bool:
        return self.paused_since is not None


def clock_start(calendar: Calendar, received: datetime, period: Period) -> Clock:
    return Clock(received=received, period=period, due=due(calendar, received, period))


def clock_apply(calendar: Calendar, clock: Clock, event: Event, *, max_extensions: int = 1) -> Clock:
    """The clock after one more event. Raises ClockError for an event the rules refuse."""
    if isinstance(event, Pause):
        if clock.paused:
            raise ClockError("the clock is already paused", code="already_paused")
        return replace(clock, paused_since=event.at, since=(*clock.since, event))
    if isinstance(event, Resume):
        if not clock.paused:
            raise ClockError("the clock is not paused", code="not_paused")
        if event.restart:
            return _restarted(calendar, clock, event.at)
        return replace(clock, paused_since=None, due=_shifted(calendar, clock, event.at), since=(*clock.since, event))
    if isinstance(event, Restart):
        return _restarted(calendar, clock, event.at)
    if clock.paused:
        raise ClockError("the clock is paused", code="paused")
    if isinstance(event, Extend):
        if clock.extensions >= max_extensions:
            raise ClockError(f"no more than {max_extensions} extension(s)", code="extensions")
        return replace(
            clock,
            due=extend(calendar, clock.due, event.period),
            extensions=clock.extensions + 1,
            bases=(*clock.bases, event.basis),
            since=(*clock.since, event),
        )
    if isinstance(event, Apologise):
        if clock.apologised:
            raise ClockError("the appointment can be moved only once", code="apologised")
        if event.at > clock.due:
            raise ClockError("the apology comes before the due date, not after it", code="too_late")
        if event.new_due <= clock.due:
            raise ClockError("the new appointment must be later than the current one", code="not_later")
        try:
            working = calendar.is_working_day(calendar.local(event.new_due).date())
        except OutOfRange:
            raise ClockError("the new appointment is beyond the calendar's years", code="out_of_range") from None
        if not working:
            raise ClockError("the new appointment must fall on a working day", code="not_working_day")
        return replace(clock, due=event.new_due, apologised=True, since=(*clock.since, event))
    raise TypeError(f"unknown event {event!r}")


def clock_replay(
    calendar: Calendar, received: datetime, period: Period, events: Sequence[Event], *, max_extensions: int = 1
) -> Clock:
    """The clock after all `events`, in the order given (callers keep them in time order)."""
    clock = clock_start(calendar, received, period)
    for event in events:
        clock = clock_apply(calendar, clock, event, max_extensions=max_extensions)
    return clock


def clock_recount(calendar: Calendar, clock: Clock) -> Clock:
    """The clock counted again on another calendar (a day off added, a Saturday made a working day): from
    where its count last started, with the events since replayed on `calendar`. What came before that start
    no longer counts. An appointment given by an apology stands as it was written, and so does the clock."""
    if not clock.since:  # the common case, on a hot loop: nothing to replay
        recounted = due(calendar, clock.received, clock.period)
        return clock if recounted == clock.due else replace(clock, due=recounted)
    if any(isinstance(event, Apologise) for event in clock.since):
        return clock
    granted = sum(isinstance(event, Extend) for event in clock.since)
    recounted = replace(
        clock,
        due=due(calendar, clock.received, clock.period),
        paused_since=None,
        extensions=clock.extensions - granted,
        bases=clock.bases[: len(clock.bases) - granted],
        since=(),
    )
    for event in clock.since:
        recounted = clock_apply(calendar, recounted, event, max_extensions=clock.extensions)
    return recounted


def _restarted(calendar: Calendar, clock: Clock, at: datetime) -> Clock:
    """The count from zero at `at` (NĐ 61/2018 Art. 19(4)), running."""
    return replace(
        clock,
        received=at,
        due=due(calendar, at, clock.period),
        paused_since=None,
        restarts=clock.restarts + 1,
        since=(),
    )


def _shifted(calendar: Calendar, clock: Clock, resumed: datetime) -> datetime:
    """The due date before the pause, moved on by the days the clock stood still.

    Days are counted after the day of the pause up to and including the day of resumption, so a pause and
    a resumption on the same day change nothing.
    """
    previous_due = clock.due
    start, end = calendar.local(clock.paused_since).date(), calendar.local(resumed).date()
    if clock.period.working_days is not None:
        stood = max(0, calendar.working_days_between(start, end))
        return calendar.end_of_day(calendar.add_working_days(calendar.local(previous_due).date(), stood))
    stood = max(0, (end - start).days)
    last = calendar.local(previous_due).date() + timedelta(days=stood)
    return calendar.end_of_day(calendar.working_day_on_or_after(last))
