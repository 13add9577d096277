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


def documented_environment() -> dict[str, str]:
    """The settings the settings template (deploy/vidan.env.example, which docs/operations.md tells an operator to
    fill in) gives, read as systemd reads it, with its secrets filled in."""
    environ = systemd_environment_parse(TEMPLATE.read_text())
    for name in ("SECRET_KEY", "VIDAN_AUDIT_KEY"):
        environ[name] = secrets.token_urlsafe(50)
    return {name: value for name, value in environ.items() if value != ""}


def test_the_documented_settings_pass_check_deploy_but_for_the_domain_owners_two_choices(production, tmp_path):
    environ = {**documented_environment(), "DATABASE_URL": f"sqlite:///{tmp_path / 'vidan.sqlite3'}"}
    assert environ["SECURE_PROXY_SSL"] == "1" and environ["VIDAN_PROXY_COUNT"] == "1"

    done = production("check", "--deploy", **environ)

    assert done.returncode == 0, done.stderr
    report = done.stdout + done.stderr
    assert set(re.findall(r"\(([\w.]+\.[WE]\d+)\)", report)) == {"security.W005", "security.W021"}, report

    chosen = production("check", "--deploy", **environ, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")

    assert "System check identified no issues" in chosen.stdout, chosen.stdout + chosen.stderr
