"""vidan due --received 2026-02-13T16:00 --working-days 3 [--province CODE] — print the due date-time.

The same answer as GET /api/v1/workdays/due and the page /han-giai-quyet/. Bad input: one line on stderr
and exit status 2.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vidan.workdays.selectors import due_answer, due_question

FLAGS = {
    "received": "--received",
    "working_days": "--working-days",
    "calendar_days": "--calendar-days",
    "province": "--province",
}


class Command(BaseCommand):
    help = "Print when a period starting at a receipt ends, in ISO 8601 (Vietnam time)."

    def add_arguments(self, parser):
        # Values are read as text and checked here, so every mistake gets the same one-line message.
        parser.add_argument(
            "--received", required=True, help="Date and time received, e.g. 2026-02-13T16:00 (Vietnam time)."
        )
        parser.add_argument("--working-days", help="The period in working days.")
        parser.add_argument("--calendar-days", help="The period in calendar days.")
        parser.add_argument("--province", help="GSO code of the province whose overrides apply.")

    def handle(self, *args, received, working_days, calendar_days, province, **options):
        try:
            moment, period = due_question(received=received, working_days=working_days, calendar_days=calendar_days)
            answer = due_answer(received=moment, period=period, province_code=province)
        except ValidationError as error:
            raise CommandError(_one_line(error), returncode=2) from None
        self.stdout.write(answer.due.isoformat())


def _one_line(error: ValidationError) -> str:
    """Each message once, after the options it concerns: "--working-days, --calendar-days: …"."""
    flags_by_message: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        for message in messages:
            flags_by_message.setdefault(str(message), []).append(FLAGS.get(name, name))
    return " ".join(f"{', '.join(flags)}: {message}" for message, flags in flags_by_message.items())
