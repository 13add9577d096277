"""`vidan backup` and `vidan restore` as operations.md has the administrator run them: in processes of their own
with production's settings (DEBUG off, a data directory, the audit head file), from a commune that took a dossier
at the desk and one online with its files, into a new database and a new data directory."""

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.factories import make_staff
from tests.onestop.factories import load_catalogue, received
from tests.onestop.test_online import form_data, url
from tests.production import production_environ
from vidan.audit.head import audit_head_export
from vidan.onestop.models import DossierFile, Procedure
from vidan.org.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

VIDAN = Path(sys.executable).with_name("vidan")


def database_url(name: str) -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"


def production(database: str, place: Path) -> dict:
    """The environment of an installed Vì Dân: DEBUG off, no test settings, its own data directory and head file."""
    return production_environ(
        place,
        VIDAN_AUDIT_KEY=settings.VIDAN_AUDIT_KEY,  # the chain's key: the same on the restored machine
        DATABASE_URL=database_url(database),
        ALLOWED_HOSTS="thuanhoa.example.gov.vn",
    )


def vidan(environ: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VIDAN), *args], env=environ, capture_output=True, text=True, timeout=300)


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def counts_of(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return counts_of(cursor, [table for table in tables if not table.startswith("sqlite_")])


def target_counts(database: str) -> dict[str, int]:
    if connection.vendor == "sqlite":
        with sqlite3.connect(database) as target:
            cursor = target.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            return counts_of(cursor, [row[0] for row in cursor.fetchall()])
    with psycopg.connect(database_url(database).replace("postgres://", "postgresql://")) as target:
        cursor = target.cursor()
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return counts_of(cursor, [row[0] for row in cursor.fetchall()])


@pytest.fixture
def new_database(tmp_path):
    """An empty database, as `createdb` (PostgreSQL) or a file not yet made (SQLite) gives the administrator."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = database_url("postgres").replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def commune_with_dossiers(commune):
    """A desk receipt and an online submission with its files, and the audit head written as `vidan tick` does."""
    load_catalogue()
    received(make_staff(commune, Role.DESK_OFFICER), commune)
    birth = Procedure.objects.get(code="HT-01")
    response = Client().post(url(commune, birth), form_data(birth))
    assert response.status_code == 302, response.content.decode()[:500]
    audit_head_export()
    return commune


def source(tmp_path) -> dict:
    """The running install the tests wrote to, as production settings name it."""
    place = tmp_path / "source"
    place.mkdir(exist_ok=True)
    environ = production(connection.settings_dict["NAME"], place)
    environ["VIDAN_DATA_DIR"] = str(settings.VIDAN_DATA_DIR)
    environ["VIDAN_AUDIT_HEAD_FILE"] = settings.VIDAN_AUDIT_HEAD_FILE
    return environ


def test_a_backup_restored_into_a_new_database_and_data_directory_holds_the_same_rows_and_files(
    commune_with_dossiers, tmp_path, new_database
):
    # given a commune with a desk receipt and an online dossier whose files are in the data directory
    uploaded = list(DossierFile.objects.values_list("file", "sha256"))
    assert len(uploaded) == 3
    before_rows, before_files = source_counts(), checksums(Path(settings.VIDAN_DATA_DIR))
    assert before_rows["onestop_dossier"] == 2

    # when the administrator backs it up, and restores the backup on a new machine
    backup = tmp_path / "backups" / "2026-12-05"
    made = vidan(source(tmp_path), "backup", "--to", str(backup))
    assert made.returncode == 0, made.stderr
    place = tmp_path / "restored"
    place.mkdir()
    target = production(new_database, place)
    restored = vidan(target, "restore", "--from", str(backup))

    # then it says the rows and files are those of the manifest and the audit chain is intact
    assert restored.returncode == 0, restored.stderr
    assert "Chuỗi nhật ký kiểm tra nguyên vẹn" in restored.stdout
    # the same rows in every table, the same files byte for byte, each attachment where its row says
    assert target_counts(new_database) == before_rows
    after_files = checksums(place / "data")
    assert after_files == before_files
    for name, sha256 in uploaded:
        assert after_files[f"private/{name}"] == sha256
    assert (place / "audit" / "head").read_bytes() == Path(settings.VIDAN_AUDIT_HEAD_FILE).read_bytes()

    # and a second restore into what is now a working install is refused, unless told to replace it
    again = vidan(target, "restore", "--from", str(backup))
    assert again.returncode == 1
    assert "không trống" in again.stderr and "--replace" in again.stderr
    replaced = vidan(target, "restore", "--from", str(backup), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert target_counts(new_database) == before_rows
    assert checksums(place / "data") == before_files


@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_a_backup_whose_database_copy_is_empty_or_truncated_is_refused_and_nothing_is_restored(
    commune_with_dossiers, tmp_path, new_database, damage
):
    # given a backup whose database copy lost its end, or every byte (a full disk, a copy cut short)
    backup = tmp_path / "backup"
    made = vidan(source(tmp_path), "backup", "--to", str(backup))
    assert made.returncode == 0, made.stderr
    dump = next(path for path in backup.iterdir() if path.name.startswith("database."))
    content = dump.read_bytes()
    dump.write_bytes(b"" if damage == "empty" else content[: len(content) // 2])

    # when it is restored
    place = tmp_path / "restored"
    place.mkdir()
    refused = vidan(production(new_database, place), "restore", "--from", str(backup))

    # then the restore is refused in one line that names the file, and the new install is left empty
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert dump.name in refused.stderr and "bị cắt cụt hoặc bị sửa" in refused.stderr
    assert target_counts(new_database) == {}
    assert not (place / "data").exists() and not (place / "audit" / "head").exists()


def test_a_directory_without_a_manifest_is_not_taken_for_a_backup(commune_with_dossiers, tmp_path, new_database):
    # given the directory of a backup that never finished: the database copy is there, the manifest is not
    backup = tmp_path / "backup"
    assert vidan(source(tmp_path), "backup", "--to", str(backup)).returncode == 0
    (backup / "manifest.json").unlink()

    # when it is restored, then it is refused
    place = tmp_path / "restored"
    place.mkdir()
    refused = vidan(production(new_database, place), "restore", "--from", str(backup))
    assert refused.returncode == 1
    assert "manifest.json" in refused.stderr and "không phải một bản sao lưu đầy đủ" in refused.stderr
    assert target_counts(new_database) == {}


def test_a_backup_goes_nowhere_but_into_an_empty_directory(commune_with_dossiers, tmp_path):
    # given a directory that already holds something
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "notes.txt").write_text("keep me")

    # when a backup is written there, then it is refused and the directory is as it was, with no partial copy
    refused = vidan(source(tmp_path), "backup", "--to", str(backup))
    assert refused.returncode == 1
    assert "không phải một thư mục trống" in refused.stderr
    assert [path.name for path in backup.iterdir()] == ["notes.txt"]
    assert [path.name for path in tmp_path.iterdir() if "partial" in path.name] == []

    # and a backup into the data directory it copies is refused too
    inside = vidan(source(tmp_path), "backup", "--to", str(settings.VIDAN_DATA_DIR / "backups" / "today"))
    assert inside.returncode == 1
    assert "nằm trong chính thư mục dữ liệu" in inside.stderr
    assert not (settings.VIDAN_DATA_DIR / "backups").exists()


@pytest.mark.parametrize("escape", ["up", "absolute"])
def test_a_manifest_naming_a_file_outside_the_data_directory_is_refused(
    commune_with_dossiers, tmp_path, new_database, escape
):
    # given a backup whose manifest was edited to write a file outside the data directory on restore, by a name
    # going up (`..`) or an absolute one, with its file in the backup where that name leads
    backup = tmp_path / "backup"
    assert vidan(source(tmp_path), "backup", "--to", str(backup)).returncode == 0
    place = tmp_path / "restored"
    place.mkdir()
    manifest = json.loads((backup / "manifest.json").read_text())
    name, described = next(iter(manifest["files"].items()))
    evil = "../outside.pdf" if escape == "up" else str(place / "outside.pdf")
    manifest["files"][evil] = described
    planted = backup / ("outside.pdf" if escape == "up" else "files/" + evil.lstrip("/"))
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes((backup / "files" / name).read_bytes())
    (backup / "manifest.json").write_text(json.dumps(manifest))

    # when it is restored, then it is refused and nothing is written anywhere
    refused = vidan(production(new_database, place), "restore", "--from", str(backup))
    assert refused.returncode == 1
    assert "Từ chối khôi phục" in refused.stderr
    assert not (place / "data").exists() and not (place / "outside.pdf").exists()
    assert target_counts(new_database) == {}


def test_a_failed_database_dump_leaves_nothing_that_looks_like_a_backup(commune_with_dossiers, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite is copied by the platform itself, with no program of its own to fail")
    # given a machine on which pg_dump cannot run (not on the service's PATH)
    environ = {**source(tmp_path), "PATH": str(tmp_path / "empty-bin")}

    # when a backup is made
    failed = vidan(environ, "backup", "--to", str(tmp_path / "backups" / "today"))

    # then it fails in one line, and neither the backup nor a half-written copy of it is left
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr and "pg_dump" in failed.stderr
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_backup_made_before_the_first_tick_is_restored_with_its_chain_checked_from_the_start(
    commune, tmp_path, new_database
):
    # given an install whose audit chain has entries but no head file yet (no `vidan tick` has run)
    load_catalogue()
    received(make_staff(commune, Role.DESK_OFFICER), commune)
    assert not Path(settings.VIDAN_AUDIT_HEAD_FILE).exists()
    backup = tmp_path / "backup"
    assert vidan(source(tmp_path), "backup", "--to", str(backup)).returncode == 0

    # when it is restored
    place = tmp_path / "restored"
    place.mkdir()
    restored = vidan(production(new_database, place), "restore", "--from", str(backup))

    # then it says so, checks the whole chain, writes its head file, and the verification passes
    assert restored.returncode == 0, restored.stderr
    assert "không có tệp đầu chuỗi nhật ký" in restored.stdout
    assert "Chuỗi nhật ký kiểm tra nguyên vẹn" in restored.stdout
    assert (place / "audit" / "head").read_text().startswith("vidan-audit-head v1")
