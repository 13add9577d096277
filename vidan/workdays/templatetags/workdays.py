"""Template tags for the public pages: office hours and the next days off of a commune's province, and a
key that changes with the calendar data and the date, for fragment caches.

    {% load workdays %}
    {% calendar_key as cal_key %}
    {% cache 600 public-footer commune.pk ... cal_key %}{% office_hours commune as hours %}…{% endcache %}
"""

from django import template
from django.utils import timezone

from vidan.org.selectors import province_of
from vidan.workdays.calendar import OfficeHours
from vidan.workdays.selectors import days_off_ahead
from vidan.workdays.store import UnknownProvince, calendar_entry, calendar_stamp

register = template.Library()


@register.simple_tag
def province_code(commune) -> str:
    province = province_of(commune.unit) if commune is not None else None
    return province.code if province else ""


@register.simple_tag
def calendar_key() -> str:
    """No query most of the time: the version is asked at most every few seconds per process."""
    return f"{calendar_stamp()}-{timezone.localdate():%Y%m%d}"


@register.simple_tag
def office_hours(commune) -> OfficeHours:
    try:
        return calendar_entry(province_code(commune) or None).calendar.hours
    except UnknownProvince:
        return calendar_entry(None).calendar.hours


@register.simple_tag
def next_days_off(commune, count: int = 5):
    return days_off_ahead(province_code(commune) or None, timezone.localdate(), count)
