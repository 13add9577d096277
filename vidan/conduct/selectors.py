"""Reading office culture: the officers who must acknowledge the code, the versions and which is in force, who
has acknowledged what, the badges and the public list of officers."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, QuerySet, Value, When
from django.utils import timezone

from vidan import workdays
from vidan.conduct.models import Acknowledgement, AcknowledgementReminder, Badge, CodeVersion, RevokeReason
from vidan.core.collation import vi_sort_key
from vidan.org.models import Commune, RoleGrant, Staff
from vidan.org.rules import roles_for
from vidan.org.selectors import province_of


def person_sort_key(full_name: str) -> tuple:
    """A person's place in a Vietnamese list: by the given name (the last word), then by the family and middle
    names, in Vietnamese alphabetical order — as a class register or a list of officials is read
    ("Trần Văn An" before "Nguyễn Thị Bình")."""
    words = (full_name or "").split()
    given = words[-1] if words else ""
    return (vi_sort_key(given), vi_sort_key(" ".join(words[:-1])))


def end_of_day(day: date) -> datetime:
    """The first moment after `day`, in the platform's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _ancestor_unit_ids(commune: Commune) -> list[int]:
    """The commune's unit and every unit above it, from the unit's path ("/12/345/6789/")."""
    return [int(part) for part in commune.unit.path.strip("/").split("/") if part]


def officers(commune: Commune, *, on: date | None = None) -> list[Staff]:
    """The commune's officials who must know the code: staff of the commune holding there a role that
    acknowledges it, sorted as a Vietnamese list. Today: those whose account is on and whose departure is not
    recorded (a departure is a badge revoked because the officer left). With `on`, those serving at the end of
    that day: today's roster without those who had left by then, with those who left after it. Staff records keep
    no date of joining the commune (an account's date is when it was made on the platform), so an official who
    joined after that day is counted too."""
    staff_ids = set(
        RoleGrant.objects.filter(
            role__in=roles_for("conduct.acknowledge"),
            staff__commune=commune,
            unit_id__in=_ancestor_unit_ids(commune),
        ).values_list("staff_id", flat=True)
    )
    # The officer's latest badge says whether they left (one issued after a departure: they came back).
    latest = {
        staff_id: (reason, revoked_on)
        for staff_id, reason, revoked_on in Badge.objects.filter(commune=commune, staff_id__in=staff_ids)
        .order_by("issued_on", "id")
        .values_list("staff_id", "revoke_reason", "revoked_on")
    }
    departures = {staff_id: day for staff_id, (reason, day) in latest.items() if reason == RevokeReason.LEFT}
    chosen = []
    for member in Staff.objects.filter(pk__in=staff_ids).select_related("department"):
        left_on = departures.get(member.pk)
        # No departure: the account says. A departure: serving only on a day before it.
        if member.is_active if left_on is None else on is not None and left_on > on:
            chosen.append(member)
    return sorted(chosen, key=lambda m: (person_sort_key(m.full_name), m.pk))


def published_versions(commune: Commune) -> QuerySet:
    """Every published version, the latest first."""
    return CodeVersion.objects.filter(commune=commune, published_at__isnull=False).order_by(
        "-effective_on", "-published_at", "-id"
    )


def version_in_force(commune: Commune, *, on: date | None = None) -> CodeVersion | None:
    """The version in force on a day (today by default): the published one that took effect last by then;
    one published after that day did not exist yet."""
    on = on or timezone.localdate()
    return published_versions(commune).filter(effective_on__lte=on, published_at__lt=end_of_day(on)).first()


# Luật 10/2022 Art. 12(3): what the commune must make public is published within 5 working days of the decision,
# unless a law says otherwise; the code of conduct is item 4 of Art. 11, posted for good (Art. 13).
PUBLICATION_WORKING_DAYS = 5


def publication_due(version: CodeVersion) -> date:
    """The last day to publish the version: 5 working days after its decision was signed, by the commune's
    province's working calendar."""
    province = province_of(version.commune.unit)
    calendar = workdays.calendar_for(province.code if province else None)
    return calendar.add_working_days(version.signed_on, PUBLICATION_WORKING_DAYS)


