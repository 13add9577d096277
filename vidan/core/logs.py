"""What every log line carries, and the mail an error sends.

Each line names the client's address (`ClientAddressFilter`): the request middleware puts it in `client_address`
for the length of the request and on the request itself (vidan.org.middleware, from the trusted proxies'
header); outside a request it is "-". An error is mailed to ADMINS once per distinct error per VIDAN_ERROR_MAIL_INTERVAL
(`RateLimitedAdminEmailHandler`): a page failing for every visitor sends one mail, not thousands.
"""

import hashlib
import ipaddress
import logging
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.utils.log import AdminEmailHandler

# The address of the client whose request this thread (or task) is answering.
client_address: ContextVar[str] = ContextVar("client_address", default="-")


def forwarded_client(remote_addr: str | None, forwarded_for: str, proxies: int) -> str | None:
    """The client's address. Behind `proxies` trusted reverse proxies, the `proxies`-th address from the right of
    X-Forwarded-For (each proxy appends the address it was reached from); the ones further left are whatever the
    client chose to send. IPv6 compressed, as the database stores it; None when it is not an address."""
    if proxies:
        forwarded = [part.strip() for part in forwarded_for.split(",") if part.strip()]
        if len(forwarded) >= proxies and _canonical(forwarded[-proxies]):
            return _canonical(forwarded[-proxies])
    return _canonical(remote_addr)


def _canonical(ip: str | None) -> str | None:
    if not ip:
        return None
    try:
        return ipaddress.ip_address(ip.strip()).compressed
    except ValueError:
        return None


class ClientAddressFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        address = client_address.get()
        if address == "-":  # Django logs a response's 4xx or 5xx status after the middleware has returned
            address = getattr(getattr(record, "request", None), "client_address", "-")
        record.client = address
        return True


def error_identity(record: logging.LogRecord) -> str:
    """What makes two records the same error: the logger, and the exception's class and the line that raised
    it, or else the message before its arguments (a page's path or a dossier's code) and where it was logged."""
    parts = [record.name, record.levelname]
    if record.exc_info and record.exc_info[0] is not None:
        kind, _, trace = record.exc_info
        while trace is not None and trace.tb_next is not None:
            trace = trace.tb_next
        where = f"{trace.tb_frame.f_code.co_filename}:{trace.tb_lineno}" if trace is not None else ""
        parts += [f"{kind.__module__}.{kind.__qualname__}", where]
    else:
        parts += [str(record.msg), f"{record.pathname}:{record.lineno}"]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class RateLimitedAdminEmailHandler(AdminEmailHandler):
    """Django's mail to ADMINS, sent for a distinct error at most once per VIDAN_ERROR_MAIL_INTERVAL seconds.

    The first worker to see an error takes its key in the shared `limits` cache (an `add`, which only one
    process wins), so the interval holds across workers and machines. When that cache cannot be reached — the
    database or Redis may be what is failing — each process keeps the interval in its own memory instead.
    """

    _sent_at: dict[str, float] = {}
    _lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if not settings.ADMINS:
            return
        if self._first_in_interval(error_identity(record)):
            super().emit(record)

    def _first_in_interval(self, identity: str) -> bool:
        interval = settings.VIDAN_ERROR_MAIL_INTERVAL
        try:
            return caches["limits"].add(f"error-mail:{identity}", 1, timeout=interval)
        except Exception:  # whatever the cache's failure, the error must still be reported
            now = time.monotonic()
            with self._lock:
                if now - self._sent_at.get(identity, -interval) < interval:
                    return False
                self._sent_at[identity] = now
                return True
