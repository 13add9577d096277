"""The data the scenarios need, generated once and kept in the benchmark database.

Each piece leaves a `Generated` mark with its version; a run skips whatever is already marked. Bump a
version to have the piece generated again.
"""

import io
import os
import secrets
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.utils import timezone

from bench.floor.models import FLOOR_ROWS, FloorRow, FloorSubmission, Generated, floor_key
from bench.server import PROJECT_DIR

FLOOR_VERSION = "1"
UNITS_VERSION = "1"
DEMO_VERSION = "1"
DEMO_PASSWORD = "bench-mat-khau-2026"
DEMO_SLUG = "thuan-hoa"
DEMO_API_USER = "motcua.thuanhoa"
BATCH = 50_000

_TITLES = (
    "Đăng ký khai sinh",
    "Chứng thực bản sao",
    "Đăng ký kết hôn",
    "Xác nhận tình trạng hôn nhân",
    "Cấp giấy chứng nhận quyền sử dụng đất",
    "Đăng ký thường trú",
    "Trợ cấp xã hội hằng tháng",
    "Cấp phép xây dựng nhà ở riêng lẻ",
)
_NOTES = (
    "Hồ sơ đầy đủ, đã tiếp nhận tại bộ phận một cửa.",
    "Công dân nộp trực tuyến; chờ bổ sung bản sao giấy tờ tùy thân.",
    "Đã chuyển cán bộ chuyên môn thẩm định, hẹn trả kết quả đúng hạn.",
    "Kết quả đã trả cho công dân tại bộ phận một cửa.",
)


def marked(name: str, version: str) -> bool:
    return Generated.objects.filter(name=name, version=version).exists()


def mark(name: str, version: str, seconds: float, **detail) -> None:
    Generated.objects.update_or_create(name=name, defaults={"version": version, "seconds": seconds, "detail": detail})


def generation_marks() -> dict[str, dict]:
    return {g.name: {"version": g.version, "seconds": round(g.seconds, 1), **g.detail} for g in Generated.objects.all()}


# The floor --------------------------------------------------------------------------------------------------


def _floor_rows(start: int, stop: int):
    epoch = date(2020, 1, 1)
    for n in range(start, stop):
        yield (
            floor_key(n),
            f"{_TITLES[n % len(_TITLES)]} số {n}",
            (n * 7919) % 50_000 * 1000,
            (epoch + timedelta(days=n % 2400)).isoformat(),
            _NOTES[n % len(_NOTES)],
        )


def floor_fill() -> float | None:
    """Fill the floor table with FLOOR_ROWS rows unless that is already done. Returns the seconds it took."""
    if marked("floor", FLOOR_VERSION):
        return None
    started = time.monotonic()
    table = FloorRow._meta.db_table
    columns = "key, title, amount, day, note"
    print(f"bench: generating {FLOOR_ROWS:,} floor rows …", flush=True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {table}")
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in _floor_rows(0, FLOOR_ROWS):
                        copy.write_row(row)
            else:
                cursor.execute(f"DELETE FROM {table}")
                raw = cursor.cursor  # the sqlite3 cursor: executemany without Django's per-row wrapping
                sql = f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?)"
                for start in range(0, FLOOR_ROWS, BATCH):
                    raw.executemany(sql, _floor_rows(start, min(start + BATCH, FLOOR_ROWS)))
            cursor.execute(f"ANALYZE {table}")
        seconds = time.monotonic() - started
        mark("floor", FLOOR_VERSION, seconds, rows=FLOOR_ROWS)
    print(f"bench: floor rows generated in {seconds:.1f} s", flush=True)
    return seconds


def floor_submissions_clear() -> None:
    """Start every run with an empty table for the write floor, so its inserts cost the same run after run."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FloorSubmission._meta.db_table}")


# Administrative units and the demo communes -----------------------------------------------------------------


def units_ensure() -> float | None:
    """Today's provinces and communes (`vidan import-units`), as `make run` loads them before the demo."""
    if marked("units", UNITS_VERSION):
        return None
    if "import-units" not in get_commands():
        raise SystemExit("bench: the `vidan import-units` command is missing.")
    started = time.monotonic()
    print("bench: vidan import-units …", flush=True)
    call_command("import-units", stdout=io.StringIO(), stderr=io.StringIO())
    seconds = time.monotonic() - started
    mark("units", UNITS_VERSION, seconds)
    return seconds


