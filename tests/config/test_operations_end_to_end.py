"""What operations.md has a new commune's administrator do, done for real with DEBUG off under gunicorn: `vidan
setup`, the first login with its authenticator, a desk officer added in the admin, a dossier received at the desk, a
citizen's online submission with its files, `vidan tick`, a backup, and its restore into a new database and a new data
directory — the same rows, the same files by checksum, the audit chain intact, and the restored copy serving the
dossier. A backup cut short is refused. On PostgreSQL when DATABASE_URL names one, else on SQLite."""

import hashlib
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
from base64 import b32decode
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import requests
from django_otp.oath import totp

from bench.server import AppServer
from tests.production import production_environ, served_over_plain_http

VIDAN = Path(sys.executable).with_name("vidan")
TUYEN_HOA = "18997"  # xã Tuyên Hóa, tỉnh Quảng Trị, in the official unit list
PASSWORD = "Mat-khau-dai-cua-xa-2026"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class _Forms(HTMLParser):
    """The forms of a page with what a browser would send from them untouched: hidden and text values, checked
    boxes, each select's chosen option, textareas; file inputs listed apart."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: tuple[str, bool] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}, "files": []})
            return
        if not self.forms:
            return
        fields, name = self.forms[-1]["fields"], attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind == "file":
                self.forms[-1]["files"].append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    fields[name] = attributes.get("value", "on")
            elif kind not in ("submit", "button", "image", "reset"):
                fields[name] = attributes.get("value", "")
        elif tag == "select" and name:
            self._select = (name, False)
        elif tag == "option" and self._select:
            select, chosen = self._select
            if "selected" in attributes or (not chosen and select not in fields):
                fields[select] = attributes.get("value", "")
                self._select = (select, chosen or "selected" in attributes)
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_with(page: requests.Response, field: str) -> dict:
    """The form of the page that has `field`, its empty inline templates (`__prefix__`) left out."""
    parser = _Forms()
    parser.feed(page.text)
    for form in parser.forms:
        if field in form["fields"] or field in form["files"]:
            form["fields"] = {name: value for name, value in form["fields"].items() if "__prefix__" not in name}
            return form
    raise AssertionError(f"no form with {field!r} on {page.url}: {page.text[:1500]}")


class Browser(requests.Session):
    """A browser on the site: relative addresses, and Django's CSRF check passed as a browser passes it."""

    def __init__(self, port: int):
        super().__init__()
        self.base = f"http://127.0.0.1:{port}"
        self.trust_env = False  # never a proxy

    def request(self, method, url, *args, **kwargs):
        return super().request(method, url if url.startswith("http") else self.base + url, *args, **kwargs)

    def submit(self, page: requests.Response, field: str, files=None, **values) -> requests.Response:
        form = form_with(page, field)
        data = {**form["fields"], **values}
        action = form["action"] or urlsplit(page.url)._replace(scheme="", netloc="").geturl()
        return self.post(action, data=data, files=files, headers={"Referer": page.url})

    def log_in(self, username: str, secret: str | None = None) -> str | None:
        """Logs in with the password, then the authenticator where the role requires one: sets it up the first
        time (returning its key)."""
        page = self.submit(self.get("/staff/login/"), "username", username=username, password=PASSWORD)
        if "/staff/otp/setup/" in page.url:
            secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page.text).group(1).replace(" ", "")
            confirmed = self.submit(page, "token", token=code_of(secret))
            assert confirmed.status_code == 200 and "recovery-codes" in confirmed.text, confirmed.text[:1500]
        elif secret is not None:
            assert "/staff/login/otp/" in page.url, page.text[:1500]
            self.submit(page, "token", token=code_of(secret))
        home = self.get("/staff/")
        assert home.status_code == 200 and "/staff/login/" not in home.url, home.text[:1500]
        return secret


def code_of(secret: str) -> str:
    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def vidan(environ: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VIDAN), *args], env=environ, capture_output=True, text=True, timeout=600)


