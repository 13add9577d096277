"""The demo: a living commune where the model comes from, so a fresh install has something to show.

Quảng Bình province → Tuyên Hóa district → Thuận Hóa commune, the 9th commune of the district to launch the
model, and eight neighbouring communes. These are units of the three-tier era (real former GSO codes, closed
on 2025-06-30); when today's units are loaded (`vidan import-units`) each is linked to the unit that took
it over. Names of people, phone numbers, agency identifiers and launch dates are invented.

Other modules add their demo data here: a module `vidan/<app>/demo.py` decorates a function with
`@demo_step`; `demo_build` runs the steps of every installed app (DEMO_STEPS, a registry: this module's own
steps first, then by INSTALLED_APPS), all in one transaction. A step receives the `DemoContext`:
`ctx.communes` maps slug → Commune (Thuận Hóa is `ctx.communes["thuan-hoa"]`), `ctx.staff` maps username →
Staff, `ctx.departments` maps (slug, DepartmentKind) → Department, and `ctx.staff_add` creates an account
with the demo's password rules.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from vidan.core.errors import DomainError
from vidan.core.registry import Registry
from vidan.notify.services import staff_notice_send
from vidan.org.actors import Actor
from vidan.org.models import Commune, Department, DepartmentKind, Role, Staff, Unit, UnitLevel
from vidan.org.services import (
    commune_create,
    department_create,
    role_grant,
    staff_create,
    unit_create,
    unit_succession_link,
)
from vidan.org.units_import import TWO_TIER_FROM

FORMER_FROM = date(2008, 1, 1)  # start of the demo's record of the former units, not a historical date
FORMER_TO = date(2025, 6, 30)
PROVINCE = ("44", "Quảng Bình", "tỉnh")
PROVINCE_SUCCESSOR = "44"  # Quảng Trị, which Quảng Bình merged into
PROVINCE_BASIS = "Nghị quyết 202/2025/QH15"
DISTRICT = ("453", "Tuyên Hóa", "huyện")
COMMUNE_BASIS = "Nghị quyết 1680/NQ-UBTVQH15"


@dataclass(frozen=True)
class DemoCommune:
    code: str  # former GSO code
    name: str
    slug: str
    successor: str  # GSO code of today's commune that absorbed it
    sequence: int
    launched_on: date
    leader: str
    desk_officer: str
    leader_day: str  # the weekday the chairman receives citizens

    @property
    def short(self) -> str:
        return self.slug.replace("-", "")

    @property
    def agency_code(self) -> str:
        # The shape of QĐ 20/2020/QĐ-TTg (level 4 . commune . district . province); the commune's two digits
        # follow its GSO code, so each is distinct. Illustrative, not the registered identifier.
        return f"000.{(int(self.code) - 18946) // 3:02d}.31.H44"


# Former GSO code, name, slug, successor's GSO code (NQ 1680/NQ-UBTVQH15), order and day of launching the
# model, chairman, one-stop desk officer, the chairman's weekday for receiving citizens.
# fmt: off
COMMUNES = [
    DemoCommune("18964", "Thuận Hóa",   "thuan-hoa",   "18949", 9, date(2024, 3, 21),
                "Đinh Xuân Trường", "Trần Thị Thu Hằng",    "Thứ Năm"),
    DemoCommune("18967", "Lâm Hóa",     "lam-hoa",     "18958", 7, date(2023, 8, 22),
                "Nguyễn Hữu Tình",  "Lê Thị Thanh Tâm",     "Thứ Ba"),
    DemoCommune("18958", "Thanh Hóa",   "thanh-hoa",   "18958", 8, date(2023, 11, 7),
                "Trần Văn Định",    "Hoàng Thị Kim Oanh",   "Thứ Tư"),
    DemoCommune("18961", "Thanh Thạch", "thanh-thach", "18952", 6, date(2023, 5, 16),
                "Phạm Ngọc Sáng",   "Đinh Thị Hương Giang", "Thứ Hai"),
    DemoCommune("18955", "Kim Hóa",     "kim-hoa",     "18949", 4, date(2022, 11, 15),
                "Hồ Văn Tiến",      "Nguyễn Thị Diệu Linh", "Thứ Năm"),
    DemoCommune("18952", "Hương Hóa",   "huong-hoa",   "18952", 5, date(2023, 2, 21),
                "Cao Xuân Lộc",     "Trương Thị Hạnh",      "Thứ Sáu"),
    DemoCommune("18976", "Đồng Hóa",    "dong-hoa",    "18985", 2, date(2022, 6, 20),
                "Lê Quang Vinh",    "Phan Thị Ngọc Ánh",    "Thứ Ba"),
    DemoCommune("18985", "Thạch Hóa",   "thach-hoa",   "18985", 1, date(2022, 4, 12),
                "Võ Văn Hòa",       "Đặng Thị Thúy",        "Thứ Tư"),
    DemoCommune("18973", "Sơn Hóa",     "son-hoa",     "18949", 3, date(2022, 8, 30),
                "Đinh Công Thành",  "Bùi Thị Mai Phương",   "Thứ Hai"),
]

DEPARTMENTS = [
    (DepartmentKind.LEADERSHIP, "Lãnh đạo UBND"),
    (DepartmentKind.ONE_STOP, "Bộ phận Một cửa"),
    (DepartmentKind.JUSTICE, "Tư pháp – Hộ tịch"),
    (DepartmentKind.LAND, "Địa chính – Xây dựng"),
    (DepartmentKind.CULTURE, "Văn hóa – Xã hội"),
    (DepartmentKind.FINANCE, "Tài chính – Kế toán"),
    (DepartmentKind.OFFICE, "Văn phòng – Thống kê"),
    (DepartmentKind.POLICE, "Công an xã"),
    (DepartmentKind.MILITARY, "Ban Chỉ huy Quân sự xã"),
]

# Thuận Hóa's full roster: username, full name, position, role, department (None: no department).
THUAN_HOA_ROSTER = [
    ("phochutich.thuanhoa", "Hoàng Thị Minh Nguyệt", "Phó Chủ tịch UBND xã",
     Role.LEADER, DepartmentKind.LEADERSHIP),
    ("motcua2.thuanhoa", "Nguyễn Văn Phúc", "Công chức Bộ phận Một cửa",
     Role.DESK_OFFICER, DepartmentKind.ONE_STOP),
    ("tuphap.thuanhoa", "Lê Thị Hồng Nhung", "Công chức Tư pháp – Hộ tịch",
     Role.SPECIALIST, DepartmentKind.JUSTICE),
    ("diachinh.thuanhoa", "Phạm Văn Khánh", "Công chức Địa chính – Xây dựng",
     Role.SPECIALIST, DepartmentKind.LAND),
    ("vanhoa.thuanhoa", "Đậu Thị Lan Anh", "Công chức Văn hóa – Xã hội",
     Role.SPECIALIST, DepartmentKind.CULTURE),
    ("taichinh.thuanhoa", "Cao Thị Mỹ Linh", "Công chức Tài chính – Kế toán",
     Role.SPECIALIST, DepartmentKind.FINANCE),
    ("vanphong.thuanhoa", "Võ Đức Thịnh", "Công chức Văn phòng – Thống kê",
     Role.SPECIALIST, DepartmentKind.OFFICE),
    ("congan.thuanhoa", "Trương Quang Huy", "Trưởng Công an xã",
     Role.SPECIALIST, DepartmentKind.POLICE),
    ("quansu.thuanhoa", "Mai Xuân Sơn", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
     Role.SPECIALIST, DepartmentKind.MILITARY),
    ("thanhtra.thuanhoa", "Đoàn Văn Lợi", "Thành viên Ban Thanh tra nhân dân xã",
     Role.INSPECTOR, None),
    ("quantri.thuanhoa", "Ngô Thị Bích Ngọc", "Quản trị hệ thống của xã",
     Role.ADMIN, DepartmentKind.OFFICE),
]
# The eight neighbours' specialists: civil status and justice, and the commune police (who take residence).
NEIGHBOUR_SPECIALISTS = {
    "lam-hoa":     ("Nguyễn Thị Thanh Thủy", "Đinh Văn Hải"),
    "thanh-hoa":   ("Phan Thị Hồng Vân",     "Lê Văn Thắng"),
    "thanh-thach": ("Hoàng Thị Lệ Quyên",    "Trần Đức Toàn"),
    "kim-hoa":     ("Đậu Thị Thu Trang",     "Cao Văn Lực"),
    "huong-hoa":   ("Võ Thị Ngọc Hà",        "Nguyễn Văn Chiến"),
    "dong-hoa":    ("Bùi Thị Minh Thư",      "Hồ Văn Dũng"),
    "thach-hoa":   ("Lê Thị Kiều Oanh",      "Phạm Văn Tâm"),
    "son-hoa":     ("Trương Thị Bích Liên",  "Đoàn Văn Cường"),
}
# fmt: on

# Readable and unambiguous: no 0/o, 1/l/i.
_READABLE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def password_generate() -> str:
    """Three groups of four, e.g. "k7mp-x3rt-w9qa" (about 59 bits)."""
    return "-".join("".join(secrets.choice(_READABLE_ALPHABET) for _i in range(4)) for _j in range(3))


class DemoExists(DomainError):
    code = "demo_exists"
    status = 409


@dataclass
class DemoContext:
    actor: Actor
    password: str | None
    stdout: object
    units: dict[str, Unit] = field(default_factory=dict)  # "province", "district" and each commune's slug
    communes: dict[str, Commune] = field(default_factory=dict)
    departments: dict[tuple[str, str], Department] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    successions: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, password (printed once)

    def staff_add(
        self,
        *,
        username: str,
        full_name: str,
        role: str,
        unit: Unit,
        commune: Commune | None = None,
        department: Department | None = None,
        position: str = "",
        badge_number: str | None = None,
        email: str = "",
        is_superuser: bool = False,
    ) -> Staff:
        """Create a demo account holding `role` at `unit`: the given password, or a fresh random one."""
        password = self.password or password_generate()
        member = staff_create(
            actor=self.actor,
            username=username,
            full_name=full_name,
            password=password,
            commune=commune,
            department=department,
            position=position,
            badge_number=badge_number,
            email=email,
            is_superuser=is_superuser,
        )
        role_grant(actor=self.actor, staff=member, unit=unit, role=role)
        self.staff[username] = member
        self.accounts.append((username, str(Role(role).label), password))
        return member


@dataclass(frozen=True)
class DemoReport:
    communes: int
    staff: int
    successions: int
    accounts: list[tuple[str, str]]  # username, role: never the password
    steps: list[str]


@dataclass(frozen=True)
class DemoStep:
    name: str
    run: Callable[[DemoContext], None]


DEMO_STEPS: Registry[DemoStep] = Registry("demo steps", key=lambda step: step.name)


def demo_step(run: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
    """Register `run` to run, in registration order, after the demo's communes exist."""
    DEMO_STEPS.register(DemoStep(f"{run.__module__}.{run.__name__}", run))
    return run


