"""The one-stop desk in the benchmark: a million dossiers in 100 communes, the desk's queue and statistics, a
citizen's lookup, an online submission with an upload (figures in docs/scaling.md)."""

import io
import re
import secrets
from collections import Counter
from pathlib import Path

from django.core.management import call_command
from django.db.models import Count, Min

from vidan.core.benchmarks import BENCH_COMMUNES, BENCH_DATA, BENCH_SCENARIOS, BenchData, Scenario, Target

DOSSIERS_PER_COMMUNE = 10_000
LOOKUP_CODES = 2000
# A logged-in browser's cookies: its session, and the CSRF cookie it was given with its first page.
DESK_COOKIES = "sessionid={desk_session}; csrftoken={csrf_cookie}"

# Each request looks up another dossier: the codes come from a file written before the run (lookup_codes_file).
LOOKUP_LUA = """
local codes = {}
for line in io.lines(os.getenv("BENCH_LOOKUP_CODES")) do codes[#codes + 1] = line end
request = function()
  return wrk.format("GET", "/tra-cuu/?ma=" .. codes[math.random(#codes)])
end
"""

SUBMIT_PROCEDURE = "HT-08"  # fully online, one document to upload
SUBMIT_APPLICANT = "Người Thử Tải"  # marks the benchmark's dossiers, removed before each run
SUBMIT_PHONE = "0912 345 678"
SUBMIT_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n" + b"% to khai cap ban sao trich luc ho tich\n" * 4 + b"%%EOF\n"
)


def dossiers_generate() -> None:
    """The procedure catalogue and a million dossiers across the synthetic communes (`vidan simulate`)."""
    call_command("import-catalogue", stdout=io.StringIO())
    call_command(
        "simulate", communes=BENCH_COMMUNES, dossiers=DOSSIERS_PER_COMMUNE, stdout=io.StringIO(), stderr=io.StringIO()
    )


def lookup_codes_file(cache_dir: Path) -> str:
    """A file of dossier codes spread over all communes, one a line, for the lookup scenario's wrk script."""
    from vidan.onestop.models import Dossier

    path = cache_dir / "lookup-codes.txt"
    step = max(1, Dossier.objects.count() // LOOKUP_CODES)
    codes = list(
        Dossier.objects.exclude(code=None).order_by("id").values_list("code", flat=True)[::step][:LOOKUP_CODES]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(codes) + "\n", encoding="utf-8")
    return str(path)


def submit_context(csrf_cookie: str) -> dict:
    """The multipart body a browser sends with the online form, with a CSRF token valid for the cookie that
    goes with it (a form's token is the cookie's secret, masked), for a commune with 10,000 dossiers."""
    from django.middleware.csrf import _mask_cipher_secret

    from vidan.onestop.models import Procedure
    from vidan.org.models import Commune

    procedure = Procedure.objects.get(code=SUBMIT_PROCEDURE)
    document = procedure.documents.filter(upload_accepted=True).get()
    commune = Commune.objects.get(staff__username="motcua.sim0001")
    boundary = "----vidanbench" + secrets.token_hex(8)
    fields = {
        "csrfmiddlewaretoken": _mask_cipher_secret(csrf_cookie),
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
    }


def online_submissions_clear() -> None:
    """Remove the dossiers earlier runs submitted (their files go with them) and the messages to their applicant,
    so every run starts alike."""
    from vidan.notify.models import OutboxMessage
    from vidan.onestop.forms import phone_normalise
    from vidan.onestop.models import Dossier

    Dossier.objects.filter(applicant_name=SUBMIT_APPLICANT).delete()
    OutboxMessage.objects.filter(kind="submitted", recipient=phone_normalise(SUBMIT_PHONE)).delete()


def scenario_context(values: dict, cache_dir: Path) -> dict:
    online_submissions_clear()
    # wrk's Lua script reads the codes from this file (see the lookup scenario).
    return {"BENCH_LOOKUP_CODES": lookup_codes_file(cache_dir), **submit_context(values["csrf_cookie"])}


def online_submissions_check() -> dict:
    """What the submit scenario left: how many dossiers, that no two share a reference or a code, and what
    became of the message each one's applicant is sent (web workers only write it; `vidan deliver`, beside the
    server, sends it): how many were sent, are still pending, failed."""
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


BENCH_DATA.register(
    BenchData(
        "dossiers",
        version="1",
        generate=dossiers_generate,
        context=scenario_context,
        checks={"submit": online_submissions_check},
    )
)

BENCH_SCENARIOS.register(
    Scenario(
        "queue50",
        "/staff/ho-so/?hang=tat-ca",
        headers={"Cookie": DESK_COOKIES},
        about="a desk officer's queue of 50 dossiers, in a commune with 10,000",
        target=Target(min_ratio=0.6),
        floor="floor50",
    )
)
BENCH_SCENARIOS.register(
    Scenario(
        "stats",
        "/staff/ho-so/thong-ke/?tu={year}-01-01&den={year}-12-31",
        headers={"Cookie": DESK_COOKIES},
        about="the statistics page of one commune (10,000 dossiers) for a year",
        target=Target(max_p99_ms=200),
    )
)
# The lookup page before a code is typed: the public layout, the search form, no query.
BENCH_SCENARIOS.register(Scenario("lookupshell", "/tra-cuu/", about="the lookup page without a code: its shell"))
BENCH_SCENARIOS.register(
    Scenario(
        "lookup",
        "/tra-cuu/",
        lua=LOOKUP_LUA,
        about="a citizen looks up a random dossier of a million by its code",
        target=Target(min_ratio=0.7, max_p99_ms=30),
    )
)
# A citizen sends a dossier online: the form's CSRF token and cookie, the applicant, the consent and one small
# PDF (multipart), checked by content, stored, numbered with a reference, a session for the PIN.
BENCH_SCENARIOS.register(
    Scenario(
        "submit",
        "/xa/{submit_slug}/nop-ho-so/{submit_procedure}/",
        method="POST",
        headers={"Content-Type": "{submit_content_type}", "Cookie": "csrftoken={csrf_cookie}"},
        body="{submit_body}",
        about="a citizen submits a dossier online with one small upload (PDF) and the consent",
        target=Target(min_ratio=0.25),
        floor="floorsubmit",
    )
)
