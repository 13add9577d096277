"""HTTPS and the security headers in production: settings read from the environment with DEBUG off, as a
deployment sets them, checked by `vidan check --deploy` and on the responses themselves."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

VIDAN = Path(sys.executable).with_name("vidan")
HOST = "thuanhoa.example.gov.vn"


@pytest.fixture
def production(tmp_path):
    """Run `vidan` with a production's environment (DEBUG off, the secret keys, the host), plus `extra`."""

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess:
        environ = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "VIDAN_ENV_FILE": "",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "VIDAN_AUDIT_KEY": secrets.token_urlsafe(32),
            "VIDAN_AUDIT_HEAD_FILE": str(tmp_path / "audit-head"),
            "VIDAN_DATA_DIR": str(tmp_path / "data"),
            "VIDAN_SMS_SENDER": "console",
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'vidan.sqlite3'}",
            **extra,
        }
        return subprocess.run([str(VIDAN), *args], env=environ, cwd=tmp_path, capture_output=True, text=True)

    return run


def test_check_deploy_finds_https_enforced_and_hsts_by_default(production):
    done = production("check", "--deploy")

    assert done.returncode == 0, done.stderr
    report = done.stdout + done.stderr
    assert "security.W004" not in report  # HSTS
    assert "security.W008" not in report  # redirect to HTTPS
    assert "security.W012" not in report and "security.W016" not in report  # secure cookies


def test_check_deploy_is_silent_once_subdomains_and_preload_are_chosen(production):
    done = production(
        "check", "--deploy", SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1", SECURE_PROXY_SSL="1"
    )

    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr


def test_check_deploy_warns_of_a_redirect_loop_behind_an_untrusted_proxy(production):
    done = production("check", "--deploy", VIDAN_PROXY_COUNT="1")

    assert "vidan.W001" in done.stdout + done.stderr
    assert "SECURE_PROXY_SSL=1" in done.stdout + done.stderr


def test_check_deploy_warns_when_the_content_security_policy_is_turned_off(production):
    done = production("check", "--deploy", CONTENT_SECURITY_POLICY="")

    assert "vidan.W002" in done.stdout + done.stderr


RESPONSES = """
import json
from django.test import Client
plain = Client().get("/api/openapi.json", HTTP_HOST="{host}")
proxied = Client().get("/api/openapi.json", HTTP_HOST="{host}", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({{
    "plain": [plain.status_code, plain.headers.get("Location")],
    "proxied": [proxied.status_code, dict(proxied.headers)],
}}))
"""


def test_behind_nginx_plain_http_is_redirected_and_https_gets_hsts_and_csp(production):
    done = production("shell", "-c", RESPONSES.format(host=HOST), SECURE_PROXY_SSL="1", SECURE_HSTS_SECONDS="600")

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])  # after the shell's own line
    assert seen["plain"] == [301, f"https://{HOST}/api/openapi.json"]
    status, headers = seen["proxied"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=600"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_every_page_carries_the_content_security_policy(db):
    response = Client().get("/")

    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_the_api_documentation_may_style_inline_but_never_script_inline(db):
    response = Client().get("/api/docs")

    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self'" in policy and policy.count("unsafe-inline") == 1
