"""A pytest plugin for the mutation run (`make mutate`; docs/testing.md), loaded with `-p tests.mutation`.

mutmut runs the tests again and again in processes forked from one that has already loaded the settings, so
two of them at once would share the SQLite test database named after that one's process id: each takes a file
of its own here. The tests without the database run first, so that most mutants are killed before a database
is built. Hypothesis draws the same examples on every run and has no deadline, so that a mutant is killed by
what it computes, never by a slow machine or a lucky draw. The calendar the engine's tests share is built
again in each run, so that a mutant of the code that builds it is built into it.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("mutation", deadline=None, derandomize=True, database=None)
hypothesis_settings.load_profile("mutation")

_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup"}


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    from django.conf import settings

    from tests.workdays.calendars import vietnam

    vietnam.cache_clear()
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(database["TEST"]["NAME"])
        database["TEST"]["NAME"] = str(name.with_name(f"vidan-test-{os.getpid()}.sqlite3"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))))