def demo_ensure() -> float | None:
    """Build the demo (Thuận Hóa and its neighbours, their officials) unless that is already done.

    Returns the seconds it took, or None when it was already there.
    """
    if marked("demo", DEMO_VERSION):
        return None
    if "demo" not in get_commands():
        raise SystemExit("bench: the `vidan demo` command is missing; the scenarios need the demo communes.")
    started = time.monotonic()
    print("bench: vidan demo --if-empty --password …", flush=True)
    call_command("demo", "--if-empty", "--password", DEMO_PASSWORD, stdout=io.StringIO())
    seconds = time.monotonic() - started
    mark("demo", DEMO_VERSION, seconds)
    print(f"bench: demo built in {seconds:.1f} s", flush=True)
    return seconds


# What the scenarios name ------------------------------------------------------------------------------------


DOSSIERS_VERSION = "1"
DOSSIER_COMMUNES = 100
DOSSIERS_PER_COMMUNE = 10_000
LOOKUP_CODES = 2000


def dossiers_ensure() -> float | None:
    """A million one-stop dossiers across 100 communes (`vidan simulate`), with the procedure catalogue."""
    if marked("dossiers", DOSSIERS_VERSION):
        return None
    started = time.monotonic()
    total = DOSSIER_COMMUNES * DOSSIERS_PER_COMMUNE
    print(
        f"bench: vidan simulate: {DOSSIER_COMMUNES} communes, {total:,} dossiers (once; several minutes) …", flush=True
    )
    call_command("import-catalogue", stdout=io.StringIO())
    call_command(
        "simulate", communes=DOSSIER_COMMUNES, dossiers=DOSSIERS_PER_COMMUNE, stdout=io.StringIO(), stderr=io.StringIO()
    )
    with connection.cursor() as cursor:
        # PostgreSQL: what autovacuum would have done by the time a real database held this much, the visibility
        # map included (without it no scan is index-only). SQLite: the planner's statistics.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    seconds = time.monotonic() - started
    mark("dossiers", DOSSIERS_VERSION, seconds, dossiers=total, communes=DOSSIER_COMMUNES)
    print(f"bench: dossiers generated in {seconds:.1f} s", flush=True)
    return seconds


def lookup_codes_file() -> str:
    """A file of dossier codes spread over all communes, one a line, for the lookup scenario's wrk script."""
    from vidan.onestop.models import Dossier

    path = PROJECT_DIR / "bench" / "cache" / "lookup-codes.txt"
    step = max(1, Dossier.objects.count() // LOOKUP_CODES)
    codes = list(
        Dossier.objects.exclude(code=None).order_by("id").values_list("code", flat=True)[::step][:LOOKUP_CODES]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(codes) + "\n", encoding="utf-8")
    return str(path)


def scenario_context() -> dict:
    """Values the scenarios' paths and headers refer to, e.g. {commune_id} and {api_token}."""
    from vidan.api.tokens import api_token_issue
    from vidan.org.actors import Actor
    from vidan.org.models import Commune, Staff

    commune = Commune.objects.filter(slug=DEMO_SLUG).first()
    officer = Staff.objects.filter(username=DEMO_API_USER, is_active=True).first()
    if commune is None or officer is None:
        raise SystemExit(
            f"bench: the demo commune {DEMO_SLUG!r} or its officer {DEMO_API_USER!r} is missing from the "
            "benchmark database; run `python -m bench --fresh` to build it again."
        )
    token, raw = api_token_issue(actor=Actor.system("bench"), staff=officer, name="bench")
    floor_submissions_clear()
    online_submissions_clear()
    # wrk's Lua scripts read the codes from this file (see the lookup scenario).
    os.environ["BENCH_LOOKUP_CODES"] = lookup_codes_file()
    return {
        "commune_slug": commune.slug,
        "commune_id": commune.id,
        "api_token": raw,
        "_api_token": token,
        "desk_session": desk_session(),
        **submit_context(),
        "year": timezone.localdate().year,
    }


# The online submission scenario ---------------------------------------------------------------------------

SUBMIT_PROCEDURE = "HT-08"  # fully online, one document to upload
SUBMIT_APPLICANT = "Người Thử Tải"  # marks the benchmark's dossiers, removed before each run
SUBMIT_PHONE = "0912 345 678"
SUBMIT_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n" + b"% to khai cap ban sao trich luc ho tich\n" * 4 + b"%%EOF\n"
)


