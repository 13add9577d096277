"""Settings for the test suite: the same as production's, with the fast password hasher."""

import os
import tempfile
from pathlib import Path

os.environ["VIDAN_TESTING"] = "1"
# Never a developer's .env (its DEBUG, its database): the tests see the environment they were started with, and
# so do the processes they start.
os.environ["VIDAN_ENV_FILE"] = ""

from vidan.config.settings import *  # noqa: F403
from vidan.config.settings import DATABASES, STORAGES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's shared in-memory database: that one locks whole tables and ignores the busy
    # timeout, so tests of concurrent writers would see errors production (WAL, a file) never shows.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"vidan-test-{os.getpid()}.sqlite3")}

# The files of the tests go to a data directory of their own, never next to a developer's data.
VIDAN_DATA_DIR = Path(tempfile.gettempdir()) / f"vidan-test-data-{os.getpid()}"
STORAGES["dossier_files"]["OPTIONS"]["location"] = str(VIDAN_DATA_DIR / "private")
MEDIA_ROOT = VIDAN_DATA_DIR / "media"

# The audit log's head goes to a file of the test run (each test gets its own: tests/conftest.py).
VIDAN_AUDIT_HEAD_FILE = str(Path(tempfile.gettempdir()) / f"vidan-test-audit-head-{os.getpid()}")
