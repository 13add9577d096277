"""Counting events in a time window: attempts at a PIN, submissions from an address, failed logins of unknown
names.

The counts live in the `limits` cache (CACHES["limits"]), which every process of the site shares: Redis when
REDIS_URL is set, the database otherwise (vidan.core.cache.DatabaseCache). A limit counted in each worker's own
memory would let an address try the limit once per worker.
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy

from vidan.core.cache import DatabaseCache

counters = ConnectionProxy(caches, "limits")


def window_count(key: str, seconds: int) -> int:
    """Add one to the count under `key` and return it; the count starts again `seconds` after its first event.
    Atomic: two processes counting at once both count."""
    backend = caches["limits"]
    if isinstance(backend, DatabaseCache):
        return backend.window_count(key, seconds)
    counters.add(key, 0, seconds)
    try:
        return counters.incr(key)
    except ValueError:  # expired between add and incr
        counters.set(key, 1, seconds)
        return 1
