"""vidan deliver [--every SECONDS] [--once] — send the outbox's pending messages (SMS, e-mail).

Web workers only write messages (VIDAN_OUTBOX_SEND_IN_REQUEST is off in production): they never wait on a
mail server or an SMS gateway. This process sends them, every `--every` seconds, until SIGTERM or SIGINT stops
it between two batches. A round that fails (the database restarting, say) is logged and the next one tries
again. Several deliverers may run at once: a message is never sent twice (see outbox_deliver).
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from vidan.notify.services import outbox_deliver

logger = logging.getLogger("vidan.notify.deliver")

BATCH = 200


def pending_send(stop: threading.Event | None = None) -> int:
    """Send what is due, batch after batch until one sends nothing. Returns how many were sent. (It ends: a
    message sent is never due again, one that failed not for a minute at least.)"""
    sent = 0
    while stop is None or not stop.is_set():
        batch = outbox_deliver(limit=BATCH)
        sent += batch
        if not batch:
            break
    return sent


class Command(BaseCommand):
    help = "Send the outbox's pending messages, every few seconds until stopped, or once with --once."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=2.0, help="Seconds between two rounds (default 2).")
        parser.add_argument("--once", action="store_true", help="Send what is pending, print how many, and exit.")

    def handle(self, *args, every: float, once: bool, **options):
        if every <= 0:
            raise CommandError("--every: give a number of seconds above 0.")
        if once:
            self.stdout.write(f"deliver: {pending_send()} sent")
            return
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_args: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"deliver: sending pending messages every {every:g} s; SIGTERM or SIGINT stops")
        self.stdout.flush()
        try:
            while not stop.is_set():
                self._round(stop)
                stop.wait(every)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("deliver: stopped")

    def _round(self, stop: threading.Event) -> None:
        # A connection the database dropped, or older than CONN_MAX_AGE, is replaced before it is used.
        close_old_connections()
        try:
            sent = pending_send(stop)
        except Exception:  # the database away for a moment, a bug in a sender: the next round tries again
            logger.exception("deliver: this round failed; the next one tries again")
            return
        finally:
            close_old_connections()
        if sent:
            self.stdout.write(f"deliver: {sent} sent")
            self.stdout.flush()
