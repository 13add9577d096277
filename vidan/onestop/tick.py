"""The one-stop desk's scheduled work: due dates that follow a change of the calendar, the reminders of an
apology due before a dossier is late, and the sweep of uploads no dossier kept."""

from vidan.core.tick import TICK_JOBS, TickJob
from vidan.onestop.deadlines import due_dates_follow_calendar
from vidan.onestop.online import dossier_files_sweep
from vidan.onestop.reminders import apology_reminders_send

TICK_JOBS.register(TickJob("onestop.due_dates_follow_calendar", due_dates_follow_calendar, order=10))
TICK_JOBS.register(TickJob("onestop.apology_reminders", apology_reminders_send, order=20))
TICK_JOBS.register(TickJob("onestop.files_sweep", dossier_files_sweep, order=30))
