"""The `vidan` command: Django's management commands plus the platform's own.

vidan --version | setup | migrate | runserver | demo | import-units | import-catalogue | notify test |
audit verify | backup | restore | token | compile-catalogue | dev-env | …
"""

import os
import sys
from pathlib import Path

# Commands that read or change the schema, open a prompt or run tests: they meet the database as it is, and
# their errors reach the user unchanged.
AS_IS = {
    "migrate",
    "makemigrations",
    "showmigrations",
    "sqlmigrate",
    "squashmigrations",
    "check",
    "help",
    "version",
    "shell",
    "dbshell",
    "test",
    "testserver",
}


def compile_catalogue() -> int:
    """Compile every .po catalogue to .mo in pure Python, so no GNU gettext is needed."""
    import polib

    locale_dir = Path(__file__).resolve().parent / "locale"
    count = 0
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    print(f"compile-catalogue: {count} catalogue(s) compiled")
    return 0


def dev_env(args: list[str]) -> int:
    """vidan dev-env [PATH]: write a development checkout's env file (the checkout's .env by default) once."""
    from vidan.config.envfile import dev_env_write

    if len(args) > 1 or any(arg.startswith("-") for arg in args):
        print("usage: vidan dev-env [PATH]", file=sys.stderr)
        return 2
    path = Path(args[0]) if args else Path(__file__).resolve().parent.parent / ".env"
    if dev_env_write(path):
        print(f"dev-env: {path} written (DEBUG on, a secret key of its own, the SQLite file beside it)")
    else:
        print(f"dev-env: {path} is there already; left as it is")
    return 0


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "--version":  # the platform's version, not Django's
        from vidan import __version__

        print(f"vidan {__version__}")
        sys.exit(0)
    if len(argv) > 1 and argv[1] == "compile-catalogue":
        sys.exit(compile_catalogue())
    if len(argv) > 1 and argv[1] == "dev-env":
        sys.exit(dev_env(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vidan.config.settings")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, ProgrammingError

    argv[0] = "vidan"
    command = argv[1] if len(argv) > 1 else "help"
    if command in AS_IS or command.startswith("-") or "--traceback" in argv:
        execute_from_command_line(argv)
        return
    try:
        execute_from_command_line(argv)
    except (OperationalError, ProgrammingError) as error:
        if not (_schema_missing(error) and _migrations_pending()):
            raise
        from django.utils.translation import gettext as _

        print(f"vidan {command}: {_('The database is not up to date: run `vidan migrate` first.')}", file=sys.stderr)
        sys.exit(1)


def _schema_missing(error: Exception) -> bool:
    """Whether the database lacks a table or a column the code asked for."""
    if getattr(error.__cause__, "sqlstate", None) in {"42P01", "42703"}:  # PostgreSQL: undefined table, column
        return True
    return str(error).startswith(("no such table", "no such column"))  # SQLite


def _migrations_pending() -> bool:
    """Whether migrations are waiting for the default database (checked only after an error, so a command that
    works pays nothing). A database that cannot be asked counts as not behind: its own error is clearer."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return False


if __name__ == "__main__":
    main()
