"""The rating links texted after a service is handed over, before the outbox sends what the jobs queued."""

from vidan.core.tick import LAST, TICK_JOBS, TickJob
from vidan.ratings.invitations import invitations_send

TICK_JOBS.register(TickJob("ratings.invite", invitations_send, order=LAST - 10))
