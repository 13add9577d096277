"""The jobs `vidan tick` runs. Each is idempotent: running it twice, or late, does no harm.

A module registers its jobs (reminders, escalations, outbox delivery, expiry of disclosures…) in
`<app>/tick.py` with `TICK_JOBS.register(TickJob(...))`; production runs `vidan tick` every few minutes from a
timer. Jobs run in the order of `order`, smallest first: those that queue messages before the outbox sends them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.utils import timezone

from vidan.core.cache import DatabaseCache
from vidan.core.registry import Registry

# Where a job that sends what the others queued runs: after every job of the default order.
LAST = 90


@dataclass(frozen=True)
class TickJob:
    name: str  # "<module>.<what it does>", the name `vidan tick --only` takes
    run: Callable[[], int]  # returns how many things it handled
    order: int = 50


TICK_JOBS: Registry[TickJob] = Registry("tick jobs", key=lambda job: job.name, sort_key=lambda job: job.order)


def sessions_clear_expired() -> int:
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def shared_cache_clear_expired() -> int:
    """The expired counters of the database's shared cache (where the limits are counted without Redis, and
    while Redis is down)."""
    databases = [each for each in caches.all() if isinstance(each, DatabaseCache)]
    return databases[0].clear_expired() if databases else 0  # they all share one table


TICK_JOBS.register(TickJob("sessions.clear_expired", sessions_clear_expired, order=LAST + 5))
TICK_JOBS.register(TickJob("cache.clear_expired", shared_cache_clear_expired, order=LAST + 5))
