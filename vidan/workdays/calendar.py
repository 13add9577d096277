"""A working-day calendar, precomputed so that every question about it is a few array lookups.

Pure: it knows dates and times, never the database. `vidan.workdays.store` builds one from the holidays
package and the operator's overrides; tests build their own.

Working days are Monday to Friday, minus days off, plus make-up working days. Vietnam keeps one offset,
UTC+7, all year (no daylight saving since 1975), which lets the bulk functions work on plain seconds.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import numpy as np

VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
_SECONDS_PER_DAY = 86_400
_UNIX_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class OfficeHours:
    """When the office works, and the hour after which a dossier counts as received the next working day."""

    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)
    cutoff: time = time(15, 0)

    def __post_init__(self):
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValueError("office hours must run morning then afternoon, each start before its end")
        if not (self.morning_start <= self.cutoff <= self.afternoon_end):
            raise ValueError("the cut-off must fall within office hours")

    @property
    def close(self) -> time:
        return self.afternoon_end


class OutOfRange(ValueError):
    """A date outside the years the calendar was built for."""


class Calendar:
    """Working days between `first` and `last` (inclusive), with their ranks.

    `_cum[i]` is the number of working days before day `first + i`; `_days[k]` is the index of the k-th
    working day. So "is day i a working day", "the n-th working day after day i" and "how many working days
    lie between two days" are each one or two list lookups.
    """

    def __init__(
        self,
        *,
        days_off: Iterable[date] = (),
        working_days: Iterable[date] = (),
        hours: OfficeHours | None = None,
        first: date = date(2000, 1, 1),
        last: date = date(2045, 12, 31),
        version: str = "",
    ):
        if first > last:
            raise ValueError("first must not be after last")
        self.first, self.last = first, last
        self.hours = hours or OfficeHours()
        self.version = version
        # A day both off and worked is worked: callers resolve such clashes before they build a calendar.
        self.days_off = frozenset(days_off)
        self.extra_working_days = frozenset(working_days)
        self._first_ordinal = first.toordinal()
        size = last.toordinal() - self._first_ordinal + 1

        working = np.zeros(size, dtype=bool)
        weekday_of_first = first.weekday()
        working[:] = ((np.arange(size) + weekday_of_first) % 7) < 5
        for day in self.days_off:
            if first <= day <= last:
                working[day.toordinal() - self._first_ordinal] = False
        for day in self.extra_working_days:
            if first <= day <= last:
                working[day.toordinal() - self._first_ordinal] = True
        # One extra working day past the end would be a lie; instead lookups past the end raise OutOfRange.
        cum = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(working, out=cum[1:])
        self._working_np = working
        self._cum_np = cum
        self._days_np = np.flatnonzero(working).astype(np.int64)
        # Python lists are faster than numpy arrays for one element at a time.
        self._working = working.tolist()
        self._cum = cum.tolist()
        self._days = self._days_np.tolist()
        self._cutoff_seconds = _seconds(self.hours.cutoff)
        self._close_seconds = _seconds(self.hours.close)
        self._epoch_offset = self._first_ordinal - _UNIX_EPOCH_ORDINAL  # days from 1970-01-01 to `first`

    # -- days -------------------------------------------------------------------------------------------
    def _index(self, day: date) -> int:
        i = day.toordinal() - self._first_ordinal
        if i < 0 or i >= len(self._working):
            raise OutOfRange(f"{day} is outside the calendar ({self.first} – {self.last})")
        return i

    def _date(self, i: int) -> date:
        return date.fromordinal(self._first_ordinal + i)

    def _nth_after(self, i: int, n: int) -> int:
        """Index of the n-th working day after day i (n ≥ 1)."""
        k = self._cum[i + 1] + n - 1
        if k >= len(self._days):
            raise OutOfRange(f"working day number {n} after {self._date(i)} is past {self.last}")
        return self._days[k]

    def is_working_day(self, day: date) -> bool:
        return self._working[self._index(day)]

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (`day` itself is not counted); for n = 0, `day` itself."""
        if n < 0:
            raise ValueError("n must not be negative")
        i = self._index(day)
        return day if n == 0 else self._date(self._nth_after(i, n))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self._date(self._nth_after(self._index(day), 1))

    def working_day_on_or_after(self, day: date) -> date:
        i = self._index(day)
        return day if self._working[i] else self._date(self._nth_after(i, 1))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
        i, j = self._index(start), self._index(end)
        return self._cum[j + 1] - self._cum[i + 1]

    def days_off_between(self, start: date, end: date) -> list[date]:
        """Non-working days from `start` to `end` inclusive."""
        i, j = self._index(start), self._index(end)
        return [self._date(k) for k in range(i, j + 1) if not self._working[k]]

    # -- times ------------------------------------------------------------------------------------------
    def local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        return moment.astimezone(VIETNAM)

    def receipt_day(self, received: datetime) -> date:
        """The day a dossier counts as received: that day, or the next working day when it came on a
        non-working day or at or after the cut-off (15:00; NĐ 61/2018 Art. 18(2))."""
        local = self.local(received)
        i = self._index(local.date())
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        if self._working[i] and seconds < self._cutoff_seconds:
            return local.date()
        return self._date(self._nth_after(i, 1))

    def end_of_day(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.close, tzinfo=VIETNAM)

    # -- bulk -------------------------------------------------------------------------------------------
    def due_working_many(self, received_epoch: np.ndarray, working_days: np.ndarray) -> np.ndarray:
        """Due moments (Unix seconds) for many receipts (Unix seconds) and periods in working days.

        The same rules as `vidan.workdays.deadlines.due` with a working-day period, on whole arrays. A receipt
        outside the calendar or a negative period is refused, as one at a time: numpy would read a negative
        index from the end of an array and give a wrong date without a word.
        """
        local = np.asarray(received_epoch, dtype=np.int64) + 7 * 3600
        day = local // _SECONDS_PER_DAY - self._epoch_offset
        if day.size and (day.min() < 0 or day.max() >= len(self._working)):
            raise OutOfRange(f"a receipt lies outside the calendar ({self.first} – {self.last})")
        seconds = local % _SECONDS_PER_DAY
        n = _periods(working_days)
        same_day = self._working_np[day] & (seconds < self._cutoff_seconds)
        # The receipt day's rank among working days: its own when it counts, else the next working day's.
        # The due day is the working day n ranks later (n = 0: the receipt day itself).
        k = np.where(same_day, self._cum_np[day], self._cum_np[day + 1]) + n
        if k.size and k.max() >= len(self._days_np):
            raise OutOfRange(f"a due date lies past the end of the calendar ({self.last})")
        due_day = self._days_np[k]
        return (due_day + self._epoch_offset) * _SECONDS_PER_DAY + self._close_seconds - 7 * 3600

    def due_calendar_many(self, received_epoch: np.ndarray, calendar_days: np.ndarray) -> np.ndarray:
        """Due moments (Unix seconds) for periods in calendar days: the last day, moved to the next working
        day when it is not one."""
        local = np.asarray(received_epoch, dtype=np.int64) + 7 * 3600
        last = local // _SECONDS_PER_DAY - self._epoch_offset + _periods(calendar_days)
        if last.size and (last.min() < 0 or last.max() >= len(self._working)):
            raise OutOfRange(f"a due date lies outside the calendar ({self.first} – {self.last})")
        k = self._cum_np[last]  # the rank of the first working day on or after `last`
        if k.size and k.max() >= len(self._days_np):
            raise OutOfRange(f"a due date lies past the end of the calendar ({self.last})")
        due_day = self._days_np[k]
        return (due_day + self._epoch_offset) * _SECONDS_PER_DAY + self._close_seconds - 7 * 3600


def _periods(values) -> np.ndarray:
    periods = np.asarray(values, dtype=np.int64)
    if periods.size and periods.min() < 0:
        raise ValueError("a period cannot be negative")
    return periods


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second
