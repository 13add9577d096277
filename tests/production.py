"""Vì Dân as an installed copy runs it, for the tests that start it in processes of their own: DEBUG off, no test
settings, its own data directory and audit head file, keys of its own, and an SMS sender named on purpose (production
refuses the console sender unless it is named)."""

import os
import secrets
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


def production_environ(place: Path, **settings: str) -> dict[str, str]:
    """The environment of an installed copy whose files are all under `place`; `settings` adds or replaces
    variables (DATABASE_URL, ALLOWED_HOSTS, …). Without DATABASE_URL it uses an SQLite file under `place`."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(place),
        "PYTHONPATH": str(PROJECT_DIR),
        "VIDAN_ENV_FILE": "",  # never the checkout's development settings
        "DJANGO_SETTINGS_MODULE": "vidan.config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VIDAN_AUDIT_KEY": secrets.token_urlsafe(32),
        "VIDAN_AUDIT_HEAD_FILE": str(place / "audit" / "head"),
        "VIDAN_DATA_DIR": str(place / "data"),
        "VIDAN_SMS_SENDER": "console",
        "VIDAN_STATIC_MANIFEST": "0",  # no collectstatic here: the style sheet under its own name
        "DATABASE_URL": f"sqlite:///{place / 'vidan.sqlite3'}",
        **settings,
    }


def served_over_plain_http() -> dict[str, str]:
    """What a copy reached on the loopback without its proxy needs: no redirect to HTTPS, cookies sent over HTTP."""
    return {
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
    }
