"""gunicorn's settings for Vì Dân (docs/operations.md, "gunicorn" and "Logs"):

    gunicorn -c /srv/vidan/app/deploy/gunicorn.conf.py vidan.config.wsgi

Read from the same environment as the app (/srv/vidan/env): VIDAN_PROXY_COUNT names the client in the access
log; GUNICORN_BIND and GUNICORN_WORKERS change where it listens and how many workers answer.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 5))  # 2 × cores + 1 is a good start
max_requests = 2000
max_requests_jitter = 200

# Both logs to the standard output and error, which systemd's journal keeps with their time.
accesslog = "-"
errorlog = "-"
# One line a request: the client (from the trusted proxies' X-Forwarded-For), the time, the request, the status,
# the bytes sent, the milliseconds taken, the referrer and the browser.
logger_class = "vidan.config.access_log.AccessLogger"
access_log_format = '%(client)s - %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
