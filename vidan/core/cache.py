"""The cache backends.

RedisCache: Django's, with one client per connection pool. Django builds a new `redis.Redis` around the pool
for every get or set; a back-office page makes several, and building the client cost more than the round trip
to Redis. A client is safe to share between threads (each command takes a connection from the pool), so one
per pool is kept.

ProcessCache: each process's own memory, without pickling (see the class).
"""

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


class ProcessCache(LocMemCache):
    """Each process's own cache (CACHES["local"]), keeping values as they are rather than pickled.

    Django's memory cache pickles every value it stores and unpickles it on every read, so that a caller who
    changes what it got cannot change the cache. What is kept here is only read — rendered fragments, counts,
    a commune or a procedure with their related rows, shown on pages — and unpickling a commune with its three
    units cost more than the rest of its read. So: a value taken from this cache is shared with every later
    request of the process, and is never changed; copy it first to change it.
    """

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._cache[key] = self._cache[key] + delta
            self._cache.move_to_end(key, last=False)
        return value