SUPERVISORS_AND_ADMIN = ["giamsat.tuyenhoa", "giamsat.quangbinh", "quantri"]
USERNAMES = [
    *(f"{prefix}.{c.short}" for c in COMMUNES for prefix in ("lanhdao", "motcua")),
    *(f"{prefix}.{c.short}" for c in COMMUNES if c.slug in NEIGHBOUR_SPECIALISTS for prefix in ("tuphap", "congan")),
    *(row[0] for row in THUAN_HOA_ROSTER),
    *SUPERVISORS_AND_ADMIN,
]


def demo_clashes() -> list[str]:
    """Demo communes (slugs) and demo accounts (usernames) already in the database."""
    slugs = Commune.objects.filter(slug__in=[c.slug for c in COMMUNES]).values_list("slug", flat=True)
    usernames = Staff.objects.filter(username__in=USERNAMES).values_list("username", flat=True)
    return sorted(slugs) + sorted(usernames)


@transaction.atomic
def demo_build(*, password: str | None, stdout) -> DemoReport:
    """Build the demo communes, run every registered step, and print the accounts.

    Raises DemoExists if any demo commune or demo account is already there, so it never duplicates. With
    `password` every account gets it; without, each gets a random one, shown once in the table printed on
    `stdout` and kept nowhere but as a hash.
    """
    clashes = demo_clashes()
    if clashes:
        shown = ", ".join(clashes[:5]) + (f" (+{len(clashes) - 5})" if len(clashes) > 5 else "")
        raise DemoExists(_("The demo is already there: %(names)s. Nothing was changed.") % {"names": shown})
    steps = DEMO_STEPS.all()
    ctx = DemoContext(actor=Actor.system("demo"), password=password, stdout=stdout)
    _units_and_communes(ctx)
    for step in steps:
        step.run(ctx)
    _accounts_print(ctx)
    return DemoReport(
        communes=len(ctx.communes),
        staff=len(ctx.staff),
        successions=ctx.successions,
        accounts=[(username, role) for username, role, _password in ctx.accounts],
        steps=[step.run.__name__ for step in steps],
    )


