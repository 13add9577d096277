"""How dates, times, counts and money are written on the forms (Vietnam's local time, Vietnamese conventions)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; the forms need aware datetimes")
    return moment.astimezone(VIETNAM)


def local_date(day: date | datetime) -> date:
    return local(day).date() if isinstance(day, datetime) else day


def short_date(day: date | datetime | None) -> str:
    """'05/02/2025'; empty for a step not reached yet."""
    return "" if day is None else local_date(day).strftime("%d/%m/%Y")


def clock(moment: datetime) -> str:
    """'14:05'."""
    return local(moment).strftime("%H:%M")


def date_in_words(day: date | datetime) -> str:
    """'ngày 05 tháng 02 năm 2025' — a day below 10 and the months 1 and 2 take a leading zero (NĐ 30/2020)."""
    day = local_date(day)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def moment_in_words(moment: datetime) -> str:
    """'14 giờ 05 phút, ngày 15 tháng 3 năm 2025'."""
    moment = local(moment)
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {date_in_words(moment)}"


def place_and_date(place: str, day: date | datetime) -> str:
    """The line under the national motto: 'Thuận Hóa, ngày 15 tháng 3 năm 2025'."""
    return f"{place}, {date_in_words(day)}"


def count(number: int) -> str:
    """Counts on official papers take two digits: '01', '12'."""
    return f"{number:02d}"


def money(amount: int) -> str:
    """'1.250.000 đồng'."""
    return f"{amount:,} đồng".replace(",", ".")


def working_time(span: timedelta) -> str:
    """'2 giờ 15 phút', '45 phút': a span of working time, to the minute."""
    minutes = max(0, round(span.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} phút"
    return f"{hours} giờ {minutes:02d} phút" if minutes else f"{hours} giờ"
