"""Attaches `request.actor`: who is asking, from where, with which roles in which commune; and names the client
in the request's log lines."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from vidan.core.logs import client_address, forwarded_client
from vidan.org.actors import Actor
from vidan.org.auth import staff_access


def client_ip(request) -> str | None:
    """The client's address. Behind N trusted reverse proxies (VIDAN_PROXY_COUNT), the N-th address from the
    right of X-Forwarded-For; the ones further left are whatever the client chose to send."""
    return forwarded_client(
        request.META.get("REMOTE_ADDR"), request.META.get("HTTP_X_FORWARDED_FOR", ""), settings.VIDAN_PROXY_COUNT
    )


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
        # Every line logged while answering names the client (vidan.core.logs).
        request.client_address = client_ip(request) or "-"
        token = client_address.set(request.client_address)
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
