"""One consistent backup of the database and the data directory, and its restore into an empty install.

A backup is a directory:

    manifest.json        what the backup holds: rows per table, size and SHA-256 of every file, the audit head
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    database.dump        PostgreSQL: `pg_dump --format=custom`, of the same snapshot the rows were counted in
    files/…              the data directory (VIDAN_DATA_DIR), file by file
    audit-head           the audit chain's head file (VIDAN_AUDIT_HEAD_FILE), when there is one

It is written beside its destination under a temporary name and renamed only once complete, so a failed
`pg_dump` or a full disk leaves no directory that looks like a backup. A restore checks every byte against the
manifest before it touches anything, refuses a database or data directory that is not empty unless told, and
counts the rows again once restored. The caller (`vidan restore`) then verifies the audit chain.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "vidan-backup 1"
MANIFEST = "manifest.json"
FILES = "files"
HEAD = "audit-head"
DUMP = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupRefused(Exception):
    """A backup that cannot be made or restored; the message says why, for the operator."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    audit_head: bool  # whether the backup held the audit chain's head file


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _described(path: Path) -> dict:
    return {"size": path.stat().st_size, "sha256": file_sha256(path)}


def _data_files(data_dir: Path, skip: Path) -> list[Path]:
    """Every regular file under the data directory, as paths relative to it (the head file kept apart)."""
    if not data_dir.is_dir():
        return []
    return sorted(
        path.relative_to(data_dir)
        for path in data_dir.rglob("*")
        if path.is_file() and not path.is_symlink() and path.resolve() != skip
    )


