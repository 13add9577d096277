"""Issuing, checking and revoking API tokens.

A token lives for the days chosen when it is issued (settings.VIDAN_API_TOKEN_DAYS unless told, at most
VIDAN_API_TOKEN_MAX_DAYS) and is refused afterwards with its own error, so that a program's operator knows to
issue a new one rather than to look for a typing mistake. A read-only token is refused anything that writes.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidan.api.models import ApiToken
from vidan.audit.services import audit_record
from vidan.core.errors import DomainError, FieldsRefused, NotFound, PermissionDenied

PREFIX = "vd_"
# What a read-only token may do: read.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenExpired(DomainError):
    code = "token_expired"
    status = 401
    default_message = _("This API token has expired; issue a new one in the back office (API tokens).")


class TokenReadOnly(PermissionDenied):
    code = "read_only_token"
    default_message = _("This API token is read-only: it cannot change anything.")


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_days_check(days: int) -> None:
    if not 1 <= days <= settings.VIDAN_API_TOKEN_MAX_DAYS:
        message = _("A token lives from 1 to %(max)d days.") % {"max": settings.VIDAN_API_TOKEN_MAX_DAYS}
        raise FieldsRefused({"days": [message]})


@transaction.atomic
def api_token_issue(
    *, actor, staff, name: str, days: int | None = None, scope: str = ApiToken.Scope.READ_WRITE
) -> tuple[ApiToken, str]:
    """A new token for `staff`, valid for `days` (the default life unless told). The raw token is returned once
    and never stored."""
    days = settings.VIDAN_API_TOKEN_DAYS if days is None else days
    api_token_days_check(days)
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        staff=staff,
        name=name.strip() or "API",
        prefix=raw[:10],
        digest=_digest(raw),
        expires_at=timezone.now() + timedelta(days=days),
        scope=scope,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api.token.issue",
        obj=staff,
        commune=staff.commune,
        data={"name": token.name, "days": days, "scope": token.scope},
    )
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


def api_token_owner(raw: str, *, method: str):
    """The active staff member a raw token belongs to, or None for no such token (or a revoked one).
    TokenExpired for a token past its life; TokenReadOnly for a read-only token asked to write (`method`)."""
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
    if token.expires_at <= now:
        raise TokenExpired()
    if token.scope == ApiToken.Scope.READ and method not in READ_METHODS:
        raise TokenReadOnly()
    # Recording every use would turn each read into a write; a minute's precision is enough.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.staff
