"""CACHES["local"]: each process's memory, values kept as they are (not pickled), with Django's cache rules."""

import time

import pytest
from django.core.cache import caches

from vidan.core.cache import ProcessCache


@pytest.fixture
def local():
    cache = caches["local"]
    assert isinstance(cache, ProcessCache)
    cache.clear()
    yield cache
    cache.clear()


def test_a_value_is_kept_as_it_is_and_shared():
    cache = ProcessCache("test-shared", {})
    row = {"commune": "Thuận Hóa", "units": ["xã", "tỉnh"]}
    cache.set("commune", row, 60)
    assert cache.get("commune") is row and cache.get_many(["commune", "none"]) == {"commune": row}


def test_expiry_add_incr_and_delete_follow_the_cache_api(local, monkeypatch):
    local.set("a", 1, 60)
    assert local.add("a", 2) is False and local.get("a") == 1
    assert local.add("b", 5, 60) is True and local.incr("b", 3) == 8 and local.get("b") == 8
    with pytest.raises(ValueError):
        local.incr("missing")
    local.delete("b")
    assert local.get("b", "gone") == "gone"
    # once its time has passed, a value is gone and its key free again
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert local.get("a") is None and local.add("a", 3, 60) is True and local.get("a") == 3


def test_the_oldest_entries_go_when_it_is_full():
    cache = ProcessCache("test-full", {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    for n in range(10):
        cache.set(f"k{n}", n, 60)
    cache.get("k0")  # read lately: kept
    cache.set("k10", 10, 60)
    kept = [n for n in range(11) if cache.get(f"k{n}") is not None]
    assert len(kept) == 6 and 0 in kept and 10 in kept
