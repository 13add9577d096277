"""Django's PostgreSQL backend, with `timestamptz` columns loaded by psycopg's compiled loader.

Django makes every aware timestamp carry `datetime.timezone.utc` (or none, without USE_TZ) by loading it with
a subclass of psycopg's pure-Python loader, which cannot subclass the compiled one. That parse cost about six
microseconds a value, four times the compiled loader's: a page of fifty dossiers loads a hundred and fifty of
them. This backend registers a loader that has the compiled one parse the text and then does what Django's
does, so the values are the same (the connection's time zone is UTC, as Django sets it).
"""

from functools import lru_cache

import psycopg
from django.db.backends.postgresql import base
from psycopg.adapt import AdaptersMap, Loader
from psycopg.pq import Format

_TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid
# The compiled loader when psycopg has its C module (psycopg[binary] or [c]), its Python one otherwise.
_PARSER = psycopg.adapters.get_loader(_TIMESTAMPTZ, Format.TEXT)


class TimestamptzLoader(Loader):
    """A `timestamptz` in text, parsed by psycopg's own loader, given the time zone Django expects."""

    timezone = None  # Django's create_cursor() compares this with the connection's before using the cursor

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._parse = _PARSER(oid, context).load

    def load(self, data):
        return self._parse(data).replace(tzinfo=self.timezone)


@lru_cache
def _adapters(template: AdaptersMap, timezone) -> AdaptersMap:
    """Django's adapters for this time zone (one map per process, as Django keeps its own), with the loader."""
    adapters = AdaptersMap(template)
    adapters.register_loader(_TIMESTAMPTZ, type("TimestamptzLoader", (TimestamptzLoader,), {"timezone": timezone}))
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["context"] = _adapters(params["context"], self.timezone)
        return params
