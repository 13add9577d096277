"""Without Redis, the limits (wrong PINs, online submissions, failed logins of unknown names) are counted in the
database, which every worker shares: an address cannot try a limit once per worker."""

import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection

from tests.onestop.factories import received
from vidan.core.cache import DatabaseCache
from vidan.core.models import SharedCacheEntry
from vidan.core.throttle import window_count
from vidan.core.tick import shared_cache_clear_expired
from vidan.onestop.lookup import MAX_WRONG_PER_DOSSIER_AND_ADDRESS, pin_blocked, pin_check
from vidan.workdays import VIETNAM

VIDAN = Path(sys.executable).with_name("vidan")
COUNT_THREE_TIMES = (
    "from vidan.core.throttle import window_count\n"
    "print([window_count('vidan:pin-wrong:ip:203.0.113.9', 900) for _ in range(3)])"
)


def test_two_worker_processes_share_one_count(tmp_path):
    # Given a deployment without Redis, its database migrated
    environ = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "VIDAN_ENV_FILE": "",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vidan.sqlite3'}",
    }

    def vidan(*args) -> subprocess.Popen:
        return subprocess.Popen([str(VIDAN), *args], env=environ, cwd=tmp_path, stdout=subprocess.PIPE, text=True)

    assert vidan("migrate", "core", "-v", "0").wait() == 0

    # When two worker processes each count three wrong PINs from one address, at the same time
    workers = [vidan("shell", "-c", COUNT_THREE_TIMES) for _ in range(2)]
    counts = [json.loads(worker.communicate()[0].strip().rpartition("\n")[2]) for worker in workers]

    # Then they counted together: six attempts, each counted once
    assert sorted(counts[0] + counts[1]) == [1, 2, 3, 4, 5, 6]


def test_the_limits_are_counted_in_the_database_without_redis(db):
    assert isinstance(caches["limits"], DatabaseCache)

    window_count("vidan:online-submissions:203.0.113.9", 3600)

    assert SharedCacheEntry.objects.get(key__endswith="vidan:online-submissions:203.0.113.9").number == 1


@pytest.mark.django_db(transaction=True)
def test_workers_counting_at_the_same_moment_lose_no_count():
    # Given four workers, each with its own cache and its own database connection
    def worker():
        try:
            mine = DatabaseCache(None, {})
            for _ in range(10):
                mine.add("burst", 0, 60)
                mine.incr("burst")
                mine.window_count("window", 60)
        finally:
            connection.close()

    # When they count ten attempts each, all at once, by hand and in one statement
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then every attempt is counted
    assert DatabaseCache(None, {}).get("burst") == DatabaseCache(None, {}).get("window") == 40


def test_a_wrong_pin_counted_by_one_worker_blocks_at_another(commune, desk_officer, catalogue):
    # Given a dossier, and two workers with caches of their own
    dossier = received(desk_officer, commune)
    first, second = DatabaseCache(None, {}), DatabaseCache(None, {})
    ip = "203.0.113.9"

    # When the wrong PINs from an address reach the limit, all of them at the first worker
    for _ in range(MAX_WRONG_PER_DOSSIER_AND_ADDRESS):
        assert pin_check(dossier=dossier, pin="000000", ip=ip) is False

    # Then the second worker sees the same counts, and the address is blocked there too
    key = f"vidan:pin-wrong:dossier:{dossier.pk}:ip:{ip}"
    assert first.get(key) == second.get(key) == MAX_WRONG_PER_DOSSIER_AND_ADDRESS
    assert pin_blocked(dossier, ip)


@pytest.mark.clock
def test_an_entry_lives_for_its_timeout_and_keeps_any_value(clock, db):
    cache = DatabaseCache(None, {})
    until = datetime(2026, 3, 10, 9, 45, tzinfo=VIETNAM)

    # A count, a moment (pickled), a window that is still open
    assert cache.add("count", 0, 60) is True
    assert cache.add("count", 5, 60) is False
    cache.set("login:until", until, 900)
    assert (cache.incr("count"), cache.incr("count", 2), cache.decr("count")) == (1, 3, 2)
    assert cache.get_many(["count", "login:until", "missing"]) == {"count": 2, "login:until": until}

    # After its timeout, an entry is gone: a new window starts from nothing
    clock.shift(timedelta(seconds=61))
    assert cache.get("count") is None and cache.get("login:until") == until
    with pytest.raises(ValueError):
        cache.incr("count")
    assert cache.add("count", 0, 60) is True and cache.incr("count") == 1

    # A window counted in one statement starts again once it has closed, and lives its own time
    assert [cache.window_count("window", 60) for _ in range(3)] == [1, 2, 3]
    clock.shift(timedelta(seconds=30))
    assert cache.window_count("window", 60) == 4
    clock.shift(timedelta(seconds=31))
    assert cache.window_count("window", 60) == 1 and cache.get("window") == 1

    # A deleted entry is gone at once
    assert cache.delete("login:until") is True
    assert cache.get("login:until", "none") == "none"


@pytest.mark.clock
def test_the_tick_removes_expired_counts_only(clock, db):
    cache = caches["limits"]
    cache.set("old", 3, 60)
    cache.set("current", 4, 3600)

    clock.shift(timedelta(minutes=5))
    removed = shared_cache_clear_expired()

    assert removed == 1
    assert SharedCacheEntry.objects.count() == 1 and cache.get("current") == 4
