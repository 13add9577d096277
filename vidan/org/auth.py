"""The staff member behind a back-office request: the login backend, and what it knows about them.

Before its own work, a back-office page needs the staff member, the roles they hold in each commune, those
communes (with their units) and whether they set up an authenticator: five queries. When every app process
shares one cache (settings.VIDAN_SHARED_CACHE: Redis), they are read from the database once and then from the
cache in one round trip, and any change to what they were read from outdates them at once, for every process,
when its transaction commits:

- the staff member saved or deleted, a role granted or withdrawn, an authenticator saved or removed: that
  staff member's version gets a new token;
- a commune or a unit saved or deleted (a name, the tree): the generation gets a new token, and every entry
  written under an older one is read again.

With the per-process memory cache, a revocation dropped in one process would live on in the others, so then
nothing is kept and every request reads the database. ACCESS_TTL bounds what a change made behind the ORM's
back (a raw UPDATE, a restore) can leave behind.
"""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidan.org.models import Commune, RoleGrant, Staff, Unit
from vidan.org.selectors import communes_by_ids, staff_roles_by_commune

ACCESS_TTL = 10 * 60
logger = logging.getLogger(__name__)
GENERATION_KEY = "vidan:org:access-generation"


@dataclass(frozen=True)
class StaffAccess:
    """The roles a staff member holds in each commune (granted there or at a unit above it), the communes
    themselves in the order the back office lists them, and whether they have a confirmed authenticator."""

    roles: dict[int, frozenset[str]]
    communes: tuple[Commune, ...]
    has_device: bool


def _entry_key(staff_id) -> str:
    return f"vidan:org:access:{staff_id}"


def _version_key(staff_id) -> str:
    return f"vidan:org:access-version:{staff_id}"


def staff_access_read(staff: Staff) -> StaffAccess:
    """What StaffAccess holds, from the database."""
    roles = staff_roles_by_commune(staff)
    return StaffAccess(
        roles=roles,
        communes=tuple(communes_by_ids(roles)) if roles else (),
        has_device=TOTPDevice.objects.filter(user=staff, confirmed=True).exists(),
    )


def staff_with_access(staff_id) -> Staff | None:
    """The staff member with this id, with their access attached, from the shared cache when it has them.

    One round trip to the cache. An entry is good while the generation and the staff member's version it was
    read under are still the current ones. Both are random tokens, read (or, if missing, made) before the
    database is: a change committed while an entry is being read leaves that entry already out of date, and a
    version the cache lost comes back as a new token, never as one an old entry carries. Should the cache fail,
    the database answers.
    """
    keys = _entry_key(staff_id), _version_key(staff_id)
    try:
        found = cache.get_many([*keys, GENERATION_KEY])
        stamp = (found.get(GENERATION_KEY) or _token(GENERATION_KEY), found.get(keys[1]) or _token(keys[1]))
    except Exception:  # the cache is down: serve from the database, as without a shared cache
        logger.exception("staff access: the shared cache failed; reading the database")
        found, stamp = {}, None
    entry = found.get(keys[0])
    if stamp is not None and entry is not None and entry[0] == stamp:
        _stamp, staff, access = entry
    else:
        staff = Staff.objects.filter(pk=staff_id).first()
        if staff is None:
            return None
        access = staff_access_read(staff)
        if stamp is not None:
            cache.set(keys[0], (stamp, staff, access), ACCESS_TTL)
    staff._vidan_access = access
    return staff


def _token(key: str) -> str:
    """The token under `key`, made now if there is none."""
    cache.add(key, secrets.token_hex(8), None)
    return cache.get(key)


class StaffBackend(ModelBackend):
    """Django's model backend, which finds the staff member of a session in the shared cache when there is one
    (with their access attached), and in the database otherwise."""

    def get_user(self, user_id):
        if not settings.VIDAN_SHARED_CACHE:
            return super().get_user(user_id)
        staff = staff_with_access(user_id)
        return staff if staff is not None and self.user_can_authenticate(staff) else None


def staff_access(staff: Staff) -> StaffAccess:
    """The staff member's access: the one the login backend attached, else read from the database."""
    access = getattr(staff, "_vidan_access", None)
    if access is None:
        access = staff_access_read(staff)
        staff._vidan_access = access
    return access


def _bump(key: str) -> None:
    """A new token under `key`: every entry read under the old one is out of date."""
    try:
        cache.set(key, secrets.token_hex(8), None)
    except Exception:
        logger.exception("staff access: could not outdate %s; entries expire within %s s", key, ACCESS_TTL)


def staff_access_drop(staff_id: int) -> None:
    """Outdate one staff member's entry once the current transaction commits."""
    if settings.VIDAN_SHARED_CACHE:
        transaction.on_commit(lambda: _bump(_version_key(staff_id)))


def access_generation_bump() -> None:
    """Outdate every entry once the current transaction commits: communes or units changed."""
    if settings.VIDAN_SHARED_CACHE:
        transaction.on_commit(lambda: _bump(GENERATION_KEY))


@receiver([post_save, post_delete], sender=Staff, dispatch_uid="vidan-access-staff")
def _staff_changed(sender, instance, **kwargs):
    staff_access_drop(instance.pk)


@receiver([post_save, post_delete], sender=RoleGrant, dispatch_uid="vidan-access-grant")
def _grant_changed(sender, instance, **kwargs):
    staff_access_drop(instance.staff_id)


@receiver([post_save, post_delete], sender=TOTPDevice, dispatch_uid="vidan-access-device")
def _device_changed(sender, instance, **kwargs):
    staff_access_drop(instance.user_id)


@receiver([post_save, post_delete], sender=Commune, dispatch_uid="vidan-access-commune")
@receiver([post_save, post_delete], sender=Unit, dispatch_uid="vidan-access-unit")
def _tree_changed(sender, **kwargs):
    access_generation_bump()
