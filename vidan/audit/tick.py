"""The audit log's scheduled work: its head written outside the database (vidan/audit/head.py)."""

from vidan.audit.head import audit_head_export
from vidan.core.tick import LAST, TICK_JOBS, TickJob


def audit_head_export_job() -> int:
    return audit_head_export()


# Last of all: after every job that may write an entry of its own.
TICK_JOBS.register(TickJob("audit.export_head", audit_head_export_job, order=LAST + 9))
