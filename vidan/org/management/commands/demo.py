"""vidan demo — build the demo communes of Tuyên Hóa district with their departments, staff and accounts."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vidan.core.errors import DomainError
from vidan.org.demo import demo_build
from vidan.org.models import Commune


class Command(BaseCommand):
    help = (
        "Build the demo: Thuận Hóa and eight neighbouring communes of Tuyên Hóa district (Quảng Bình), "
        "with departments, staff of every role, supervisors and an administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any commune exists (for first start-up)."
        )
        parser.add_argument(
            "--password", help="Give every demo account this password (default: a random one each, shown once)."
        )

    def handle(self, *args, if_empty: bool, password: str | None, **options):
        if if_empty and Commune.objects.exists():
            name = settings.DATABASES["default"]["NAME"]
            self.stdout.write(
                "demo: the database already has communes; nothing to do. The demo's passwords were shown when it "
                f"was built. To start over with a new demo, stop the server, delete the database ({name}) and run "
                "`make run` again."
            )
            return
        if password is not None:
            try:
                password_validation.validate_password(password)
            except ValidationError as error:
                raise CommandError("demo: --password refused: " + " ".join(error.messages)) from None
        try:
            report = demo_build(password=password, stdout=self.stdout)
        except DomainError as error:
            raise CommandError(f"demo: {error.message}") from None
        except ValidationError as error:
            raise CommandError("demo: " + " ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"demo: {report.communes} communes, {report.staff} accounts, "
                f"{report.successions} links to today's units."
            )
        )