def _unit(*, code: str, name: str, kind: str, level: str, parent: Unit | None) -> Unit:
    """The former unit, created unless an earlier run (whose communes were removed) left it."""
    unit = Unit.objects.filter(code=code, valid_from=FORMER_FROM).first()
    if unit is not None:
        return unit
    return unit_create(
        code=code, name=name, kind=kind, level=level, parent=parent, valid_from=FORMER_FROM, valid_to=FORMER_TO
    )


def _units_and_communes(ctx: DemoContext) -> None:
    code, name, kind = PROVINCE
    province = _unit(code=code, name=name, kind=kind, level=UnitLevel.PROVINCE, parent=None)
    code, name, kind = DISTRICT
    district = _unit(code=code, name=name, kind=kind, level=UnitLevel.DISTRICT, parent=province)
    ctx.units.update(province=province, district=district)
    for c in COMMUNES:
        unit = _unit(code=c.code, name=c.name, kind="xã", level=UnitLevel.COMMUNE, parent=district)
        ctx.units[c.slug] = unit
        ctx.communes[c.slug] = commune_create(
            actor=ctx.actor,
            unit=unit,
            slug=c.slug,
            agency_code=c.agency_code,
            address=f"Trụ sở UBND xã {c.name}, huyện Tuyên Hóa, tỉnh Quảng Bình",
            phone=f"0232 3684 {c.code[-3:]}",
            email=f"ubnd.{c.short}@tuyenhoa.example",
            reception_hours=(
                "Thứ Hai đến Thứ Sáu: sáng 7:30–11:30, chiều 13:30–17:00; "
                f"Chủ tịch UBND tiếp công dân vào sáng {c.leader_day} hằng tuần"
            ),
            model_launched_on=c.launched_on,
            model_sequence=c.sequence,
        )


