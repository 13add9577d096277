"""The test suite's clock: known moments, and the moment the whole run may be sent to.

A test whose outcome depends on the date or the hour (working days left, due dates, lateness, a month's
figures) asks for the `clock` fixture, which starts it at WORKING_MORNING, or moves the clock itself, and
carries `@pytest.mark.clock`. The whole run can be sent elsewhere with VIDAN_TEST_NOW (an ISO 8601 moment
with its offset) to prove that the other tests do not care what day it is:

    VIDAN_TEST_NOW=2026-12-05T16:00:00+07:00 .venv/bin/pytest -q -m clock
"""

import os
import sys
from datetime import UTC, date, datetime

import time_machine

from vidan.workdays.calendar import VIETNAM

ENVIRONMENT = "VIDAN_TEST_NOW"

# A Tuesday morning in a week without holidays: a working day, well before the 15:00 cut-off, mid-month.
WORKING_MORNING = datetime(2026, 3, 10, 9, 30, tzinfo=VIETNAM)

# The moments a run is sent to, to catch what an ordinary weekday morning hides.
AWKWARD_MOMENTS = {
    "a Saturday": datetime(2026, 12, 5, 10, 0, tzinfo=VIETNAM),
    "National Day": datetime(2026, 9, 2, 10, 0, tzinfo=VIETNAM),
    "a Friday after the cut-off": datetime(2026, 12, 4, 16, 0, tzinfo=VIETNAM),
    "the last day of the year": datetime(2026, 12, 31, 10, 0, tzinfo=VIETNAM),
}


class BadMoment(ValueError):
    """VIDAN_TEST_NOW is not an ISO 8601 moment with its offset."""


def moment_from_environment() -> datetime | None:
    """The moment VIDAN_TEST_NOW names, or None when it is unset or empty."""
    text = os.environ.get(ENVIRONMENT, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise BadMoment(f"{ENVIRONMENT}={text!r} is not an ISO 8601 moment: {error}") from None
    if moment.tzinfo is None:
        # A naive moment would be read in whatever zone the machine is in: say which one instead.
        raise BadMoment(f"{ENVIRONMENT}={text!r} has no offset; write it like 2026-12-05T16:00:00+07:00")
    return moment


def steady(moment: datetime) -> datetime:
    """The same moment in Vietnam's fixed offset. Given a moment in UTC or in a named zone, time-machine would
    also set the process's TZ to that zone, and date.today() would stop agreeing with timezone.localdate()."""
    return moment.astimezone(VIETNAM)


def machine_now() -> datetime:
    """The machine's own clock, the one the database and the file system read, wherever the tests travelled."""
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.datetime.datetime.now(UTC)
    return datetime.now(UTC)


def moment_of_the_day(today: date) -> tuple[str, datetime]:
    """One of the awkward moments, a different one from day to day, for CI's extra pass."""
    names = list(AWKWARD_MOMENTS)
    name = names[today.timetuple().tm_yday % len(names)]
    return name, AWKWARD_MOMENTS[name]


if __name__ == "__main__":
    # `python -m tests.clock` prints today's awkward moment for the Makefile to use, and says which it is.
    name, moment = moment_of_the_day(date.today())
    print(f"{ENVIRONMENT}={moment.isoformat()}: {name}", file=sys.stderr)
    print(moment.isoformat())
