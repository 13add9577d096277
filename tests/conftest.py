import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from tests.clock import ENVIRONMENT, WORKING_MORNING, BadMoment, moment_from_environment, steady
from tests.factories import PASSWORD, make_commune, make_department, make_staff
from tests.onestop.factories import load_catalogue
from vidan.core.cache import DatabaseCache
from vidan.org.models import Role
from vidan.workdays.store import calendar_cache_clear

_session_travel: time_machine.travel | None = None
_moment_key = pytest.StashKey()


def pytest_configure(config):
    """With VIDAN_TEST_NOW set, the whole run happens at that moment, the clock ticking on from there.

    Started here rather than in a fixture so that collection, the test database's creation and the live
    server's thread (time-machine moves the clock of the whole process) all see the same moment. A test that
    sets its own moment (the `clock` fixture) wins while it runs.
    """
    global _session_travel
    try:
        moment = moment_from_environment()
    except BadMoment as error:
        raise pytest.UsageError(str(error)) from None
    if moment is not None:
        _session_travel = time_machine.travel(steady(moment), tick=True)
        _session_travel.start()
        config.stash[_moment_key] = moment


def pytest_unconfigure(config):
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config):
    moment = config.stash.get(_moment_key, None)
    if moment is not None:
        return f"clock: {ENVIRONMENT}={moment.isoformat()} ({moment:%A}), ticking"
    return None


def pytest_terminal_summary(terminalreporter, config):
    moment = config.stash.get(_moment_key, None)
    if moment is not None:
        terminalreporter.write_line(f"the clock started at {moment.isoformat()} ({moment:%A}), from {ENVIRONMENT}")


def pytest_collection_modifyitems(config, items):
    """A test that uses the `clock` fixture depends on the date: it must say so, so that `-m clock` finds it.
    Its clock is set before any other fixture, so that the rows they make are made at the same moment."""
    unmarked = []
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None or "clock" not in names:
            continue
        if item.get_closest_marker("clock") is None:
            unmarked.append(item.nodeid)
        names.remove("clock")
        names.insert(0, "clock")
    if unmarked:
        raise pytest.UsageError("these tests use the clock fixture without @pytest.mark.clock: " + ", ".join(unmarked))


@pytest.fixture
def clock(request):
    """The clock set to a known moment and ticking on from there, whatever the day the tests run.

    The moment is WORKING_MORNING (a Tuesday, 09:30 in Hanoi), or the one the test's marker names:
    `@pytest.mark.clock(datetime(2026, 3, 14, 9, 30, tzinfo=VIETNAM))`. Yields time-machine's traveller:
    `clock.move_to(moment)` sends the test elsewhere, `clock.shift(delta)` moves it on. Wins over VIDAN_TEST_NOW
    while the test runs.
    """
    marker = request.node.get_closest_marker("clock")
    moment = marker.args[0] if marker is not None and marker.args else WORKING_MORNING
    if moment.tzinfo is None:
        raise pytest.UsageError(f"{request.node.nodeid}: give the clock an aware moment, not {moment!r}")
    with time_machine.travel(steady(moment), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def empty_cache():
    """Rows are rolled back after each test; what the caches hold about them must go too (the database's cache
    is rolled back with them)."""
    for each in caches.all():
        if not isinstance(each, DatabaseCache):
            each.clear()
    calendar_cache_clear()


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in the default language; a request in English must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def audit_head_file(settings, tmp_path):
    """Each test's own head file of the audit chain: the database is rolled back after a test, a file is not."""
    path = tmp_path / "audit-head"
    settings.VIDAN_AUDIT_HEAD_FILE = str(path)
    return path


@pytest.fixture
def commune(db):
    return make_commune(name="Thuận Hóa")


@pytest.fixture
def other_commune(db):
    return make_commune(name="Lâm Hóa")


@pytest.fixture
def desk_officer(commune):
    return make_staff(commune, Role.DESK_OFFICER, department=make_department(commune), full_name="Trần Thị Hoa")


def logged_in_client(staff) -> Client:
    """A browser session of `staff`, past both login steps."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(staff)
    device = TOTPDevice.objects.filter(user=staff, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=staff, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def catalogue(db):
    """The shipped procedure catalogue."""
    load_catalogue()


@pytest.fixture
def specialist(commune):
    return make_staff(commune, Role.SPECIALIST, full_name="Lê Văn Tư")


@pytest.fixture
def leader(commune):
    return make_staff(commune, Role.LEADER, full_name="Phạm Văn Minh")


@pytest.fixture
def password():
    return PASSWORD
