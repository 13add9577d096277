"""An upgrade reaches the browsers and says what it is: the version from the package's metadata, static files
under hashed names served with DEBUG off, plain HTTP sent on to HTTPS, and the documented settings passing
`vidan check --deploy`."""

import json
import os
import re
import secrets
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.config.test_env_template import TEMPLATE, systemd_environment_parse
from tests.conftest import logged_in_client

VIDAN = Path(sys.executable).with_name("vidan")
HOST = "thuanhoa.example.gov.vn"
OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


@pytest.fixture
def production(tmp_path):
    """Run `vidan` with a production's environment (DEBUG off, the secret keys, the host, a static root of the
    test's own), plus `extra`."""

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess:
        environ = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "VIDAN_ENV_FILE": "",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "VIDAN_AUDIT_KEY": secrets.token_urlsafe(32),
            "VIDAN_AUDIT_HEAD_FILE": str(tmp_path / "audit-head"),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'vidan.sqlite3'}",
            "STATIC_ROOT": str(tmp_path / "static"),
            "VIDAN_DATA_DIR": str(tmp_path / "data"),
            "VIDAN_SMS_SENDER": "console",
            **extra,
        }
        return subprocess.run([str(VIDAN), *args], env=environ, cwd=tmp_path, capture_output=True, text=True)

    return run


def test_vidan_version_is_the_installed_packages():
    done = subprocess.run([str(VIDAN), "--version"], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"vidan {version('vidan')}"


def test_the_staff_sidebar_names_the_version(desk_officer):
    page = logged_in_client(desk_officer).get("/staff/").content.decode()

    assert f"Vì Dân phiên bản {version('vidan')}" in page


STYLE_SHEET = """
import json, re
from django.test import Client
client = Client(HTTP_X_FORWARDED_PROTO="https")
page = client.get("/staff/login/", HTTP_HOST="{host}").content.decode()
href = re.search(r'href="(/static/vidan/site[^"]*\\.css)"', page).group(1)
sheet = client.get(href, HTTP_HOST="{host}")
print(json.dumps({{"href": href, "status": sheet.status_code, "cache": sheet.headers.get("Cache-Control"),
    "body": b"".join(sheet.streaming_content).decode()}}))
"""


def test_with_debug_off_a_page_links_to_the_hashed_style_sheet_and_it_is_served(production, tmp_path):
    collected = production("collectstatic", "--no-input")
    assert collected.returncode == 0, collected.stderr

    done = production("shell", "-c", STYLE_SHEET.format(host=HOST), SECURE_PROXY_SSL="1")

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert re.fullmatch(r"/static/vidan/site\.[0-9a-f]{12}\.css", seen["href"])
    assert seen["status"] == 200
    assert ".sidebar .version {" in seen["body"]  # this version's style sheet
    assert "immutable" in seen["cache"]  # a browser keeps it until the next upgrade renames it


LOGIN = """
import json
from django.test import Client
client = Client(enforce_csrf_checks=True)
shown = client.get("/staff/login/", HTTP_HOST="{host}")
sent = client.post("/staff/login/", {{"username": "a", "password": "b"}}, HTTP_HOST="{host}")
print(json.dumps({{"get": [shown.status_code, shown.headers.get("Location")],
    "post": [sent.status_code, sent.headers.get("Location")]}}))
"""


def test_over_plain_http_the_login_page_redirects_to_https_rather_than_refusing_the_form(production):
    done = production("shell", "-c", LOGIN.format(host=HOST), SECURE_PROXY_SSL="1")

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["get"] == [301, f"https://{HOST}/staff/login/"]
    assert seen["post"] == [301, f"https://{HOST}/staff/login/"]  # never the CSRF failure page (403)


def documented_environment(tmp_path: Path) -> dict[str, str]:
    """The settings the settings template (deploy/vidan.env.example, which docs/operations.md tells an operator to
    fill in) gives, read as systemd reads it, with its secrets filled in; the database, the files and the static
    files in the test's own directory, and no Redis, instead of the machine's."""
    environ = systemd_environment_parse(TEMPLATE.read_text())
    for name in ("SECRET_KEY", "VIDAN_AUDIT_KEY"):
        environ[name] = secrets.token_urlsafe(50)
    environ.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'vidan.sqlite3'}",
        VIDAN_DATA_DIR=str(tmp_path / "data"),
        STATIC_ROOT=str(tmp_path / "static"),
        VIDAN_AUDIT_HEAD_FILE=str(tmp_path / "audit-head"),
        REDIS_URL="",
    )
    return {name: value for name, value in environ.items() if value != ""}


def test_the_documented_settings_pass_check_deploy_with_no_warning(production, tmp_path):
    environ = documented_environment(tmp_path)
    assert environ["SECURE_PROXY_SSL"] == "1" and environ["VIDAN_PROXY_COUNT"] == "1"
    assert environ["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == "1" and environ["SECURE_HSTS_PRELOAD"] == "0"

    done = production("check", "--deploy", **environ)

    assert done.returncode == 0, done.stderr
    report = done.stdout + done.stderr
    assert re.findall(r"\(([\w.]+\.[WE]\d+)\)", report) == [], report
    assert "System check identified no issues (0 silenced)" not in report  # W021 is silenced, on purpose
    assert "System check identified no issues" in done.stdout, report


HSTS = """
import json
from django.test import Client
answer = Client().get("/staff/login/", HTTP_HOST="{host}", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps([answer.status_code, answer.headers.get("Strict-Transport-Security")]))
"""


def test_the_app_and_the_documented_nginx_send_the_same_hsts_header(production, tmp_path):
    environ = documented_environment(tmp_path)
    migrated = production("migrate", "--no-input", **environ)
    assert migrated.returncode == 0, migrated.stderr
    assert production("collectstatic", "--no-input", **environ).returncode == 0

    done = production("shell", "-c", HSTS.format(host=HOST), **environ)

    assert done.returncode == 0, done.stderr
    status, header = json.loads(done.stdout.splitlines()[-1])
    assert status == 200
    assert header == "max-age=31536000; includeSubDomains"  # no preload: the domain is not submitted
    nginx = re.findall(r'add_header Strict-Transport-Security "([^"]+)" always;', OPERATIONS.read_text())
    assert nginx == [header]


def test_an_undecided_preload_is_still_reported_and_only_an_explicit_no_silences_it(production):
    undecided = production("check", "--deploy", SECURE_PROXY_SSL="1", SECURE_HSTS_INCLUDE_SUBDOMAINS="1")
    declined = production(
        "check", "--deploy", SECURE_PROXY_SSL="1", SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="0"
    )
    without_subdomains = production("check", "--deploy", SECURE_PROXY_SSL="1", SECURE_HSTS_PRELOAD="0")

    assert "security.W021" in undecided.stdout + undecided.stderr
    assert "security.W021" not in declined.stdout + declined.stderr
    assert "System check identified no issues (1 silenced)" in declined.stdout, declined.stdout + declined.stderr
    assert "security.W005" in without_subdomains.stdout + without_subdomains.stderr  # never silenced
