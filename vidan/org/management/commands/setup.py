"""vidan setup — a new installation's first run: migrate, load the official units, create the commune with its
agency identifier and its first administrator, and load what each module needs (the procedure catalogue).

Asks for what no flag gives; with --no-input every answer comes from the flags, and the password from the
VIDAN_ADMIN_PASSWORD environment variable (never a flag: it would stay in the shell's history). Safe to run
again: what is there is kept and reported.
"""

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vidan.core.errors import DomainError
from vidan.org.actors import Actor
from vidan.org.models import Commune, Staff
from vidan.org.setup import SETUP_STEPS, administrator_setup, agency_code_check, commune_setup, communes_matching
from vidan.org.units_import import units_import

PASSWORD_VARIABLE = "VIDAN_ADMIN_PASSWORD"  # noqa: S105 (a variable's name)


class Command(BaseCommand):
    help = (
        "First run of a new installation: units, the commune and its agency identifier, the first administrator, "
        "the procedure catalogue. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commune", default="", help="the commune's GSO code in the official list, e.g. 19804")
        parser.add_argument("--agency-code", default="", help="the commune's agency identifier, e.g. 000.25.31.H44")
        parser.add_argument("--slug", default="", help="the commune's address on the site (default: from its name)")
        parser.add_argument("--username", default="", help="the first administrator's login name")
        parser.add_argument("--full-name", default="", help="the first administrator's full name")
        parser.add_argument("--email", default="", help="the first administrator's e-mail")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"ask nothing; the password from {PASSWORD_VARIABLE}",
        )

    def handle(self, *args, interactive: bool, **options):
        self.interactive = interactive
        actor = Actor.system("setup")
        try:
            self._run(actor, options)
        except DomainError as error:
            raise CommandError(error.message) from None

    def _run(self, actor: Actor, options) -> None:
        self.stdout.write(_("1. Database tables"))
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("   " + _("up to date"))

        self.stdout.write(_("2. Official administrative units"))
        report = units_import()
        self.stdout.write("   " + report.summary())

        self.stdout.write(_("3. The commune"))
        unit_code = options["commune"] or self._commune_ask()
        agency_code = options["agency_code"]
        if not agency_code and not self._commune_exists(unit_code):
            agency_code = self._ask(
                _(
                    "Agency identifier of the commune's People's Committee, given by the province (TT 10/2016/"
                    "TT-BTTTT), e.g. 000.25.31.H44; every dossier code begins with it: "
                ),
                flag="--agency-code",
                check=agency_code_check,
            )
        outcome = commune_setup(actor=actor, unit_code=unit_code, agency_code=agency_code, slug=options["slug"])
        commune = outcome.obj
        what = _("%(name)s, agency identifier %(code)s") % {"name": commune, "code": commune.agency_code}
        self._report(outcome, what)

        self.stdout.write(_("4. The first administrator"))
        username = options["username"] or self._ask(_("Login name: "), flag="--username")
        full_name, email, password = options["full_name"], options["email"], ""
        if not self._staff_exists(username):
            full_name = full_name or self._ask(_("Full name: "), flag="--full-name")
            email = email or (
                self._ask(_("E-mail (may be left empty): "), flag="--email", required=False) if self.interactive else ""
            )
            password = self._password()
        outcome = administrator_setup(
            actor=actor, commune=commune, username=username, full_name=full_name, email=email, password=password
        )
        what = _("%(username)s, administrator of %(commune)s") % {"username": username, "commune": commune}
        self._report(outcome, what)

        for number, step in enumerate(SETUP_STEPS.all(), start=5):
            self.stdout.write(f"{number}. {step.run(actor)}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Set up. Log in at /staff/login/ as %(username)s and set up the authenticator app it asks for.")
                % {"username": username}
            )
        )

    def _report(self, outcome, what: str) -> None:
        line = _("created: %(what)s") if outcome.created else _("already there, kept: %(what)s")
        self.stdout.write("   " + line % {"what": what})
        if outcome.note:
            self.stdout.write(self.style.WARNING("   " + outcome.note))

    def _commune_exists(self, unit_code: str) -> bool:
        return Commune.objects.filter(unit__code=unit_code.strip(), unit__valid_to__isnull=True).exists()

    def _staff_exists(self, username: str) -> bool:
        return Staff.objects.filter(username__iexact=username.strip()).exists()

    def _commune_ask(self) -> str:
        while True:
            text = self._ask(_("The commune (its name, or its GSO code): "), flag="--commune")
            matches = communes_matching(text)
            if len(matches) == 1:
                unit = matches[0]
                self.stdout.write(f"   {_unit_line(unit)}")
                return unit.code
            if not matches:
                self.stdout.write("   " + _("No commune of the official list matches; try another spelling."))
                continue
            for unit in matches:
                self.stdout.write(f"   {_unit_line(unit)}")
            self.stdout.write("   " + _("Several communes match: give the code of yours."))

    def _ask(self, prompt: str, *, flag: str, required: bool = True, check=None) -> str:
        if not self.interactive:
            raise CommandError(_("Give %(flag)s: with --no-input nothing is asked.") % {"flag": flag})
        while True:
            answer = input(prompt).strip()
            if not answer and required:
                continue
            if check and answer:
                try:
                    return check(answer)
                except DomainError as error:
                    self.stdout.write("   " + str(error.message))
                    continue
            return answer

    def _password(self) -> str:
        if not self.interactive:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(
                    _("Set %(variable)s to the first administrator's password (with --no-input).")
                    % {"variable": PASSWORD_VARIABLE}
                )
            return password
        while True:
            password = getpass.getpass(_("Password: "))
            if not password:
                continue
            try:
                validate_password(password)
            except ValidationError as error:
                self.stdout.write("   " + " ".join(error.messages))
                continue
            if password == getpass.getpass(_("The password again: ")):
                return password
            self.stdout.write("   " + _("The two passwords differ; again."))


def _unit_line(unit) -> str:
    province = unit.parent.name if unit.parent else ""
    return f"{unit.code}  {unit.kind} {unit.name}, {province}"
