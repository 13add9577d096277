"""vidan token issue USERNAME [--name NAME] [--days N] [--read-only] — issue a staff API token (printed once)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vidan.api.models import ApiToken
from vidan.api.tokens import api_token_issue
from vidan.core.errors import DomainError
from vidan.org.actors import Actor
from vidan.org.models import Staff


class Command(BaseCommand):
    help = "Issue an API token for a staff member."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a new token; it is printed once.")
        issue.add_argument("username")
        issue.add_argument("--name", default="API")
        issue.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days the token is valid (default {settings.VIDAN_API_TOKEN_DAYS}, "
            f"at most {settings.VIDAN_API_TOKEN_MAX_DAYS}).",
        )
        issue.add_argument("--read-only", action="store_true", help="The token may read, never write.")

    def handle(self, *args, action, username, name, days, read_only, **options):
        staff = Staff.objects.filter(username=username, is_active=True).first()
        if staff is None:
            raise CommandError(f"No active staff member named {username!r}.")
        scope = ApiToken.Scope.READ if read_only else ApiToken.Scope.READ_WRITE
        try:
            token, raw = api_token_issue(actor=Actor.system("cli"), staff=staff, name=name, days=days, scope=scope)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(raw)
        expires = timezone.localtime(token.expires_at)
        self.stderr.write(f"{token.get_scope_display()}, valid until {expires:%d/%m/%Y %H:%M}.")
