"""vidan token issue USERNAME [--name NAME] — issue a staff API token (printed once)."""

from django.core.management.base import BaseCommand, CommandError

from vidan.api.tokens import api_token_issue
from vidan.org.actors import Actor
from vidan.org.models import Staff


class Command(BaseCommand):
    help = "Issue an API token for a staff member."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a new token; it is printed once.")
        issue.add_argument("username")
        issue.add_argument("--name", default="API")

    def handle(self, *args, action, username, name, **options):
        staff = Staff.objects.filter(username=username, is_active=True).first()
        if staff is None:
            raise CommandError(f"No active staff member named {username!r}.")
        _token, raw = api_token_issue(actor=Actor.system("cli"), staff=staff, name=name)
        self.stdout.write(raw)
