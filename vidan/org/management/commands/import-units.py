"""vidan import-units — load today's 34 provinces and 3,321 communes from the `vietnam-provinces` package."""

import time

from django.core.management.base import BaseCommand

from vidan.org.demo import demo_successions_link
from vidan.org.units_import import units_import


class Command(BaseCommand):
    help = "Load or refresh today's administrative units (two-tier system, from 2025-07-01). Safe to run again."

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\rimport-units: {done}/{total}", ending="")
            if done == total:
                self.stderr.write("")

        report = units_import(progress=progress)
        for retired in report.retired:
            self.stdout.write(f"closed (no longer listed): {retired}")
        # The demo's former communes were created before their successors may have existed.
        links = demo_successions_link()
        if links:
            self.stdout.write(f"linked {links} former demo unit(s) to their successors")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"import-units: {report.summary()} in {elapsed:.1f} s"))
