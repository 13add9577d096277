"""vidan import-catalogue [FILE] [--dry-run] — load procedures from CSV or XLSX (default: the shipped catalogue)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vidan.onestop.catalogue import SHIPPED_CATALOGUE, CatalogueFileError, catalogue_import, catalogue_read
from vidan.org.actors import Actor


class Command(BaseCommand):
    help = "Import the procedure catalogue from a CSV or XLSX file; every error is listed by row and column."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SHIPPED_CATALOGUE))
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        try:
            rows = catalogue_read(path.read_bytes(), filename=path.name)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except CatalogueFileError as error:
            raise CommandError(f"{path}: {error}") from None
        result = catalogue_import(actor=Actor.system("import-catalogue"), rows=rows, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(f"{path.name}: row {error.row}, column {error.column}: {error.message}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s); nothing was written.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{result.created} procedure(s) {verb} created, {result.updated} updated, {result.unchanged} unchanged."
        )
