"""deploy/vidan.env.example, the settings file of a production install: bash and systemd read the same values
from it, and production starts with it once its secrets are filled in."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from vidan.config.settings import PROJECT_DIR

TEMPLATE = PROJECT_DIR / "deploy" / "vidan.env.example"
VIDAN = Path(sys.executable).with_name("vidan")
PRODUCTION_NEEDS = {
    "SECRET_KEY",
    "VIDAN_AUDIT_KEY",
    "VIDAN_AUDIT_HEAD_FILE",
    "DATABASE_URL",
    "VIDAN_DATA_DIR",
    "STATIC_ROOT",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "VIDAN_PROXY_COUNT",
    "SECURE_PROXY_SSL",
    "VIDAN_SMS_SENDER",
    "VIDAN_SMS_GATEWAY_URL",
    "VIDAN_SMS_GATEWAY_TOKEN",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_HOST_PASSWORD",
    "DEFAULT_FROM_EMAIL",
}


def systemd_environment_parse(text: str) -> dict[str, str]:
    """An EnvironmentFile as systemd reads it (systemd.exec(5); load_env_file in systemd's src/basic/env-file.c):
    leading whitespace skipped; blank lines and lines starting with # or ; ignored; NAME=value, whitespace around
    the name dropped; in a value, single quotes keep everything up to the next one, double quotes too except
    that a backslash escapes ", \\, ` and $; outside quotes a backslash escapes the next character, a backslash
    ending a line joins the next one, and trailing whitespace is dropped. A # after a value is part of it."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        line = line.lstrip()
        if not line or line[0] in "#;":
            continue
        while line.endswith("\\") and not line.endswith("\\\\"):
            line = line[:-1] + next(lines, "")
        name, equals, raw = line.partition("=")
        if not equals:
            continue
        value, quote, index, raw = [], None, 0, raw.lstrip()
        trailing = 0  # unquoted whitespace at the end, dropped
        while index < len(raw):
            char = raw[index]
            if quote == "'":
                if char == "'":
                    quote = None
                else:
                    value.append(char)
            elif quote == '"':
                if char == '"':
                    quote = None
                elif char == "\\" and index + 1 < len(raw) and raw[index + 1] in '"\\`$':
                    index += 1
                    value.append(raw[index])
                else:
                    value.append(char)
            elif char in "'\"":
                quote, trailing = char, 0
            elif char == "\\" and index + 1 < len(raw):
                index += 1
                value.append(raw[index])
                trailing = 0
            else:
                value.append(char)
                trailing = trailing + 1 if char.isspace() else 0
            index += 1
        values[name.strip()] = "".join(value[: len(value) - trailing])
    return values


def bash_environment(path: Path) -> subprocess.CompletedProcess:
    script = 'set -e; set -a; . "$1"; set +a; env -0'
    return subprocess.run(
        ["bash", "-c", script, "bash", str(path)],
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
    )


def test_the_systemd_parser_follows_systemds_rules_where_bash_differs():
    text = '# a comment\n; another\n  A = 1 # kept\nB=\'x  y\'\nC="a\\"b"\nD=one\\\n two  \n'

    assert systemd_environment_parse(text) == {"A": "1 # kept", "B": "x  y", "C": 'a"b', "D": "one two"}


def test_bash_and_systemd_read_the_same_values_from_the_template():
    done = bash_environment(TEMPLATE)

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    read_by_bash = dict(item.split("=", 1) for item in done.stdout.split("\0") if item)
    read_by_systemd = systemd_environment_parse(TEMPLATE.read_text(encoding="utf-8"))
    assert read_by_systemd, "the template sets nothing"
    assert {name: read_by_bash.get(name) for name in read_by_systemd} == read_by_systemd
    assert read_by_systemd["DEFAULT_FROM_EMAIL"] == "UBND xã Thuận Hóa <khong-tra-loi@thuanhoa.example.gov.vn>"


def test_a_line_the_shell_and_systemd_read_differently_is_caught(tmp_path):
    # what the docs' settings once held: the shell stops at <, systemd keeps the comment as part of the value
    broken = tmp_path / "env"
    broken.write_text("DEFAULT_FROM_EMAIL=UBND xã Thuận Hóa <khong-tra-loi@example.gov.vn>\n")
    commented = tmp_path / "env2"
    commented.write_text("LOG_LEVEL=INFO  # more detail\n")

    assert bash_environment(broken).returncode != 0
    assert "syntax error" in bash_environment(broken).stderr
    assert systemd_environment_parse(commented.read_text()) == {"LOG_LEVEL": "INFO  # more detail"}


def test_the_template_holds_every_setting_production_needs():
    names = set(systemd_environment_parse(TEMPLATE.read_text(encoding="utf-8")))

    assert names >= PRODUCTION_NEEDS, PRODUCTION_NEEDS - names
    assert "DEBUG" not in names


@pytest.mark.parametrize("reader", ["bash", "systemd"])
def test_production_starts_with_the_template_once_its_secrets_are_filled_in(tmp_path, reader):
    text = TEMPLATE.read_text(encoding="utf-8")
    if reader == "bash":
        done = bash_environment(TEMPLATE)
        assert done.returncode == 0, done.stderr
        values = {name: value for name, value in (i.split("=", 1) for i in done.stdout.split("\0") if i)}
        values = {name: values[name] for name in systemd_environment_parse(text)}
    else:
        values = systemd_environment_parse(text)
    environ = {
        **values,
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "VIDAN_ENV_FILE": "",
        # what the administrator fills in, and this machine's paths instead of /srv/vidan
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VIDAN_AUDIT_KEY": secrets.token_urlsafe(50),
        "VIDAN_AUDIT_HEAD_FILE": str(tmp_path / "audit" / "head"),
        "VIDAN_DATA_DIR": str(tmp_path / "data"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vidan.sqlite3'}",
    }
    assert environ["VIDAN_SMS_SENDER"] == "http"  # not the console, whose messages reach nobody

    done = subprocess.run([str(VIDAN), "check", "--deploy"], env=environ, cwd=tmp_path, capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert "ImproperlyConfigured" not in done.stderr
    assert "security.W004" not in done.stdout + done.stderr  # HSTS
    assert "security.W008" not in done.stdout + done.stderr  # the redirect to HTTPS
