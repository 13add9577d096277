"""A development checkout's `.env`: settings written once by `make run`, so that commands run from the checkout
need nothing exported.

Production reads the environment only. The file is read only when the code runs from a checkout (pyproject.toml
beside the `vidan` package, which an installed package never has), and never when VIDAN_ENV_FILE is set and
empty; in a checkout, VIDAN_ENV_FILE=<path> names another file instead. What the environment holds wins over
the file; a variable set to nothing counts as not set, as the settings read it (`DEBUG= make run` still runs
with DEBUG on, as it did when the Makefile passed DEBUG itself).

The format is the shell's simplest: one NAME=value a line; blank lines and lines starting with # are skipped; a
value may be quoted with ' or " and is then taken as written (no escapes); an unquoted value ends at a # that
follows a space. Any other line is an error naming the file and the line.
"""

import os
import re
import secrets
from collections.abc import MutableMapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
COMMENT = re.compile(r"\s#")


def default_database_url(directory: Path) -> str:
    """The SQLite file a checkout uses when DATABASE_URL is not set."""
    return f"sqlite:///{directory / 'vidan.sqlite3'}"


def env_file_path(project_dir: Path, environ: MutableMapping[str, str]) -> Path | None:
    """The file to read for code living in project_dir, or None. Raises ImproperlyConfigured when VIDAN_ENV_FILE
    names a file that is not there, or is set outside a checkout (where it would read nothing, silently)."""
    named = environ.get("VIDAN_ENV_FILE")
    if named == "":
        return None
    checkout = (project_dir / "pyproject.toml").is_file()
    if named is None:
        path = project_dir / ".env"
        return path if checkout and path.is_file() else None
    if not checkout:
        raise ImproperlyConfigured(
            "VIDAN_ENV_FILE is for a development checkout; an installed Vì Dân reads its settings from the "
            "environment only."
        )
    path = Path(named)
    if not path.is_file():
        raise ImproperlyConfigured(f"VIDAN_ENV_FILE names {path}, which is not a file.")
    return path


def env_file_parse(text: str, path: Path) -> dict[str, str]:
    """The NAME=value pairs of the file's text, the last one winning. Raises ImproperlyConfigured naming the file
    and the line of the first line that is none of: blank, a comment, NAME=value."""
    values = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        name = name.strip()
        if not equals or not NAME.fullmatch(name):
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value.")
        try:
            values[name] = _value(value.strip())
        except ValueError as error:
            raise ImproperlyConfigured(f"{path}, line {number}: {error}") from None
    return values


def _value(text: str) -> str:
    if text[:1] in {'"', "'"}:
        end = text.find(text[0], 1)
        if end == -1:
            raise ValueError(f"the value's {text[0]} is not closed.")
        rest = text[end + 1 :].strip()
        if rest and not rest.startswith("#"):
            raise ValueError("text after the closing quote.")
        return text[1:end]
    return COMMENT.split(text, maxsplit=1)[0].rstrip()


def env_file_load(project_dir: Path, environ: MutableMapping[str, str] = os.environ) -> Path | None:
    """Fill in what `environ` lacks (or holds empty) from the checkout's env file, when there is one; return the
    file read."""
    path = env_file_path(project_dir, environ)
    if path is None:
        return None
    for name, value in env_file_parse(path.read_text(encoding="utf-8-sig"), path).items():
        if not environ.get(name):
            environ[name] = value
    return path


def dev_env_write(path: Path) -> bool:
    """Write a development env file at `path` unless one is there (it is never overwritten): DEBUG on, a secret
    key of its own, and the SQLite file beside it, which for the checkout's `.env` is the default database.
    Readable by its owner only. Returns whether it was written."""
    text = (
        "# Development settings of this checkout, written once by `make run`; the environment wins over them.\n"
        "DEBUG=1\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"DATABASE_URL={default_database_url(path.resolve().parent)}\n"
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return True
