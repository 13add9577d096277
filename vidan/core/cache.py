"""The cache backends.

RedisCache: Django's, with one client per connection pool. Django builds a new `redis.Redis` around the pool
for every get or set; a back-office page makes several, and building the client cost more than the round trip
to Redis. A client is safe to share between threads (each command takes a connection from the pool), so one
per pool is kept. Redis is a cache, never the only copy: while it cannot be reached, the backend answers from
its fallback (see the class).

ProcessCache: each process's own memory, without pickling (see the class).

DatabaseCache: a cache every process shares, in the database, for the counters of the limits when there is no
Redis (see the class).
"""

import logging
import pickle
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.cache import caches
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError as RedisOutOfMemoryError
from redis.exceptions import ReadOnlyError as RedisReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# How long a process leaves Redis alone after it failed to answer, before trying it again.
REDIS_RETRY_SECONDS = 5
# At most one warning in this many seconds for each Redis a process cannot reach, however many requests fail.
REDIS_WARNING_SECONDS = 60
# How long a process waits for Redis to accept a connection, or to answer, before serving from the fallback.
REDIS_SOCKET_TIMEOUT = 1.0
# What makes Redis unusable for a while, rather than a mistake of the caller: unreachable, too slow, full (with
# `maxmemory-policy noeviction`), or a replica that refuses writes.
REDIS_OUTAGES = (RedisConnectionError, RedisTimeoutError, RedisOutOfMemoryError, RedisReadOnlyError)


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


@dataclass
class _Outage:
    """What a process knows of a Redis it could not reach (shared by the threads of the process: Django gives
    each thread its own cache objects)."""

    retry_at: float = 0.0  # before then, the fallback answers without trying Redis
    down: bool = False  # Redis failed and has not answered since
    warned_at: float | None = None


_outages: dict[tuple, _Outage] = {}
_warnings: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache, which answers from a fallback cache while Redis cannot be reached (or is full, or
    refuses writes: REDIS_OUTAGES).

    OPTIONS["FALLBACK"] names the cache alias that answers then (CACHES["limits"]: the database's counters, so
    that the limits still hold); without it, the backend answers as an empty cache (Django's DummyCache), and
    every caller reads the database. A failed connection logs one warning a minute, not a traceback per
    request; after a failure the process leaves Redis alone for REDIS_RETRY_SECONDS, then tries it again.

    OPTIONS["CLEAR_AFTER_OUTAGE"]: when Redis answers again, drop every entry under this cache's KEY_PREFIX
    before using it (the whole database without a prefix). A session ended or a role withdrawn while Redis was
    down was written to the database only; the copy Redis kept from before must not come back with it.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self._fallback_alias = options.pop("FALLBACK", None)
        self._clear_after_outage = options.pop("CLEAR_AFTER_OUTAGE", False)
        options.setdefault("socket_connect_timeout", REDIS_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", REDIS_SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = RedisCacheClient
        self._location = server if isinstance(server, str) else ",".join(server)
        with _outages_lock:
            self._outage = _outages.setdefault((self._location, self.key_prefix), _Outage())
            self._warning = _warnings.setdefault(self._location, _Outage())

    @property
    def fallback(self) -> BaseCache:
        """The cache that answers while Redis cannot be reached."""
        if self._fallback_alias:
            return caches[self._fallback_alias]
        return DummyCache("", {})

    def _either(self, operation: str, *args, **kwargs):
        """`operation` done by Redis, or by the fallback while Redis cannot be reached."""
        outage = self._outage
        if outage.down and time.time() < outage.retry_at:
            return getattr(self.fallback, operation)(*args, **kwargs)
        try:
            if outage.down:
                self._back()
            return getattr(super(), operation)(*args, **kwargs)
        except REDIS_OUTAGES as error:
            self._failed(error)
            return getattr(self.fallback, operation)(*args, **kwargs)

    def _failed(self, error: Exception) -> None:
        now = time.time()
        self._outage.down, self._outage.retry_at = True, now + REDIS_RETRY_SECONDS
        warning = self._warning
        if warning.warned_at is None or now - warning.warned_at >= REDIS_WARNING_SECONDS:
            warning.warned_at = now
            logger.warning(
                "Redis cannot be reached (%s): serving from %s; next warning in %s s at the earliest",
                error,
                f"the {self._fallback_alias!r} cache" if self._fallback_alias else "the database",
                REDIS_WARNING_SECONDS,
            )

    def _back(self) -> None:
        """Redis answers again (the caller catches a new failure): forget what it kept from before, if told."""
        if self._clear_after_outage:
            client = self._cache.get_client(write=True)
            if self.key_prefix:
                for keys in _batched(client.scan_iter(match=f"{self.key_prefix}:*", count=1000), 1000):
                    client.delete(*keys)
            else:
                client.flushdb()
        self._outage.down = False
        dropped = ": the entries kept from before the outage were dropped" if self._clear_after_outage else ""
        logger.warning("Redis answers again%s", dropped)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("add", key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("touch", key, timeout, version)

    def get(self, key, default=None, version=None):
        return self._either("get", key, default, version)

    def get_many(self, keys, version=None):
        return self._either("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._either("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._either("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set_many", data, timeout, version)

    def delete(self, key, version=None):
        return self._either("delete", key, version)

    def delete_many(self, keys, version=None):
        return self._either("delete_many", keys, version)

    def clear(self):
        return self._either("clear")


def _batched(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


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