def superseded_by(version: CodeVersion) -> CodeVersion | None:
    """The version in force today when it replaced this one; None while this one is in force or still to come.
    (Publication keeps the effective days in order, so a version older than the one in force is superseded.)"""
    if not version.is_published:
        return None
    current = version_in_force(version.commune)
    if current is None or current.pk == version.pk or version.effective_on > current.effective_on:
        return None
    return current


def versions_to_acknowledge(commune: Commune) -> list[CodeVersion]:
    """What an officer is asked to acknowledge: the version in force and any published to take effect later."""
    current = version_in_force(commune)
    versions = list(published_versions(commune))
    if current is None:
        return versions
    return [v for v in versions if v.pk == current.pk or v.effective_on > current.effective_on]


def versions_for_staff(commune: Commune) -> QuerySet:
    """Every version, drafts first, then the published ones, the latest first, with their acknowledgement
    counts."""
    return (
        CodeVersion.objects.filter(commune=commune)
        .annotate(
            acknowledged=Count("acknowledgements"),
            is_draft=Case(When(published_at__isnull=True, then=Value(0)), default=Value(1)),
        )
        .order_by("is_draft", "-effective_on", "-id")
    )


def acknowledgements_of(staff: Staff) -> dict[int, Acknowledgement]:
    """The staff member's acknowledgements by version id."""
    return {a.version_id: a for a in Acknowledgement.objects.filter(staff=staff)}


@dataclass
class DepartmentStanding:
    name: str
    acknowledged: list = field(default_factory=list)  # (Staff, Acknowledgement)
    missing: list = field(default_factory=list)  # (Staff, last reminder or None)

    @property
    def total(self) -> int:
        return len(self.acknowledged) + len(self.missing)


@dataclass
class VersionStanding:
    departments: list[DepartmentStanding]
    acknowledged: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.acknowledged

    @property
    def percent(self) -> float | None:
        return round(100 * self.acknowledged / self.total, 1) if self.total else None


def version_standing(version: CodeVersion, *, no_department: str) -> VersionStanding:
    """Who among today's officers has acknowledged the version and who has not, department by department
    (Vietnamese order, those of no department last under `no_department`). Three queries."""
    members = officers(version.commune)
    acks = {a.staff_id: a for a in Acknowledgement.objects.filter(version=version)}
    reminders: dict[int, datetime] = {}
    for staff_id, sent_at in AcknowledgementReminder.objects.filter(version=version).values_list("staff_id", "sent_at"):
        reminders[staff_id] = max(sent_at, reminders.get(staff_id, sent_at))
    groups: dict[str, DepartmentStanding] = {}
    for member in members:
        name = member.department.name if member.department_id else no_department
        group = groups.setdefault(name, DepartmentStanding(name))
        if member.pk in acks:
            group.acknowledged.append((member, acks[member.pk]))
        else:
            group.missing.append((member, reminders.get(member.pk)))
    ordered = sorted(groups.values(), key=lambda g: (g.name == no_department, vi_sort_key(g.name)))
    done = sum(len(g.acknowledged) for g in ordered)
    return VersionStanding(ordered, done, len(members))


def valid_badges(commune: Commune) -> dict[int, Badge]:
    """The commune's valid badges by officer."""
    return {b.staff_id: b for b in Badge.objects.filter(commune=commune, revoked_on__isnull=True)}


def badges_of(staff: Staff) -> list[Badge]:
    return list(Badge.objects.filter(staff=staff).order_by("-issued_on", "-id"))


def public_officers(commune: Commune) -> list[Badge]:
    """The officers a citizen may meet: each valid badge of the commune with its officer, in the order of a
    Vietnamese list of names. Read whole and sorted here (a commune has a few dozen officers)."""
    badges = Badge.objects.filter(
        commune=commune, revoked_on__isnull=True, staff__is_active=True, staff__commune=commune
    ).select_related("staff__department", "staff__conduct_profile")
    return sorted(badges, key=lambda b: (person_sort_key(b.staff.full_name), b.pk))


def public_badge(commune: Commune, number: str) -> Badge | None:
    return (
        Badge.objects.filter(commune=commune, number=number)
        .select_related("staff__department", "staff__conduct_profile", "commune__unit")
        .first()
    )
