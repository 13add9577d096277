"""Issuing, checking and revoking API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from vidan.api.models import ApiToken
from vidan.audit.services import audit_record
from vidan.core.errors import NotFound

PREFIX = "vd_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, actor, staff, name: str) -> tuple[ApiToken, str]:
    """A new token for `staff`. The raw token is returned once and never stored."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(staff=staff, name=name.strip() or "API", prefix=raw[:10], digest=_digest(raw))
    token.full_clean()
    token.save()
    audit_record(actor=actor, action="api.token.issue", obj=staff, commune=staff.commune, data={"name": token.name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api.token.revoke",
        obj=token.staff,
        commune=token.staff.commune,
        data={"name": token.name},
    )


def api_tokens_of(staff):
    """A staff member's tokens, newest first."""
    return ApiToken.objects.filter(staff=staff).order_by("-id")


def access_api_token(actor, token_id) -> ApiToken:
    """One of the actor's own active tokens: nobody manages another person's tokens."""
    try:
        return ApiToken.objects.get(pk=int(token_id), staff=actor.staff, revoked_at__isnull=True)
    except (ApiToken.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def api_token_owner(raw: str):
    """The active staff member a raw token belongs to, or None."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("staff")
        .filter(digest=_digest(raw), revoked_at__isnull=True, staff__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Recording every use would turn each read into a write; a minute's precision is enough.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.staff
