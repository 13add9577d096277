"""The model in the benchmark: the synthetic province's framework, its 100 communes launched, their computed
indicators for the last quarter that ended (and the three before it, which the trend reads), and a supervisor of
the province reading the rollout page (figures in docs/model.md).

Generating times the recomputation of every computed indicator of every commune for one quarter over the million
dossiers: the figure the benchmark's marks keep as `recompute_seconds`.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from vidan.core.benchmarks import BENCH_DATA, BENCH_SCENARIOS, BenchData, Scenario, Target

SUPERVISOR = "giamsat.sim"
SUPERVISOR_COOKIES = "sessionid={supervisor_session}"


def _quarters():
    from vidan.model.periods import period_containing
    from vidan.model.rollout import previous_periods

    last = period_containing(period_containing(timezone.localdate())[0] - timedelta(days=1))
    return previous_periods(*last, 4)


def model_generate() -> None:
    """Framework, launches, a supervisor with an authenticator, and the computed indicators of four quarters."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from vidan.model.frameworks import framework_publish_default
    from vidan.model.launch import Attendee, launch_record
    from vidan.model.models import Framework, Launch
    from vidan.model.snapshots import snapshots_recompute
    from vidan.org.actors import Actor
    from vidan.org.management.commands.simulate import PROVINCE_CODE
    from vidan.org.models import Commune, Role, Staff, Unit, UnitLevel
    from vidan.org.services import role_grant, staff_create

    actor = Actor.system("bench")
    province = Unit.objects.get(code=PROVINCE_CODE, level=UnitLevel.PROVINCE)
    communes = list(Commune.objects.select_related("unit").filter(unit__parent=province).order_by("unit__code"))
    # Each piece is made only if missing: a generation cut short is taken up where it stopped.
    if not Framework.objects.filter(publisher=province).exists():
        framework_publish_default(actor=actor, publisher=province, valid_from=province.valid_from)
    launched = set(Launch.objects.filter(commune__in=communes).values_list("commune_id", flat=True))
    for commune in (c for c in communes if c.pk not in launched):
        launch_record(
            actor=actor,
            commune=commune,
            # the synthetic launch dates begin before the province's unit; none is earlier than its framework
            held_on=max(commune.model_launched_on or province.valid_from, province.valid_from),
            attendees=[Attendee(position="Trưởng Ban Dân vận Tỉnh ủy", organisation="Tỉnh ủy")],
        )
    supervisor = Staff.objects.filter(username=SUPERVISOR).first() or staff_create(
        actor=actor,
        username=SUPERVISOR,
        full_name="Giám Sát Mô Phỏng",
        password=None,
        commune=communes[0],
        position="Chuyên viên Ban Dân vận Tỉnh ủy",
    )
    role_grant(actor=actor, staff=supervisor, unit=province, role=Role.SUPERVISOR)
    TOTPDevice.objects.get_or_create(user=supervisor, name="bench", defaults={"confirmed": True})
    quarters = _quarters()
    for start, end in quarters[:-1]:
        snapshots_recompute(start, end, communes=communes)
    began = time.monotonic()
    snapshots_recompute(*quarters[-1], communes=communes)
    seconds = time.monotonic() - began
    print(f"bench: every computed indicator of {len(communes)} communes for one quarter: {seconds:.1f} s", flush=True)


def supervisor_session() -> str:
    """A session of the province's supervisor past both login steps, as the login makes it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from vidan.org.models import Staff

    staff = Staff.objects.get(username=SUPERVISOR)
    session = SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=staff).persistent_id
    session.create()
    return session.session_key


def model_context(values: dict, cache_dir) -> dict:
    from vidan.org.management.commands.simulate import PROVINCE_CODE
    from vidan.org.models import Unit, UnitLevel

    start, _end = _quarters()[-1]
    return {
        "supervisor_session": supervisor_session(),
        "rollout_unit": Unit.objects.get(code=PROVINCE_CODE, level=UnitLevel.PROVINCE).pk,
        "rollout_day": timezone.localdate().strftime("%d/%m/%Y"),
        "rollout_period": start.isoformat(),
    }


BENCH_DATA.register(BenchData("model", version="1", generate=model_generate, context=model_context))

BENCH_SCENARIOS.register(
    Scenario(
        "rollout",
        "/staff/mo-hinh/trien-khai/?don_vi={rollout_unit}&ngay={rollout_day}&ky={rollout_period}",
        headers={"Cookie": SUPERVISOR_COOKIES},
        about="a province supervisor's rollout page: 100 communes, their scores for a quarter and the three before",
        target=Target(min_ratio=0.5),
        floor="floorrollout",
    )
)