@demo_step
def departments_add(ctx: DemoContext) -> None:
    for slug, commune in ctx.communes.items():
        for kind, name in DEPARTMENTS:
            ctx.departments[slug, kind] = department_create(
                actor=ctx.actor, commune=commune, kind=kind, name=name, phone=commune.phone
            )


@demo_step
def staff_add(ctx: DemoContext) -> None:
    """A chairman, a desk officer and (in the neighbours) two specialists in every commune, Thuận Hóa's full
    roster, supervisors and the admin."""
    for c in COMMUNES:
        commune, unit = ctx.communes[c.slug], ctx.units[c.slug]
        ctx.staff_add(
            username=f"lanhdao.{c.short}",
            full_name=c.leader,
            role=Role.LEADER,
            unit=unit,
            commune=commune,
            department=ctx.departments[c.slug, DepartmentKind.LEADERSHIP],
            position="Chủ tịch UBND xã",
            badge_number=f"{c.code}.01",
            email=f"lanhdao.{c.short}@tuyenhoa.example",
        )
        ctx.staff_add(
            username=f"motcua.{c.short}",
            full_name=c.desk_officer,
            role=Role.DESK_OFFICER,
            unit=unit,
            commune=commune,
            department=ctx.departments[c.slug, DepartmentKind.ONE_STOP],
            position="Công chức Bộ phận Một cửa",
            badge_number=f"{c.code}.02",
            email=f"motcua.{c.short}@tuyenhoa.example",
        )
        if c.slug != "thuan-hoa":
            justice, police = NEIGHBOUR_SPECIALISTS[c.slug]
            for n, (prefix, full_name, position, kind) in enumerate(
                [
                    ("tuphap", justice, "Công chức Tư pháp – Hộ tịch", DepartmentKind.JUSTICE),
                    ("congan", police, "Trưởng Công an xã", DepartmentKind.POLICE),
                ],
                start=3,
            ):
                ctx.staff_add(
                    username=f"{prefix}.{c.short}",
                    full_name=full_name,
                    role=Role.SPECIALIST,
                    unit=unit,
                    commune=commune,
                    department=ctx.departments[c.slug, kind],
                    position=position,
                    badge_number=f"{c.code}.{n:02d}",
                    email=f"{prefix}.{c.short}@tuyenhoa.example",
                )
            continue
        for n, (username, full_name, position, role, kind) in enumerate(THUAN_HOA_ROSTER, start=3):
            ctx.staff_add(
                username=username,
                full_name=full_name,
                role=role,
                unit=unit,
                commune=commune,
                department=ctx.departments[c.slug, kind] if kind else None,
                position=position,
                badge_number=f"{c.code}.{n:02d}",
                email=f"{username}@tuyenhoa.example",
            )
    ctx.staff_add(
        username="giamsat.tuyenhoa",
        full_name="Hồ Sỹ Quang",
        role=Role.SUPERVISOR,
        unit=ctx.units["district"],
        position="Chuyên viên Phòng Nội vụ huyện Tuyên Hóa",
        email="giamsat@tuyenhoa.example",
    )
    ctx.staff_add(
        username="giamsat.quangbinh",
        full_name="Dương Thị Hải Yến",
        role=Role.SUPERVISOR,
        unit=ctx.units["province"],
        position="Chuyên viên Sở Nội vụ tỉnh Quảng Bình",
        email="giamsat@quangbinh.example",
    )
    ctx.staff_add(
        username="quantri",
        full_name="Phan Anh Tuấn",
        role=Role.ADMIN,
        unit=ctx.units["province"],
        position="Quản trị hệ thống Vì Dân",
        email="quantri@quangbinh.example",
        is_superuser=True,
    )


