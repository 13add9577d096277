"""The outbox's delivery, after every job that may have queued a message."""

from vidan.core.tick import LAST, TICK_JOBS, TickJob
from vidan.notify.services import outbox_deliver

TICK_JOBS.register(TickJob("outbox.send", outbox_deliver, order=LAST))
