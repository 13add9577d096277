"""What a module adds to the JSON API: its django-ninja routers, registered in `<app>/api.py` and mounted under
/api/v1/ by vidan/api/root.py, which gives them the staff-token authentication when they ask for it and the
API's one shape of errors."""

from dataclasses import dataclass

from ninja import Router

from vidan.core.registry import Registry


@dataclass(frozen=True)
class ApiRouter:
    name: str
    router: Router
    # Every operation needs a staff API token (and finds the actor in request.actor), unless it says auth=None.
    staff_token: bool


API_ROUTERS: Registry[ApiRouter] = Registry("API routers", key=lambda entry: entry.name)