@pytest.fixture
def empty_databases(tmp_path):
    """Three empty databases, as `createdb` gives them (PostgreSQL) or files not yet made (SQLite): the install's,
    the one its backup is restored into, and one that a damaged backup must leave empty."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield [f"sqlite:///{tmp_path / f'database-{n}.sqlite3'}" for n in range(3)]
        return
    admin = urlsplit(server)._replace(scheme="postgresql", path="/postgres").geturl()
    names = [f"vidan_operations_{secrets.token_hex(4)}" for _ in range(3)]
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    yield [urlsplit(server)._replace(path=f"/{name}").geturl() for name in names]
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def row_counts(database_url: str) -> dict[str, int]:
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as database:
            cursor = database.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            tables = [row[0] for row in cursor.fetchall()]
            return {table: cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
    with psycopg.connect(urlsplit(database_url)._replace(scheme="postgresql").geturl()) as database:
        tables = [row[0] for row in database.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_a_new_commune_set_up_served_backed_up_and_restored_as_operations_md_says(tmp_path, empty_databases):
    site_db, restored_db, damaged_db = empty_databases
    site = production_environ(
        tmp_path / "site", DATABASE_URL=site_db, VIDAN_ADMIN_PASSWORD=PASSWORD, **served_over_plain_http()
    )
    (tmp_path / "site").mkdir()

    # Given a new install set up as operations.md says: the units, the commune, its administrator, the catalogue
    made = vidan(
        site, "setup", "--no-input", "--commune", TUYEN_HOA, "--agency-code", "000.25.31.H44",
        "--username", "quantri", "--full-name", "Phan Anh Tuấn", "--email", "qt@example.vn",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Tuyên Hóa" in made.stdout and "000.25.31.H44" in made.stdout

    with AppServer(env=site, workers=2, log_path=tmp_path / "site.log") as server:
        server.wait_ready("/")

        # When the administrator logs in the first time: the authenticator is set up, the recovery codes shown
        administrator = Browser(server.port)
        assert administrator.log_in("quantri") is not None  # an administrator never goes without one

        # And adds a desk officer with the desk role at the commune, in the admin
        communes = administrator.get("/admin/org/commune/")
        commune_page = re.search(r'href="(/admin/org/commune/\d+/change/)', communes.text).group(1)
        unit_id = form_with(administrator.get(commune_page), "unit")["fields"]["unit"]
        added = administrator.submit(
            administrator.get("/admin/org/staff/add/"), "username",
            username="tiepnhan", full_name="Trần Thị Hoa", password1=PASSWORD, password2=PASSWORD, _save="1",
        )  # fmt: skip
        assert re.search(r"/admin/org/staff/\d+/change/$", added.url), added.text[:2000]
        staff_id = added.url.rstrip("/").split("/")[-2]
        granted = administrator.submit(
            added, "grants-TOTAL_FORMS",
            **{"grants-TOTAL_FORMS": "1", "grants-0-id": "", "grants-0-staff": staff_id,
               "grants-0-role": "desk_officer", "grants-0-unit": unit_id, "_save": "1"},
        )  # fmt: skip
        assert granted.url.endswith("/admin/org/staff/"), granted.text[:3000]

        # And the desk officer, logged in receives a birth registration
        officer = Browser(server.port)
        officer_secret = officer.log_in("tiepnhan")
        choices = officer.get("/staff/ho-so/tiep-nhan/").text
        birth = re.search(r'<option value="(\d+)">Đăng ký khai sinh</option>', choices).group(1)
        desk = officer.get(f"/staff/ho-so/tiep-nhan/?procedure={birth}")
        received = officer.submit(
            desk, "applicant_name", answer="receive",
            applicant_name="Hoàng Văn Nam", applicant_phone="0912 000 111", applicant_address="Thôn 1, xã Tuyên Hóa",
        )  # fmt: skip
        assert re.search(r"/staff/ho-so/\d+/$", received.url), received.text[:3000]
        desk_code = re.search(r"000\.25\.31\.H44-\d{6}-\d{4}", received.text).group(0)
        receipt = officer.get(received.url + "mau-01.pdf")
        assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")

        # And a citizen sends one online, with its files
        citizen = Browser(server.port)
        online = citizen.get("/xa/tuyen-hoa/nop-ho-so/HT-01/")
        upload = form_with(online, "applicant_name")["files"]
        assert upload, "the online form asks for no file"
        sent = citizen.submit(
            online, "applicant_name",
            files={name: (f"giay-{n}.pdf", PDF + str(n).encode(), "application/pdf") for n, name in enumerate(upload)},
            applicant_name="Lê Thị Mai", applicant_phone="0912 345 678", applicant_address="Thôn 2, xã Tuyên Hóa",
            declaration="on", consent="on",
        )  # fmt: skip
        assert "/da-nop/" in sent.url, sent.text[:3000]

        # And the tick job runs, as its timer runs it (it writes the audit chain's head)
        ticked = vidan(site, "tick")
        assert ticked.returncode == 0, ticked.stderr

        # And the nightly backup is made while the site serves
        backup = tmp_path / "backups" / "2026-12-05"
        backed_up = vidan(site, "backup", "--to", str(backup))
        assert backed_up.returncode == 0, backed_up.stderr

    site_files = checksums(tmp_path / "site" / "data")
    assert len([name for name in site_files if name.startswith("private/")]) == len(upload)
    assert row_counts(site_db)["onestop_dossier"] == 2

    # When it is restored on a new machine: a new database and a new data directory, the same keys
    (tmp_path / "restored").mkdir()
    restored = production_environ(
        tmp_path / "restored",
        DATABASE_URL=restored_db,
        SECRET_KEY=site["SECRET_KEY"],
        VIDAN_AUDIT_KEY=site["VIDAN_AUDIT_KEY"],
        **served_over_plain_http(),
    )
    done = vidan(restored, "restore", "--from", str(backup))

    # Then the audit chain is intact, and the rows and the files are the same
    assert done.returncode == 0, done.stderr
    assert "Chuỗi nhật ký kiểm tra nguyên vẹn" in done.stdout
    assert row_counts(restored_db) == row_counts(site_db)
    assert checksums(tmp_path / "restored" / "data") == site_files
    audited = vidan(restored, "audit", "verify")
    assert audited.returncode == 0, audited.stdout + audited.stderr

    # And the restored copy serves: the desk officer logs in and finds the dossier
    with AppServer(env=restored, workers=1, log_path=tmp_path / "restored.log") as server:
        server.wait_ready("/")
        officer = Browser(server.port)
        officer.log_in("tiepnhan", officer_secret)
        page = officer.get(urlsplit(received.url).path)
        assert page.status_code == 200 and desk_code in page.text

    # And a backup whose database copy was cut short is refused, and leaves the new install empty
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    dump = next(path for path in damaged.iterdir() if path.name.startswith("database."))
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    (tmp_path / "third").mkdir()
    third = production_environ(tmp_path / "third", DATABASE_URL=damaged_db, VIDAN_AUDIT_KEY=site["VIDAN_AUDIT_KEY"])
    refused = vidan(third, "restore", "--from", str(damaged))
    assert refused.returncode == 1 and dump.name in refused.stderr and "Traceback" not in refused.stderr
    assert row_counts(damaged_db) == {}
    assert not (tmp_path / "third" / "data").exists()
