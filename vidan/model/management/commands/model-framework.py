"""vidan model-framework --unit CODE --from DD/MM/YYYY [--decision TEXT] — publish the shipped default framework
of the model (vidan/model/data/default_framework.json) for every commune below a province or district."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from vidan.core.errors import DomainError, refusal_fields
from vidan.model.frameworks import framework_publish_default
from vidan.org.actors import Actor
from vidan.org.models import Unit


class Command(BaseCommand):
    help = "Publish the default framework of the model for the communes below a province or a district."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="GSO code of the province or district")
        parser.add_argument("--from", dest="valid_from", required=True, help="first day in force, dd/mm/yyyy")
        parser.add_argument("--decision", default="", help="number and date of the act that adopts it")

    def handle(self, *args, unit: str, valid_from: str, decision: str, **options):
        try:
            day = datetime.strptime(valid_from, "%d/%m/%Y").date()
        except ValueError:
            raise CommandError(f"model-framework: {valid_from!r} is not a day written dd/mm/yyyy.") from None
        candidates = [u for u in Unit.objects.filter(code=unit) if u.is_valid_on(day)]
        if not candidates:
            raise CommandError(f"model-framework: no unit with the code {unit!r} existed on {valid_from}.")
        try:
            framework = framework_publish_default(
                actor=Actor.system("model-framework"), publisher=candidates[0], valid_from=day, decision=decision
            )
        except DomainError as error:
            lines = [f"{field or '-'}: {text}" for field, texts in refusal_fields(error).items() for text in texts]
            raise CommandError("model-framework: " + "; ".join(lines)) from None
        self.stdout.write(
            f"model-framework: {framework.name} — {candidates[0].name}, "
            f"{framework.indicators.count()} indicators, from {day:%d/%m/%Y}"
        )
