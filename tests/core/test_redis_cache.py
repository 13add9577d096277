"""The Redis cache the platform runs with in production: a real Redis (REDIS_TEST_URL, by default the local one;
skipped where none answers), never a stand-in."""

import os

import pytest
from django.core.cache import caches

from tests.conftest import logged_in_client
from tests.factories import SYSTEM
from vidan.org.models import Role, RoleGrant
from vidan.org.services import role_revoke

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:  # any failure means there is no Redis to test against
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason=f"no Redis answers at {REDIS_URL}")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "vidan.core.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": f"t{os.getpid()}"},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "vidan-local"},
    }
    settings.VIDAN_SHARED_CACHE = True
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_the_cache_keeps_values_and_counts_with_one_client(redis_cache):
    redis_cache.set("a", {"roles": frozenset({"desk_officer"})}, 30)
    assert redis_cache.get("a") == {"roles": frozenset({"desk_officer"})}
    assert redis_cache.get_many(["a", "missing"]) == {"a": {"roles": frozenset({"desk_officer"})}}
    assert redis_cache.add("n", 1, None) and not redis_cache.add("n", 5, None)
    assert redis_cache.incr("n") == 2
    with pytest.raises(ValueError):
        redis_cache.incr("never-set")
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
    client = redis_cache._cache
    assert client.get_client("x") is client.get_client("y")  # built once, not per operation


def test_a_revoked_role_is_seen_through_redis(redis_cache, desk_officer, django_capture_on_commit_callbacks):
    client = logged_in_client(desk_officer)
    assert client.get("/staff/ho-so/").status_code == 200
    assert any(key.startswith(b"t") for key in redis_cache._cache.get_client().keys("*access*"))
    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(actor=SYSTEM, grant=RoleGrant.objects.get(staff=desk_officer, role=Role.DESK_OFFICER))
    assert client.get("/staff/ho-so/").status_code == 403
