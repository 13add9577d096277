"""Production as it runs (DEBUG off, gunicorn, sessions in Redis) while its Redis stops and starts again: every
request is answered, the officer stays logged in, and the log gets a warning, not a traceback per request."""

import subprocess
import sys
import time
from pathlib import Path

from bench.server import AppServer, http_get
from tests.production import production_environ, served_over_plain_http
from tests.redis_server import redis_server  # noqa: F401 - a fixture
from vidan.core.cache import REDIS_RETRY_SECONDS

VIDAN = Path(sys.executable).with_name("vidan")
# An officer with an authenticator, and a session past both login steps, made as the login makes them.
OFFICER_WITH_A_SESSION = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.factories import make_commune, make_department, make_staff
from vidan.org.models import Role
assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
commune = make_commune(name="Thuận Hóa")
staff = make_staff(commune, Role.DESK_OFFICER, department=make_department(commune), full_name="Trần Thị Hoa")
device = TOTPDevice.objects.create(user=staff, name="test", confirmed=True)
session = SessionStore()
session[SESSION_KEY] = str(staff.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
print(session.session_key)
"""


def test_gunicorn_serves_a_logged_in_officer_through_a_redis_outage(tmp_path, redis_server):  # noqa: F811
    # Given the site under gunicorn with DEBUG off, on Redis, and an officer logged in
    (tmp_path / "static").mkdir()
    environ = production_environ(
        tmp_path,
        **served_over_plain_http(),
        REDIS_URL=redis_server.url,
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    subprocess.run([VIDAN, "migrate", "-v", "0"], env=environ, cwd=tmp_path, check=True)
    made = subprocess.run(
        [VIDAN, "shell", "-c", OFFICER_WITH_A_SESSION], env=environ, cwd=tmp_path, check=True, capture_output=True
    )
    cookie = {"Cookie": f"sessionid={made.stdout.decode().split()[-1]}"}
    log = tmp_path / "gunicorn.log"

    def staff_page() -> tuple[int, str]:
        status, body = http_get(server.port, "/staff/ho-so/", headers=cookie)
        return status, body.decode()

    with AppServer(env=environ, workers=1, log_path=log) as server:
        server.wait_ready("/")
        status, body = staff_page()
        assert status == 200 and "Trần Thị Hoa" in body
        assert redis_server.stored("*django.contrib.sessions*")

        # When Redis stops, and she keeps working past the time the server waits before trying it again
        redis_server.stop()
        answers = []
        until = time.monotonic() + REDIS_RETRY_SECONDS + 1
        while time.monotonic() < until or len(answers) < 10:
            answers.append(staff_page())
            time.sleep(0.1)

        # Then every page opens, as hers
        assert {status for status, _body in answers} == {200}
        assert all("Trần Thị Hoa" in body for _status, body in answers)

        # When Redis is back
        redis_server.start()
        time.sleep(REDIS_RETRY_SECONDS + 0.5)

        # Then she still works, and her session is kept in Redis again
        status, body = staff_page()
        assert status == 200 and "Trần Thị Hoa" in body
        assert redis_server.stored("*django.contrib.sessions*")

    # And the log says it once, without a traceback
    text = log.read_text()
    assert text.count("Redis cannot be reached") == 1, text
    assert "Connection refused" in text and "Redis answers again" in text
    assert "Traceback" not in text and "ERROR" not in text, text
