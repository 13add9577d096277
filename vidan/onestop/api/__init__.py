"""The one-stop desk's API: a commune's dossiers for its staff, a citizen's lookup by code and PIN, and a
procedure's fee for anyone."""

from vidan.core.api import API_ROUTERS, ApiRouter
from vidan.onestop.api import catalogue, dossiers, lookup

API_ROUTERS.register(ApiRouter("dossiers", dossiers.router, staff_token=True))
API_ROUTERS.register(ApiRouter("lookup", lookup.router, staff_token=False))
API_ROUTERS.register(ApiRouter("catalogue", catalogue.router, staff_token=False))
