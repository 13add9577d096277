"""The cache backends.

RedisCache: Django's, with one client per connection pool. Django builds a new `redis.Redis` around the pool
for every get or set; a back-office page makes several, and building the client cost more than the round trip
to Redis. A client is safe to share between threads (each command takes a connection from the pool), so one
per pool is kept.

ProcessCache: each process's own memory, without pickling (see the class).

DatabaseCache: a cache every process shares, in the database, for the counters of the limits when there is no
Redis (see the class).
"""

import pickle
from datetime import UTC, datetime, timedelta

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.utils import timezone


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


class DatabaseCache(BaseCache):
    """A cache every process of the site shares, in the database (table vidan_shared_cache), for what must hold
    across the web workers when there is no Redis: the counters of the limits on wrong PINs, online submissions
    and failed logins (CACHES["limits"], vidan.core.throttle).

    Django's own database cache adds to a count by reading it and writing it back, so two workers counting at
    once can both write the same number: here a count is a number column and `incr` is one UPDATE, which every
    database applies one after the other. `add` is an INSERT that the primary key lets only one process win.
    Entries are written in the caller's transaction when there is one. Expired entries are removed when their
    key is written again, and all at once by the tick job `cache.clear_expired`.
    """

    def __init__(self, location, params):
        super().__init__(params)

    @property
    def _entries(self):
        from vidan.core.models import SharedCacheEntry

        return SharedCacheEntry.objects

    def _expiry(self, timeout) -> datetime:
        moment = self.get_backend_timeout(timeout)
        if moment is None:  # never: far enough to outlive any deployment
            return timezone.now() + timedelta(days=365 * 100)
        return datetime.fromtimestamp(moment, tz=UTC)

    @staticmethod
    def _encoded(value) -> dict:
        if isinstance(value, int) and not isinstance(value, bool):
            return {"number": value, "value": None}
        return {"number": None, "value": pickle.dumps(value, pickle.HIGHEST_PROTOCOL)}

    @staticmethod
    def _decoded(number, value):
        return number if number is not None else pickle.loads(bytes(value))  # noqa: S301 - written by us only

    def _live(self, keys):
        return self._entries.filter(key__in=keys, expires_at__gt=timezone.now())

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with transaction.atomic():
            self._entries.filter(key=key, expires_at__lte=timezone.now()).delete()
            try:
                with transaction.atomic():
                    self._entries.create(key=key, expires_at=self._expiry(timeout), **self._encoded(value))
            except IntegrityError:  # a live entry, or another process's add won
                return False
        return True

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        found = self._live([key]).values_list("number", "value").first()
        return default if found is None else self._decoded(*found)

    def get_many(self, keys, version=None):
        names = {self.make_and_validate_key(key, version=version): key for key in keys}
        rows = self._live(list(names)).values_list("key", "number", "value")
        return {names[key]: self._decoded(number, value) for key, number, value in rows}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._entries.bulk_create(
            [self._entries.model(key=key, expires_at=self._expiry(timeout), **self._encoded(value))],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["number", "value", "expires_at"],
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self._live([key]).update(expires_at=self._expiry(timeout)))

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        deleted, _by_model = self._entries.filter(key=key).delete()
        return bool(deleted)

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._live([key]).exists()

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with transaction.atomic():
            # The UPDATE holds the row until the transaction ends: the number read after it is this process's.
            if not self._live([key]).filter(number__isnull=False).update(number=F("number") + delta):
                raise ValueError(f"Key '{key}' not found")
            return self._entries.filter(key=key).values_list("number", flat=True).get()

    def window_count(self, key: str, seconds: int) -> int:
        """Add one to the count under `key` and return it, in one statement: a new count (or one whose window
        has closed) starts at 1 and lives `seconds`. What `add` then `incr` do, in one round trip instead of
        several, for the limits a public page counts at each request."""
        key = self.make_and_validate_key(key)
        now = timezone.now()
        expires = self._expiry(seconds)
        connection = connections[router.db_for_write(self._entries.model)]
        table, column = (connection.ops.quote_name(name) for name in (self._entries.model._meta.db_table, "key"))
        live = f"{table}.expires_at > %s AND {table}.number IS NOT NULL"
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            # In the UPDATE, the table's columns are the row as it was: both CASEs see the same window.
            cursor.execute(
                f"INSERT INTO {table} ({column}, number, value, expires_at) VALUES (%s, 1, NULL, %s) "
                f"ON CONFLICT ({column}) DO UPDATE SET "
                f"number = CASE WHEN {live} THEN {table}.number + 1 ELSE 1 END, value = NULL, "
                f"expires_at = CASE WHEN {live} THEN {table}.expires_at ELSE excluded.expires_at END "
                "RETURNING number",
                [key, adapt(expires), adapt(now), adapt(now)],
            )
            return cursor.fetchone()[0]

    def clear(self):
        self._entries.all().delete()

    def clear_expired(self) -> int:
        deleted, _by_model = self._entries.filter(expires_at__lte=timezone.now()).delete()
        return deleted
