"""Counting events in a time window, in the cache: attempts at a PIN, submissions from an address."""

from django.core.cache import cache


def window_count(key: str, seconds: int) -> int:
    """Add one to the count under `key` and return it; the count starts again `seconds` after its first event.
    Atomic where the cache's increment is (Redis; the local-memory cache within a process)."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1
