"""vidan simulate --communes N [--dossiers M] — realistic synthetic data for benchmarks and load tests.

Communes sim-0001 … sim-N lie under a synthetic province whose unit codes start with S (real GSO codes are
all digits, so nothing imported later can clash). Each gets the standard departments and nine officials
holding their roles. Running it again adds only the communes that are missing, so `--communes 200` after
`--communes 100` adds a hundred.

Each installed module that makes records of its own offers an option (vidan/org/simulation.py): `--dossiers M`
asks the one-stop desk for M dossiers per commune.
"""

import random
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from vidan.org.actors import Actor
from vidan.org.demo import DEPARTMENTS
from vidan.org.models import Commune, DepartmentKind, Role, Unit, UnitLevel
from vidan.org.services import commune_create, department_create, role_grant, staff_create, unit_create
from vidan.org.simulation import SIMULATION_STEPS

PROVINCE_CODE = "S01"
PROVINCE_NAME = "Mô Phỏng"
VALID_FROM = date(2025, 7, 1)  # the two-level local government took effect

# Officials of every simulated commune: username prefix, position, role, department.
ROSTER = [
    ("chutich", "Chủ tịch UBND xã", Role.LEADER, DepartmentKind.LEADERSHIP),
    ("phochutich", "Phó Chủ tịch UBND xã", Role.LEADER, DepartmentKind.LEADERSHIP),
    ("motcua", "Công chức Bộ phận Một cửa", Role.DESK_OFFICER, DepartmentKind.ONE_STOP),
    ("motcua2", "Công chức Bộ phận Một cửa", Role.DESK_OFFICER, DepartmentKind.ONE_STOP),
    ("tuphap", "Công chức Tư pháp – Hộ tịch", Role.SPECIALIST, DepartmentKind.JUSTICE),
    ("diachinh", "Công chức Địa chính – Xây dựng", Role.SPECIALIST, DepartmentKind.LAND),
    ("vanhoa", "Công chức Văn hóa – Xã hội", Role.SPECIALIST, DepartmentKind.CULTURE),
    ("congan", "Trưởng Công an xã", Role.SPECIALIST, DepartmentKind.POLICE),
    ("quantri", "Quản trị hệ thống của xã", Role.ADMIN, DepartmentKind.OFFICE),
]

# Syllables of commune names and parts of people's names, drawn deterministically per commune.
# fmt: off
_PLACE_FIRST = ("An", "Bình", "Tân", "Phú", "Hòa", "Long", "Thạnh", "Mỹ", "Đông", "Tây", "Quảng", "Hưng",
                "Vĩnh", "Xuân", "Thuận", "Đức", "Phước", "Sơn", "Lâm", "Trung")
_PLACE_SECOND = ("Hòa", "Lợi", "Phong", "Thịnh", "Hiệp", "Lộc", "Thành", "Yên", "Điền", "Hải", "Ninh",
                 "Khánh", "Tiến", "Hưng", "Sơn", "Trạch", "Nghĩa", "Châu", "Thủy", "Mỹ")
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
           "Ngô", "Dương", "Lý", "Đinh", "Trương", "Cao", "Mai")
_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang", "Thị Thu", "Xuân", "Công", "Thị Mỹ")
_GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh",
          "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn",
          "Yến")
# fmt: on


def commune_slug(number: int) -> str:
    return f"sim-{number:04d}"


