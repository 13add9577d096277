"""The data the calendar starts with: its version row, the nationwide office hours, and the 2026 New Year
swap that the holidays package does not carry (docs/legal.md §2). The package already has the National Day swap
(31/08/2026 off for 22/08/2026 worked)."""

from datetime import date, time

from django.db import migrations

SWAP_2026 = (
    "Phương án hoán đổi ngày làm việc năm 2026 do Chính phủ công bố "
    "(nghỉ thứ Sáu 02/01/2026, làm bù thứ Bảy 10/01/2026)"
)
OFFICE_HOURS_BASIS = "Giờ hành chính của cơ quan nhà nước; mốc 15 giờ theo khoản 2 Điều 18 Nghị định 61/2018/NĐ-CP"


def seed(apps, schema_editor):
    CalendarVersion = apps.get_model("workdays", "CalendarVersion")
    OfficeHoursRule = apps.get_model("workdays", "OfficeHoursRule")
    CalendarOverride = apps.get_model("workdays", "CalendarOverride")
    CalendarVersion.objects.get_or_create(pk=1, defaults={"counter": 1, "stamp": "seed"})
    OfficeHoursRule.objects.get_or_create(
        unit=None,
        valid_from=date(2000, 1, 1),
        defaults={
            "morning_start": time(7, 30),
            "morning_end": time(11, 30),
            "afternoon_start": time(13, 30),
            "afternoon_end": time(17, 0),
            "cutoff": time(15, 0),
            "basis": OFFICE_HOURS_BASIS,
        },
    )
    CalendarOverride.objects.get_or_create(
        unit=None,
        day=date(2026, 1, 2),
        defaults={
            "kind": "day_off",
            "basis": SWAP_2026,
            "note": "Nghỉ Tết Dương lịch (hoán đổi với thứ Bảy 10/01/2026)",
        },
    )
    CalendarOverride.objects.get_or_create(
        unit=None,
        day=date(2026, 1, 10),
        defaults={"kind": "working_day", "basis": SWAP_2026, "note": "Làm bù cho thứ Sáu 02/01/2026"},
    )


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("workdays", "CalendarOverride")
    CalendarOverride.objects.filter(unit=None, day__in=[date(2026, 1, 2), date(2026, 1, 10)]).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
