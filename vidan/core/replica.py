"""Reads that tolerate a few seconds of lag (statistics, dashboards) from a PostgreSQL read replica.

Only code that asks for it reads from the replica: `with replica_reads(): ...` around a selector whose rows
are all read inside the block. Everything else (access checks, writes, the pages a user reads after a change)
stays on the primary. Reads after writes stay on the primary too:

- inside a transaction on the primary (what was just written is not on the replica yet);
- for the rest of a request that wrote (a POST, PUT, PATCH or DELETE, or any write the router sent);
- for `REPLICA_PIN_SECONDS` after such a request, for the same browser: the response sets the cookie
  `vidan_primary` holding the moment the pin ends. The cookie is not signed: forging it only sends one's own
  reads to the primary.

Active when `REPLICA_DATABASE_URL` is set (settings: the `replica` alias, this router and its middleware).
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "vidan_primary"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class _Request:
    pinned: bool


_wanted: ContextVar[bool] = ContextVar("replica_wanted", default=False)
_request: ContextVar[_Request | None] = ContextVar("replica_request", default=None)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside the block may come from the replica, a few seconds behind the primary."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def replica_chosen() -> bool:
    """Whether a read here would go to the replica."""
    if not _wanted.get() or not settings.REPLICA_DATABASE_URL:
        return False
    request = _request.get()
    if request is not None and request.pinned:
        return False
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if replica_chosen() else None

    def db_for_write(self, model, **hints):
        request = _request.get()
        if request is not None:
            request.pinned = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may point to one from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is read-only; it follows the primary's schema through replication.
        return db != REPLICA


def _pin_cookie_valid(value: str | None) -> bool:
    try:
        return value is not None and float(value) > time.time()
    except ValueError:
        return False


class ReplicaPinMiddleware:
    """Keeps the reads of a request that wrote, and of the same browser's requests for REPLICA_PIN_SECONDS
    after it, on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _Request(pinned=request.method in UNSAFE_METHODS or _pin_cookie_valid(request.COOKIES.get(PIN_COOKIE)))
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if request.method in UNSAFE_METHODS or (state.pinned and PIN_COOKIE not in request.COOKIES):
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.1f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