def commune_name(number: int) -> str:
    """A plausible commune name, different for the first 400 communes and numbered after that."""
    index = number - 1
    names = len(_PLACE_FIRST) * len(_PLACE_SECOND)
    first = _PLACE_FIRST[index % len(_PLACE_FIRST)]
    second = _PLACE_SECOND[(index // len(_PLACE_FIRST) + index) % len(_PLACE_SECOND)]
    base = f"{first} {second}"
    return base if index < names else f"{base} {index // names + 1}"


def agency_code(number: int) -> str:
    """SIM.xx.yy.zzz, the number in base 36: the form of TT 10/2016, with a prefix no real agency has."""
    digits, n = "", number
    while n:
        n, rest = divmod(n, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rest] + digits
    digits = digits.rjust(7, "0")
    return f"SIM.{digits[:2]}.{digits[2:4]}.{digits[4:]}"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def province_ensure(actor: Actor) -> Unit:
    province = Unit.objects.filter(code=PROVINCE_CODE, level=UnitLevel.PROVINCE).first()
    if province is None:
        province = unit_create(
            code=PROVINCE_CODE, name=PROVINCE_NAME, kind="tỉnh", level=UnitLevel.PROVINCE, valid_from=VALID_FROM
        )
    return province


@transaction.atomic
def commune_simulate(*, actor: Actor, province: Unit, number: int) -> Commune:
    """One synthetic commune with its departments and officials, all or nothing."""
    rng = random.Random(number)
    name = commune_name(number)
    unit = unit_create(
        code=f"S{number:06d}",
        name=name,
        kind="xã",
        level=UnitLevel.COMMUNE,
        parent=province,
        valid_from=VALID_FROM,
    )
    commune = commune_create(
        actor=actor,
        unit=unit,
        slug=commune_slug(number),
        agency_code=agency_code(number),
        address=f"Trụ sở UBND xã {name}, tỉnh {PROVINCE_NAME}",
        phone=f"0200 3{number % 1000:03d} {rng.randrange(1000):03d}",
        email=f"ubnd.sim{number:04d}@sim.example",
        reception_hours="Thứ Hai đến Thứ Sáu: sáng 7:30–11:30, chiều 13:30–17:00",
        model_launched_on=date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365)),
        model_sequence=number,
    )
    departments = {
        kind: department_create(actor=actor, commune=commune, kind=kind, name=title, phone=commune.phone)
        for kind, title in DEPARTMENTS
    }
    for index, (prefix, position, role, kind) in enumerate(ROSTER, start=1):
        member = staff_create(
            actor=actor,
            username=f"{prefix}.sim{number:04d}",
            full_name=person_name(rng),
            password=None,
            commune=commune,
            department=departments.get(kind),
            position=position,
            badge_number=f"SIM-{number:04d}-{index:02d}",
        )
        role_grant(actor=actor, staff=member, unit=unit, role=role)
    return commune


class Progress:
    """A one-line progress bar on a terminal; elsewhere (a log, a test) only its final state.

    `stream` is a management command's OutputWrapper (self.stderr).
    """

    def __init__(self, stream, total: int, label: str, width: int = 30):
        self.stream, self.total, self.label, self.width = stream, total, label, width
        self.done, self.started = 0, time.monotonic()
        self.live = stream.isatty()

    def advance(self) -> None:
        self.done += 1
        if self.live or self.done == self.total:
            filled = self.width * self.done // max(self.total, 1)
            rate = self.done / max(time.monotonic() - self.started, 1e-9)
            bar = "#" * filled + "·" * (self.width - filled)
            end = "\n" if self.done == self.total else ""
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} ({rate:.1f}/s)", ending=end)
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Generate synthetic communes sim-0001 … sim-N (under a synthetic province, codes starting with S) with "
        "their departments and officials, and the records each installed module makes per commune. Idempotent: "
        "existing communes are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, required=True, help="how many synthetic communes to have")
        for step in SIMULATION_STEPS.all():
            parser.add_argument(f"--{step.name}", type=int, default=0, help=step.help)

    def handle(self, *args, communes: int, **options):
        counts = {step.name: options.get(step.name) or 0 for step in SIMULATION_STEPS.all()}
        if communes < 0 or any(count < 0 for count in counts.values()):
            raise CommandError("simulate: --communes and the counts per commune cannot be negative.")
        actor = Actor.system("simulate")
        wanted = [commune_slug(number) for number in range(1, communes + 1)]
        existing = set(Commune.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        missing = [number for number in range(1, communes + 1) if commune_slug(number) not in existing]
        started = time.monotonic()
        if missing:
            province = province_ensure(actor)
            progress = Progress(self.stderr, len(missing), "communes")
            for number in missing:
                commune_simulate(actor=actor, province=province, number=number)
                progress.advance()
        self.stdout.write(
            f"simulate: {len(missing)} commune(s) added, {len(existing)} already there "
            f"({time.monotonic() - started:.1f} s)."
        )
        for step in SIMULATION_STEPS.all():
            if counts[step.name]:
                self._records(step, wanted, counts[step.name])

    def _records(self, step, slugs: list[str], count: int) -> None:
        progress = Progress(self.stderr, len(slugs), step.name)
        added = 0
        for commune in Commune.objects.filter(slug__in=slugs).order_by("slug"):
            added += step.run(commune=commune, count=count, seed=commune.id)
            progress.advance()
        self.stdout.write(f"simulate: {added} {step.name} added.")
