"""A feature module is a folder that plugs in: with the one-stop desk removed from INSTALLED_APPS the platform
still migrates, builds its demo, runs its timer and serves its public site, back office and API, and nothing of
the desk shows anywhere."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs in a process of its own, with the settings that leave the desk out.
CHECKS = textwrap.dedent(
    """
    import django
    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.test import Client
    from vidan.core.menus import PUBLIC_MENU, STAFF_MENU
    from vidan.core.tick import TICK_JOBS
    from vidan.org.indicators import INDICATORS
    from vidan.org.rules import PERMISSIONS

    assert not apps.is_installed("vidan.onestop")
    call_command("migrate", "--no-input", verbosity=0)
    call_command("demo", "--password", "mat-khau-thu-nghiem-2026", verbosity=0)
    call_command("tick")
    call_command("simulate", "--communes", "1", verbosity=0)
    call_command("indicators", "--commune", "thuan-hoa", "--period", "2026-11")

    names = [p.name for p in PERMISSIONS] + [e.url_name for e in STAFF_MENU] + [e.url_name for e in PUBLIC_MENU]
    names += [j.name for j in TICK_JOBS] + [i.code for i in INDICATORS]
    assert not [name for name in names if "dossier" in name or "onestop" in name], names

    client = Client()
    for path in ("/", "/xa/thuan-hoa/", "/xa/thuan-hoa/can-bo/", "/han-giai-quyet/", "/api/v1/health"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert b"nop-ho-so" not in response.content and b"tra-cuu" not in response.content, path
    assert client.get("/tra-cuu/").status_code == 404
    assert client.get("/api/openapi.json").json()["paths"].get("/api/v1/dossiers/lookup") is None

    response = client.post("/staff/login/", {"username": "motcua.thuanhoa", "password": "mat-khau-thu-nghiem-2026"})
    assert response.status_code == 302, response.status_code
    for path in ("/staff/", "/staff/people/", "/staff/notices/", "/staff/search/?q=lan", "/staff/tokens/"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert b"/staff/ho-so/" not in response.content, path
    print("platform works without the one-stop desk")
    """
)


@pytest.mark.django_db(transaction=False)
def test_the_platform_works_with_the_one_stop_desk_uninstalled(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.config.settings_without_onestop",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'without-onestop.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", CHECKS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "platform works without the one-stop desk" in done.stdout
    assert "sessions.clear_expired" in done.stdout and "onestop" not in done.stdout