@demo_step
def notices_send(ctx: DemoContext) -> None:
    commune = ctx.communes["thuan-hoa"]
    desk, leader = ctx.staff["motcua.thuanhoa"], ctx.staff["lanhdao.thuanhoa"]
    for recipient, text in [
        (desk, "Chào mừng chị đến với Vì Dân. Hồ sơ nộp trực tuyến và tại Bộ phận Một cửa sẽ hiện ở đây."),
        (desk, "Nhắc việc: rà soát các hồ sơ sắp đến hạn trả kết quả trước 15:00 hôm nay."),
        (leader, "Chào mừng anh đến với Vì Dân. Hồ sơ chờ phê duyệt và lịch tiếp công dân sẽ hiện ở đây."),
        (
            leader,
            "Thuận Hóa là xã thứ 9 của huyện Tuyên Hóa triển khai mô hình "
            "“Chính quyền thân thiện, vì nhân dân phục vụ”.",
        ),
    ]:
        staff_notice_send(recipient=recipient, commune=commune, text=text)


@demo_step
def successions_add(ctx: DemoContext) -> None:
    ctx.successions = demo_successions_link()


def demo_successions_link() -> int:
    """Link the demo's former units to today's successors, where both exist. Idempotent; returns new links."""
    former = {
        u.code: u
        for u in Unit.objects.filter(valid_from=FORMER_FROM, code__in=[PROVINCE[0], *(c.code for c in COMMUNES)])
    }
    if not former:
        return 0
    current = {
        (u.level, u.code): u
        for u in Unit.objects.filter(
            valid_from=TWO_TIER_FROM, code__in=[PROVINCE_SUCCESSOR, *(c.successor for c in COMMUNES)]
        )
    }
    pairs = [(former.get(PROVINCE[0]), current.get((UnitLevel.PROVINCE, PROVINCE_SUCCESSOR)), PROVINCE_BASIS)]
    pairs += [(former.get(c.code), current.get((UnitLevel.COMMUNE, c.successor)), COMMUNE_BASIS) for c in COMMUNES]
    return sum(
        unit_succession_link(predecessor=old, successor=new, effective_on=TWO_TIER_FROM, basis=basis)
        for old, new, basis in pairs
        if old is not None and new is not None and old.level == new.level
    )


def _accounts_print(ctx: DemoContext) -> None:
    out = ctx.stdout
    width = max(len(username) for username, _role, _pw in ctx.accounts)
    role_width = max(len(role) for _username, role, _pw in ctx.accounts)
    for slug, commune in sorted(ctx.communes.items(), key=lambda item: item[1].model_sequence or 0):
        out.write(f"commune  {slug:<12} {commune.unit.kind} {commune.name} (#{commune.model_sequence})\n")
    out.write("\n")
    if ctx.password:
        out.write("Every demo account below has the password given with --password.\n\n")
    else:
        out.write("Demo accounts and their passwords. They are shown this once and stored only as hashes:\n\n")
    out.write(f"{'username':<{width}}  {'role':<{role_width}}  password\n")
    for username, role, password in ctx.accounts:
        shown = "(--password)" if ctx.password else password
        out.write(f"{username:<{width}}  {role:<{role_width}}  {shown}\n")