def _vendor() -> str:
    if connection.vendor not in DUMP:
        raise BackupRefused(
            _("Backups support SQLite and PostgreSQL only, not %(vendor)s.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def _counts(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_command(program: str) -> tuple[list[str], dict]:
    """The PostgreSQL client program with the connection of the `default` database; the password in the
    environment, never on the command line."""
    params = connection.settings_dict
    command = [program]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            command += [flag, str(params[key])]
    environ = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or "", "PGCONNECT_TIMEOUT": "10"}
    return command, environ


def _run(command: list[str], environ: dict, what: str) -> None:
    try:
        done = subprocess.run(command, env=environ, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupRefused(
            _("%(program)s is not installed (the PostgreSQL client, of the server's version).")
            % {"program": command[0]}
        ) from None
    if done.returncode != 0:
        raise BackupRefused(
            _("%(what)s failed: %(error)s") % {"what": what, "error": done.stderr.strip() or done.returncode}
        )


def _database_write(folder: Path, vendor: str) -> dict[str, int]:
    """Write the database's copy into the folder; return the rows per table of exactly that copy."""
    target = folder / DUMP[vendor]
    if vendor == "sqlite":
        source = sqlite3.connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            # A file complete in itself: no write-ahead log beside it to be forgotten when it is copied elsewhere.
            copy.execute("PRAGMA journal_mode=DELETE")
            tables = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            quote = connection.ops.quote_name
            return {
                table: copy.execute(f"SELECT COUNT(*) FROM {quote(table)}").fetchone()[0]
                for table in sorted(tables)
                if not table.startswith("sqlite_")
            }
        finally:
            copy.close()
            source.close()
    # PostgreSQL: the rows are counted in a snapshot that pg_dump then dumps, so the counts are the dump's.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _counts(cursor, connection.introspection.table_names(cursor))
        command, environ = _pg_command("pg_dump")
        partial = folder / (DUMP[vendor] + ".partial")
        command += ["--format=custom", f"--snapshot={snapshot}", f"--file={partial}", connection.settings_dict["NAME"]]
        _run(command, environ, "pg_dump")
        partial.rename(target)
    return counts


def backup_write(*, to: Path) -> dict:
    """Write a backup into the directory `to` (absent or empty); return its manifest.

    Files are copied after the database: a file a row of the copy names was written before that row committed,
    so it is there; a file uploaded during the backup may be copied without its row (the tick's sweep removes it
    after a restore)."""
    to = to.absolute()
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise BackupRefused(_("%(path)s exists and is not an empty directory.") % {"path": to})
    data_dir = Path(settings.VIDAN_DATA_DIR)
    if to.resolve().is_relative_to(data_dir.resolve()):
        raise BackupRefused(
            _("%(path)s is inside the data directory it would copy: back up to another directory.") % {"path": to}
        )
    vendor = _vendor()
    to.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=to.parent, prefix=f".{to.name}.partial-"))
    try:
        created_at = timezone.now()
        tables = _database_write(folder, vendor)
        head_file = Path(settings.VIDAN_AUDIT_HEAD_FILE).resolve()
        files = {}
        for relative in _data_files(data_dir, skip=head_file):
            copy = folder / FILES / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(data_dir / relative, copy)
            files[relative.as_posix()] = _described(copy)
        head = None
        if head_file.is_file():
            shutil.copy2(head_file, folder / HEAD)
            head = {"file": HEAD, **_described(folder / HEAD)}
        manifest = {
            "format": FORMAT,
            "created_at": created_at.isoformat(),
            "database": {"vendor": vendor, "file": DUMP[vendor], **_described(folder / DUMP[vendor])},
            "tables": tables,
            "files": files,
            "audit_head": head,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        if to.exists():
            to.rmdir()
        folder.rename(to)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return manifest


def manifest_read(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupRefused(
            _("%(path)s has no manifest.json: it is not a complete backup.") % {"path": source}
        ) from None
    except (OSError, ValueError):
        raise BackupRefused(_("The manifest of %(path)s cannot be read.") % {"path": source}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(_("%(path)s is not a backup of this platform.") % {"path": source})
    return manifest


def backup_check(source: Path, manifest: dict) -> None:
    """Raise BackupRefused unless every file of the backup is there with the size and checksum its manifest
    states: a truncated dump, a 0-byte file, a missing attachment are found before anything is restored."""
    expected = [(manifest["database"]["file"], manifest["database"])]
    expected += [(f"{FILES}/{name}", described) for name, described in manifest["files"].items()]
    if manifest.get("audit_head"):
        expected.append((manifest["audit_head"]["file"], manifest["audit_head"]))
    for name, described in expected:
        path = source / name
        # A name that would lead out of the backup, or out of the data directory once restored, is no file of it.
        if any(part in ("", ".", "..") for part in name.split("/")) or not path.is_file():
            raise BackupRefused(_("The backup lacks %(name)s.") % {"name": name})
        if path.stat().st_size != described["size"] or file_sha256(path) != described["sha256"]:
            raise BackupRefused(
                _("%(name)s is not the file the manifest describes (truncated or altered): backup refused.")
                % {"name": name}
            )


def _target_contents() -> list[str]:
    """What already occupies the target: tables in the database, files in the data directory, a head file."""
    found = []
    tables = connection.introspection.table_names()
    if tables:
        found.append(_("the database has %(count)d tables") % {"count": len(tables)})
    data_dir = Path(settings.VIDAN_DATA_DIR)
    if data_dir.is_dir() and any(data_dir.iterdir()):
        found.append(_("the data directory %(path)s is not empty") % {"path": data_dir})
    if Path(settings.VIDAN_AUDIT_HEAD_FILE).exists():
        found.append(_("the audit head file %(path)s exists") % {"path": settings.VIDAN_AUDIT_HEAD_FILE})
    return found


def _database_restore(source: Path, manifest: dict, *, replace: bool) -> None:
    dump = source / manifest["database"]["file"]
    connection.close()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(dump)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            copy.backup(target)
        finally:
            target.close()
            copy.close()
        return
    command, environ = _pg_command("pg_restore")
    # --exit-on-error: a restore that cannot be complete stops at its first error instead of ending with "errors
    # ignored on restore". Owners and grants are the target's own (the dump's may name other roles).
    command += ["--exit-on-error", "--no-owner", "--no-privileges", "--single-transaction"]
    if replace:
        command += ["--clean", "--if-exists"]
    command += [f"--dbname={connection.settings_dict['NAME']}", str(dump)]
    _run(command, environ, "pg_restore")


def backup_restore(*, source: Path, replace: bool = False) -> Restored:
    """Restore the backup in `source` into the database, data directory and head file of the settings.

    Refused, with nothing changed, when the backup is incomplete or altered, is of another database engine, or
    the target is not empty and `replace` is not set. With `replace`, the data directory is emptied first."""
    source = source.absolute()
    manifest = manifest_read(source)
    backup_check(source, manifest)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupRefused(
            _("This backup is of a %(theirs)s database; DATABASE_URL names a %(ours)s one.")
            % {"theirs": manifest["database"]["vendor"], "ours": vendor}
        )
    occupied = _target_contents()
    if occupied and not replace:
        raise BackupRefused(
            _("The target is not empty (%(what)s): restore into an empty one, or pass --replace to overwrite it.")
            % {"what": "; ".join(occupied)}
        )
    _database_restore(source, manifest, replace=replace)

    data_dir = Path(settings.VIDAN_DATA_DIR)
    if replace and data_dir.is_dir():
        for child in data_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in manifest["files"]:
        target = data_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / FILES / name, target)
    if manifest.get("audit_head"):
        head_file = Path(settings.VIDAN_AUDIT_HEAD_FILE)
        head_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / manifest["audit_head"]["file"], head_file)

    with connection.cursor() as cursor:
        tables = [table for table in connection.introspection.table_names(cursor) if not table.startswith("sqlite_")]
        counts = _counts(cursor, tables)
    if counts != manifest["tables"]:
        expected = manifest["tables"]
        differing = sorted(table for table in set(counts) | set(expected) if counts.get(table) != expected.get(table))
        raise BackupRefused(
            _("The restored database does not hold the rows the manifest counts (%(tables)s).")
            % {"tables": ", ".join(differing)}
        )
    return Restored(
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(manifest["files"]),
        audit_head=bool(manifest.get("audit_head")),
    )
