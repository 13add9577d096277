"""One data directory holds every file the platform stores; production names it, outside the installed code."""

import os
import subprocess
import sys
from pathlib import Path

import vidan

PACKAGE = Path(vidan.__file__).resolve().parent
SHOW = (
    "from django.conf import settings; from django.core.files.storage import storages; "
    "print(storages['dossier_files'].location); print(settings.MEDIA_ROOT)"
)


def settings_in_production(tmp_path, **extra: str) -> subprocess.CompletedProcess:
    """Load the settings as an installed Vì Dân does (DEBUG off, the keys set) and print where files go."""
    environ = {
        "PATH": os.environ["PATH"],
        "VIDAN_ENV_FILE": "",
        "DJANGO_SETTINGS_MODULE": "vidan.config.settings",
        "SECRET_KEY": "x" * 50,
        "VIDAN_AUDIT_KEY": "k" * 32,
        "VIDAN_AUDIT_HEAD_FILE": str(tmp_path / "head"),
        "VIDAN_SMS_SENDER": "console",
        **extra,
    }
    code = f"import django; django.setup(); {SHOW}"
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)


def test_production_keeps_every_file_under_the_data_directory(tmp_path):
    # given a data directory of its own
    data = tmp_path / "srv" / "data"

    # when the settings load, then citizens' uploads and staff photos both go under it
    done = settings_in_production(tmp_path, VIDAN_DATA_DIR=str(data))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(data / "private"), str(data / "media")]


def test_production_refuses_to_start_without_a_data_directory(tmp_path):
    done = settings_in_production(tmp_path)

    assert done.returncode != 0
    assert "VIDAN_DATA_DIR must be set when DEBUG is off" in done.stderr


def test_production_refuses_a_data_directory_an_upgrade_would_delete(tmp_path):
    # given a data directory inside the installed package, or inside its virtualenv (site-packages/var, as a
    # `pip install .` with the old defaults had it)
    for inside in (PACKAGE / "var", Path(sys.prefix) / "lib" / "var"):
        # when the settings load, then they are refused, naming the directory
        done = settings_in_production(tmp_path, VIDAN_DATA_DIR=str(inside))
        assert done.returncode != 0, inside
        assert "is inside the installed package or its virtualenv" in done.stderr and str(inside) in done.stderr


def test_a_checkout_keeps_its_files_under_var(tmp_path):
    # given a development checkout (DEBUG on) that names no data directory
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        env={
            "PATH": os.environ["PATH"],
            "VIDAN_ENV_FILE": "",
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "vidan.config.settings",
        },
        capture_output=True,
        text=True,
    )

    # then its files stay where they always were, under the checkout's var/
    assert done.returncode == 0, done.stderr
    var = PACKAGE.parent / "var"
    assert done.stdout.split() == [str(var / "private"), str(var / "media")]
