"""Attaches `request.actor`: who is asking, from where, with which roles in which commune."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from vidan.audit.chain import canonical_ip
from vidan.org.actors import Actor
from vidan.org.auth import staff_access


def client_ip(request) -> str | None:
    """The client's address. Behind N trusted reverse proxies (VIDAN_PROXY_COUNT), the N-th address from the
    right of X-Forwarded-For; the ones further left are whatever the client chose to send."""
    proxies = settings.VIDAN_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies and canonical_ip(forwarded[-proxies]):
            return canonical_ip(forwarded[-proxies])
    return canonical_ip(request.META.get("REMOTE_ADDR"))


def actor_for(request) -> Actor:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Actor.anonymous(client_ip(request))
    return Actor(staff=user, ip=client_ip(request), roles=staff_access(user).roles)


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for(request))
        return self.get_response(request)