def submit_context() -> dict:
    """The multipart body a browser sends with the online form, with a CSRF token valid for the cookie that
    goes with it (a form's token is the cookie's secret, masked), for a commune with 10,000 dossiers."""
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    from vidan.onestop.models import Procedure
    from vidan.org.models import Commune

    procedure = Procedure.objects.get(code=SUBMIT_PROCEDURE)
    document = procedure.documents.filter(upload_accepted=True).get()
    commune = Commune.objects.get(staff__username="motcua.sim0001")
    secret = _get_new_csrf_string()
    boundary = "----vidanbench" + secrets.token_hex(8)
    fields = {
        "csrfmiddlewaretoken": _mask_cipher_secret(secret),
        "applicant_name": SUBMIT_APPLICANT,
        "applicant_phone": SUBMIT_PHONE,
        "applicant_email": "",
        "applicant_address": "Thôn Tân Hóa",
        "consent": "on",
        "declaration": "on",
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="doc-{document.pk}"; filename="to-khai.pdf"\r\n'
        f"Content-Type: application/pdf\r\n\r\n{SUBMIT_PDF.decode('ascii')}\r\n--{boundary}--\r\n"
    )
    return {
        "submit_slug": commune.slug,
        "submit_procedure": procedure.code,
        "submit_content_type": f"multipart/form-data; boundary={boundary}",
        "submit_body": "".join(parts),
        "csrf_cookie": secret,
    }


def online_submissions_clear() -> None:
    """Remove the dossiers earlier runs submitted (their files go with them) and the messages to their applicant,
    so every run starts alike."""
    from vidan.notify.models import OutboxMessage
    from vidan.onestop.forms import phone_normalise
    from vidan.onestop.models import Dossier

    Dossier.objects.filter(applicant_name=SUBMIT_APPLICANT).delete()
    OutboxMessage.objects.filter(kind="submitted", recipient=phone_normalise(SUBMIT_PHONE)).delete()


def online_submissions_check() -> dict:
    """What the submit scenario left: how many dossiers, that no two share a reference or a code, and what
    became of the message each one's applicant is sent (web workers only write it; `vidan deliver`, beside the
    server, sends it): how many were sent, are still pending, failed."""
    import re
    from collections import Counter

    from django.db.models import Count, Min

    from vidan.notify.models import OutboxMessage
    from vidan.onestop.codes import REFERENCE
    from vidan.onestop.models import Dossier

    submitted = Dossier.objects.filter(applicant_name=SUBMIT_APPLICANT)
    references = set(submitted.values_list("reference", flat=True))
    first = submitted.aggregate(first=Min("submitted_at"))["first"]
    # A message has no key to its dossier: it names it, by its reference, in its text.
    in_text = re.compile(REFERENCE.pattern.strip("^$"))
    messages = Counter()
    if first is not None:
        rows = OutboxMessage.objects.filter(kind="submitted", created_at__gte=first).values_list("state", "body")
        for state, body in rows.iterator(chunk_size=2000):
            found = in_text.search(body)
            if found and found.group() in references:
                messages[state] += 1
    return {
        "dossiers": submitted.count(),
        "distinct_references": submitted.values("reference").distinct().count(),
        "duplicate_codes": Dossier.objects.exclude(code=None)
        .values("code")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "messages_sent": messages["sent"],
        "messages_pending": messages["pending"],
        "messages_failed": messages["failed"],
    }


def desk_session() -> str:
    """A logged-in session of the desk officer of the first simulated commune (10,000 dossiers), for the
    back-office scenarios: the same session a browser gets after the login form."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from vidan.org.models import Staff

    officer = Staff.objects.get(username="motcua.sim0001")
    session = SessionStore()
    session[SESSION_KEY] = str(officer.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    session.create()
    return session.session_key


def scenario_context_close(context: dict) -> None:
    from vidan.api.tokens import api_token_revoke
    from vidan.org.actors import Actor

    token = context.get("_api_token")
    if token is not None:
        api_token_revoke(actor=Actor.system("bench"), token=token)
