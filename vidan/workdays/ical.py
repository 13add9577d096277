"""A year's days off and make-up days as iCalendar (RFC 5545): all-day events, CRLF line endings, long lines
folded at 75 octets without splitting a character."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from vidan.workdays.store import SpecialDay

PRODID = "-//Vi Dan//Working-day calendar//VI"


def escape_text(text: str) -> str:
    """TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, each continuation starting with a space."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74  # a continuation's leading space is one of its 75 octets
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def ical_calendar(
    days: Iterable[SpecialDay],
    *,
    name: str,
    uid_scope: str,
    summary_prefix: dict[bool, str],
    stamp: datetime | None = None,
) -> str:
    """The iCalendar text. `uid_scope` keeps UIDs stable per province ("44", "vn"); `summary_prefix` maps
    "is a working day" to the words put before each day's name."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for special in days:
        kind = "working" if special.working else "off"
        summary = f"{summary_prefix[special.working]}: {special.name}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{special.day:%Y%m%d}-{kind}-{uid_scope}@vidan",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{special.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{special.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(special.basis)}",
            f"CATEGORIES:{'MAKE-UP WORKING DAY' if special.working else 'DAY OFF'}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
