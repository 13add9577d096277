import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from tests.factories import PASSWORD, make_commune, make_department, make_staff
from tests.onestop.factories import load_catalogue
from vidan.org.models import Role
from vidan.workdays.store import calendar_cache_clear


@pytest.fixture(autouse=True)
def empty_cache():
    """Rows are rolled back after each test; what the caches hold about them must go too."""
    for each in caches.all():
        each.clear()
    calendar_cache_clear()


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in the default language; a request in English must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
