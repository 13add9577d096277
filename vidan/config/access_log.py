"""gunicorn's access log with the client's address as the app sees it (deploy/gunicorn.conf.py).

Behind nginx every request comes from 127.0.0.1; the address worth logging is the one the trusted proxies put in
X-Forwarded-For, read by the same rule as the app's (VIDAN_PROXY_COUNT, vidan.core.logs.forwarded_client). It is
the `%(client)s` of `access_log_format`. Runs in gunicorn's processes, before and outside Django's set-up.
"""

import os

from gunicorn.glogging import Logger

from vidan.core.logs import forwarded_client


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        proxies = int(os.environ.get("VIDAN_PROXY_COUNT") or 0)
        atoms["client"] = (
            forwarded_client(environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR", ""), proxies) or "-"
        )
        return atoms
