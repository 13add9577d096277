"""vidan tick — run every scheduled job once. Safe to run as often as you like."""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from vidan.core.tick import TICK_JOBS

# A failed job is logged as an error, which is mailed to ADMINS (vidan.core.logs), not only printed to the timer's
# journal where nobody reads it.
logger = logging.getLogger("vidan.tick")


class Command(BaseCommand):
    help = "Run the platform's scheduled jobs once (call it from a timer every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="Comma-separated job names to run.")

    def handle(self, *args, only: str, **options):
        wanted = {name.strip() for name in only.split(",") if name.strip()}
        jobs = TICK_JOBS.all()
        unknown = wanted - {job.name for job in jobs}
        if unknown:
            names = ", ".join(job.name for job in jobs)
            raise CommandError(f"tick: no job named {', '.join(sorted(unknown))}; the jobs are: {names}")
        failures = 0
        for job in jobs:
            if wanted and job.name not in wanted:
                continue
            started = time.monotonic()
            try:
                handled = job.run()
            except Exception as error:  # one failing job must not stop the others
                failures += 1
                self.stderr.write(f"{job.name}: FAILED: {error!r}")
                logger.error("tick: the job %s failed: %r", job.name, error, exc_info=True)
                continue
            self.stdout.write(f"{job.name}: {handled} handled in {time.monotonic() - started:.2f}s")
        if failures:
            raise SystemExit(1)
