"""GET /api/v1/workdays/due and /api/v1/workdays/calendar — due dates and days off, public. Authentication:
none."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema

from vidan.workdays.models import FIRST_YEAR, LAST_YEAR
from vidan.workdays.selectors import due_answer, due_question, special_days_of_year

router = Router(tags=["public"])


class DueQuery(Schema):
    received: str = Field(
        ...,
        max_length=40,
        description="Date and time received, ISO 8601 (2026-02-13T16:00); without an offset it is Vietnam time.",
    )
    working_days: str | None = Field(None, max_length=10, description="The period in working days (a whole number).")
    calendar_days: str | None = Field(
        None, max_length=10, description="The period in calendar days (a whole number); give one period only."
    )
    province: str | None = Field(None, max_length=10, description="GSO code of the province whose overrides apply.")


class PeriodOut(Schema):
    working_days: int | None
    calendar_days: int | None


class DueOut(Schema):
    received: datetime
    receipt_day: date = Field(description="The day the receipt counts from (after 15:00 or on a day off: the next)")
    due: datetime = Field(description="End of office hours on the period's last day")
    period: PeriodOut
    province: str | None
    calendar_version: str


@router.get("workdays/due", response=DueOut, auth=None, summary="When a period starting at a receipt ends")
def due(request, query: Query[DueQuery]):
    moment, period = due_question(
        received=query.received, working_days=query.working_days, calendar_days=query.calendar_days
    )
    answer = due_answer(received=moment, period=period, province_code=query.province)
    return DueOut(
        received=answer.received,
        receipt_day=answer.receipt_day,
        due=answer.due,
        period=PeriodOut(working_days=period.working_days, calendar_days=period.calendar_days),
        province=answer.province_code,
        calendar_version=answer.calendar_version,
    )


class CalendarQuery(Schema):
    year: int = Field(..., ge=FIRST_YEAR, le=LAST_YEAR)
    province: str | None = Field(None, max_length=10, description="GSO code of the province whose overrides apply.")


class SpecialDayOut(Schema):
    day: date
    kind: str = Field(description="day_off or working_day (a make-up working day)")
    name: str
    basis: str
    source: str = Field(description="law, compensatory, swap (the holidays package) or override (the operator's)")
    scope: str = Field(description="nationwide, or the province's code for its own override")
    weekend: bool


class CalendarOut(Schema):
    year: int
    province: str | None
    calendar_version: str
    days: list[SpecialDayOut]


@router.get("workdays/calendar", response=CalendarOut, auth=None, summary="Days off and make-up working days of a year")
def calendar(request, query: Query[CalendarQuery]):
    version, days = special_days_of_year(query.province, query.year)
    return CalendarOut(
        year=query.year,
        province=query.province or None,
        calendar_version=version,
        days=[
            SpecialDayOut(
                day=d.day,
                kind="working_day" if d.working else "day_off",
                name=d.name,
                basis=d.basis,
                source=d.source,
                scope=d.province_code or "nationwide",
                weekend=d.weekend,
            )
            for d in days
        ],
    )
