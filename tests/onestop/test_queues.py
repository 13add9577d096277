"""The queues of the desk's back office: which dossiers each tab holds, search, filters, paging, speed."""

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_commune, make_staff
from tests.onestop.factories import received
from vidan.onestop.models import Dossier, DossierStatus
from vidan.onestop.queues import QUEUE_COUNTS_TTL, queue_counts_key, standing_badge
from vidan.onestop.services import dossier_transition
from vidan.org.models import Role
from vidan.workdays import Standing

QUEUE = "/staff/ho-so/"


def shown(message: str) -> str:
    """A message as the page shows it: in the active language, HTML-escaped."""
    return escape(gettext(message))


def names_in(client, **params) -> set[str]:
    """The applicants listed on a queue page (the rows' first lines)."""
    text = client.get(QUEUE, params).content.decode()
    rows = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return {name for name in NAMES if name in rows}


NAMES = (
    "Nguyễn Thị Lan",
    "Trần Văn Hùng",
    "Lê Thị Mai",
    "Phạm Văn Đức",
    "Hoàng Thị Hạnh",
    "Vũ Văn Nam",
    "Đặng Thị Thu",
    "Bùi Văn Sơn",
)


@pytest.fixture
def spread(catalogue, desk_officer, specialist, commune):
    """One dossier in each situation a queue is about."""
    now = timezone.now()
    d = {name: received(desk_officer, commune, name=name, phone=f"0912 000 00{i}") for i, name in enumerate(NAMES)}
    mine = d["Nguyễn Thị Lan"]  # assigned to the specialist, due in three working days
    dossier_transition(
        actor=actor_of(desk_officer), dossier=mine, action="assign", expected_status="received", assignee=specialist
    )
    Dossier.objects.filter(pk=d["Trần Văn Hùng"].pk).update(due_at=now + timedelta(hours=1))  # due soon
    Dossier.objects.filter(pk=d["Lê Thị Mai"].pk).update(due_at=now - timedelta(days=3))  # late
    Dossier.objects.filter(pk=d["Phạm Văn Đức"].pk).update(status=DossierStatus.SUBMITTED, code=None, due_at=None)
    Dossier.objects.filter(pk=d["Hoàng Thị Hạnh"].pk).update(status=DossierStatus.RESULT_READY, finished_at=now)
    Dossier.objects.filter(pk=d["Vũ Văn Nam"].pk).update(status=DossierStatus.WAITING_CITIZEN, paused_since=now)
    Dossier.objects.filter(pk=d["Đặng Thị Thu"].pk).update(status=DossierStatus.FOR_APPROVAL, assignee=specialist)
    Dossier.objects.filter(pk=d["Bùi Văn Sơn"].pk).update(status=DossierStatus.RETURNED, returned_at=now)
    return d


@pytest.mark.clock
def test_each_queue_shows_its_dossiers(spread, desk_officer, specialist):
    desk = logged_in_client(desk_officer)
    assert names_in(desk, hang="tiep-nhan") == {"Phạm Văn Đức"}
    assert names_in(desk, hang="tra-ket-qua") == {"Hoàng Thị Hạnh"}
    assert names_in(desk, hang="sap-den-han") == {"Trần Văn Hùng"}
    assert names_in(desk, hang="tre-han") == {"Lê Thị Mai"}
    assert names_in(desk, hang="cho-cong-dan") == {"Vũ Văn Nam"}
    assert names_in(desk, hang="cho-duyet") == {"Đặng Thị Thu"}
    assert names_in(desk, hang="tat-ca") == set(NAMES)
    # "Mine" is the specialist's unfinished work, not the desk officer's
    assert names_in(desk, hang="cua-toi") == set()
    assert names_in(logged_in_client(specialist), hang="cua-toi") == {"Nguyễn Thị Lan", "Đặng Thị Thu"}


@pytest.mark.clock
def test_rows_say_late_and_due_soon_in_words_with_dates(spread, desk_officer):
    desk = logged_in_client(desk_officer)

    late = desk.get(QUEUE, {"hang": "tre-han"}).content.decode()
    assert '<span class="badge late">Quá hạn</span>' in late
    due = timezone.localtime(Dossier.objects.get(applicant_name="Lê Thị Mai").due_at)
    assert due.strftime("%d/%m/%Y %H:%M") in late

    soon = desk.get(QUEUE, {"hang": "sap-den-han"}).content.decode()
    assert f'<span class="badge soon">{shown("Due soon")}</span>' in soon


def test_each_officer_starts_from_their_own_queue(spread, desk_officer, specialist, commune):
    assert names_in(logged_in_client(desk_officer)) == {"Phạm Văn Đức"}
    assert names_in(logged_in_client(specialist)) == {"Nguyễn Thị Lan", "Đặng Thị Thu"}
    assert names_in(logged_in_client(make_staff(commune, Role.LEADER))) == {"Đặng Thị Thu"}


def test_search_ignores_accents_and_finds_codes_and_phones(spread, desk_officer):
    desk = logged_in_client(desk_officer)
    lan = spread["Nguyễn Thị Lan"]

    assert names_in(desk, hang="tat-ca", q="lan") == {"Nguyễn Thị Lan"}
    assert names_in(desk, hang="tat-ca", q="nguyen lan") == {"Nguyễn Thị Lan"}
    assert names_in(desk, hang="tat-ca", q="duc") == {"Phạm Văn Đức"}  # "d" finds "đ"
    assert names_in(desk, hang="tat-ca", q=lan.code) == {"Nguyễn Thị Lan"}
    assert names_in(desk, hang="tat-ca", q=lan.code[-9:]) == {"Nguyễn Thị Lan"}
    assert names_in(desk, hang="tat-ca", q="0912.000.002") == {"Lê Thị Mai"}
    # A search without a tab looks through all dossiers
    assert names_in(desk, q="hung") == {"Trần Văn Hùng"}


@pytest.mark.clock
def test_filters_narrow_the_queue(spread, desk_officer, commune):
    desk = logged_in_client(desk_officer)
    police = received(desk_officer, commune, name="Trịnh Văn Cảnh", code="CT-04")
    today = timezone.localdate()

    assert "Trịnh Văn Cảnh" in desk.get(QUEUE, {"hang": "tat-ca", "department_kind": "police"}).content.decode()
    assert names_in(desk, hang="tat-ca", department_kind="police") == set()
    assert names_in(desk, hang="tat-ca", procedure=police.procedure_id) == set()
    assert names_in(desk, hang="tat-ca", status="waiting_citizen") == {"Vũ Văn Nam"}
    in_range = {"hang": "tat-ca", "received_from": f"{today:%Y-%m-%d}", "received_to": f"{today:%Y-%m-%d}"}
    assert names_in(desk, **in_range) == set(NAMES)
    yesterday = today - timedelta(days=1)
    assert names_in(desk, hang="tat-ca", received_to=f"{yesterday:%Y-%m-%d}") == set()
    # A date that does not parse is reported, and the other filters still apply
    text = desk.get(QUEUE, {"hang": "tat-ca", "received_from": "hôm qua"}).content.decode()
    assert shown("Enter the day as dd/mm/yyyy, for example 13/02/2026.") in text


def test_paging_fifty_a_page_and_htmx_gets_the_rows_alone(catalogue, desk_officer, commune):
    first = received(desk_officer, commune, name="Người Đầu Tiên")
    for n in range(51):
        received(desk_officer, commune, name=f"Công Dân {n}")
    desk = logged_in_client(desk_officer)

    page_one = desk.get(QUEUE, {"hang": "tat-ca"})
    assert "HX-Request" in page_one["Vary"]
    text = page_one.content.decode()
    assert len(re.findall(r'href="/staff/ho-so/\d+/"', text)) == 50
    assert "Người Đầu Tiên" not in text  # newest first: the first one received is on page 2

    fragment = desk.get(QUEUE, {"hang": "tat-ca", "page": 2}, HTTP_HX_REQUEST="true")
    assert "HX-Request" in fragment["Vary"]
    text = fragment.content.decode()
    assert "<html" not in text and first.code in text and "Người Đầu Tiên" in text
    assert len(re.findall(r'href="/staff/ho-so/\d+/"', text)) == 2
    assert 'hx-get="/staff/ho-so/?hang=tat-ca&amp;page=1"' in text


def queries(client, url, params=None, **headers) -> int:
    """The queries of one request made with every cache empty, so that counts compare whatever was asked before."""
    for each in caches.all():
        each.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {}, **headers)
    assert response.status_code == 200
    return len(captured)


def grow(desk, specialist, commune, n):
    """n more dossiers, each with an assignee, some late, some due soon."""
    now = timezone.now()
    for i in range(n):
        dossier = received(desk, commune, name=f"Công Dân {i}")
        due = now - timedelta(days=2) if i % 3 == 0 else now + timedelta(hours=2) if i % 3 == 1 else dossier.due_at
        Dossier.objects.filter(pk=dossier.pk).update(assignee=specialist, status=DossierStatus.ASSIGNED, due_at=due)


def test_a_queue_page_runs_the_same_queries_for_3_and_60_dossiers(catalogue, desk_officer, specialist, commune):
    leader = make_staff(commune, Role.LEADER)
    clients = {"desk": logged_in_client(desk_officer), "specialist": logged_in_client(specialist)}
    clients["leader"] = logged_in_client(leader)
    pages = [
        ("desk", {"hang": "tat-ca"}),
        ("desk", {"hang": "tre-han"}),
        ("desk", {"hang": "sap-den-han", "q": "cong dan"}),
        ("specialist", {"hang": "cua-toi"}),
        ("leader", {"hang": "tat-ca", "department_kind": "justice", "q": "0912"}),
    ]
    queries(clients["desk"], QUEUE)  # the calendar is loaded once per process

    grow(desk_officer, specialist, commune, 3)
    few = [queries(clients[who], QUEUE, params) for who, params in pages]
    few_fragment = queries(clients["desk"], QUEUE, {"hang": "tat-ca", "page": 1}, HTTP_HX_REQUEST="true")

    grow(desk_officer, specialist, commune, 57)
    many = [queries(clients[who], QUEUE, params) for who, params in pages]
    assert many == few
    assert queries(clients["desk"], QUEUE, {"hang": "tat-ca", "page": 1}, HTTP_HX_REQUEST="true") == few_fragment


def test_a_dossier_page_runs_the_same_queries_whatever_its_history(catalogue, desk_officer, specialist, commune):
    short, long = received(desk_officer, commune, name="Ngắn"), received(desk_officer, commune, name="Dài")
    for dossier in (short, long):
        dossier_transition(
            actor=actor_of(desk_officer), dossier=dossier, action="assign", expected_status="received",
            assignee=specialist,
        )  # fmt: skip
        dossier_transition(actor=actor_of(specialist), dossier=dossier, action="start", expected_status="assigned")
    for n in range(15):
        dossier_transition(
            actor=actor_of(specialist), dossier=long, action="consult", expected_status="processing", note=f"Ý kiến {n}"
        )
    client = logged_in_client(specialist)
    queries(client, f"/staff/ho-so/{short.pk}/")

    assert queries(client, f"/staff/ho-so/{short.pk}/") == queries(client, f"/staff/ho-so/{long.pk}/")


def test_another_communes_dossiers_never_show(spread, desk_officer):
    elsewhere = make_commune(name="Lâm Hóa")
    received(make_staff(elsewhere, Role.DESK_OFFICER), elsewhere, name="Nguyễn Thị Lan Khác")
    text = logged_in_client(desk_officer).get(QUEUE, {"hang": "tat-ca", "q": "lan"}).content.decode()
    assert "Nguyễn Thị Lan Khác" not in text and "Nguyễn Thị Lan" in text


def tab_counts(client) -> dict[str, int]:
    """The count each tab shows, by the tab's slug."""
    text = client.get(QUEUE, {"hang": "tat-ca"}).content.decode()
    return {
        slug: int(n) for slug, n in re.findall(r'\?hang=([a-z-]+)"[^>]*>[^<]*<span class="count">(\d+)</span>', text)
    }


def aggregates(client) -> int:
    """How many of a queue page's queries count the tabs (they group the commune's open dossiers)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(QUEUE, {"hang": "tat-ca"})
    return sum("GROUP BY" in query["sql"] for query in captured)


def test_tab_counts_are_cached_and_each_officer_sees_their_own(spread, desk_officer, specialist):
    desk, mine = logged_in_client(desk_officer), logged_in_client(specialist)

    # Given a page that counted the tabs
    assert aggregates(desk) == 1
    # When the same commune's queues are shown again, to anyone
    # Then the counts come from the cache, "mine" for each officer
    assert aggregates(desk) == 0 and aggregates(mine) == 0
    assert tab_counts(desk)["cua-toi"] == 0
    assert tab_counts(mine) == {
        "tiep-nhan": 1, "tra-ket-qua": 1, "cua-toi": 2, "sap-den-han": 1, "tre-han": 1, "cho-cong-dan": 1,
        "cho-duyet": 1, "tat-ca": len(NAMES),
    }  # fmt: skip


def test_a_dossier_step_drops_the_cached_counts(spread, desk_officer, specialist):
    desk, mine = logged_in_client(desk_officer), logged_in_client(specialist)
    assert tab_counts(mine)["cua-toi"] == 2  # counted, and now cached

    # When the desk hands one more dossier to the specialist
    dossier_transition(
        actor=actor_of(desk_officer),
        dossier=spread["Trần Văn Hùng"],
        action="assign",
        expected_status="received",
        assignee=specialist,
    )

    # Then the next page counts again, and shows it
    assert aggregates(desk) == 1
    assert tab_counts(mine)["cua-toi"] == 3


def test_deleting_a_dossier_drops_the_cached_counts(spread, desk_officer):
    desk = logged_in_client(desk_officer)
    assert tab_counts(desk)["tre-han"] == 1

    spread["Lê Thị Mai"].delete()

    assert tab_counts(desk)["tre-han"] == 0


def test_counts_read_while_a_step_is_being_written_are_dropped_after_its_commit(
    spread, desk_officer, commune, django_capture_on_commit_callbacks
):
    key = queue_counts_key(commune.pk)
    with django_capture_on_commit_callbacks(execute=True):
        received(desk_officer, commune, name="Người Mới")
        # Another request counts from the rows committed so far and caches what it saw
        caches["local"].set(key, {"tabs": {}, "mine": {}}, QUEUE_COUNTS_TTL)
    # After the commit, the stale counts are gone
    assert caches["local"].get(key) is None


def test_the_filters_show_what_was_asked_in_the_language_asked(spread, desk_officer):
    desk = logged_in_client(desk_officer)

    processing = desk.get(QUEUE, {"hang": "tat-ca", "status": "processing"}).content.decode()
    received_ = desk.get(QUEUE, {"hang": "tat-ca", "status": "received"}).content.decode()
    english = desk.get(QUEUE, {"hang": "tat-ca", "status": "received"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<option value="processing" selected>' in processing
    assert '<option value="received" selected>' in received_ and 'value="processing" selected' not in received_
    assert "Code, name or phone (accents optional)" in english
    assert "Code, name or phone (accents optional)" not in received_


def test_what_citizens_typed_is_escaped_in_the_rows(catalogue, desk_officer, commune):
    # The rows are written in Python, not by the template engine: every value must still be escaped
    received(desk_officer, commune, name='Lan <script>alert(1)</script> & "Hoa"')
    text = logged_in_client(desk_officer).get(QUEUE, {"hang": "tat-ca"}).content.decode()
    assert "<script>alert(1)" not in text
    assert "Lan &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Hoa&quot;" in text


def time_left_cell(text: str, name: str) -> str:
    """What the "time left" cell (the sixth) of the row of `name` holds on a queue page."""
    row = next(row for row in text.split("<tr") if name in row)
    return re.findall(r"<td[^>]*>(.*?)</td>", row)[5]


def test_a_dossiers_page_shows_the_badge_its_row_shows(spread, desk_officer):
    desk = logged_in_client(desk_officer)
    rows = desk.get(QUEUE, {"hang": "tat-ca"}).content.decode()

    for name, badge in (("Lê Thị Mai", "late"), ("Trần Văn Hùng", "soon"), ("Vũ Văn Nam", "paused")):
        # Given the time left a row of the queue shows, with its badge
        cell = time_left_cell(rows, name)
        assert f'<span class="badge {badge}">' in cell
        # When the officer opens the dossier
        page = desk.get(f"/staff/ho-so/{spread[name].pk}/").content.decode()
        # Then its head shows the same, written by the same code
        assert f" · {cell}</p>" in page
    assert re.fullmatch(r"còn \d+ ngày làm việc", time_left_cell(rows, "Nguyễn Thị Lan"))
    assert time_left_cell(rows, "Hoàng Thị Hạnh") == "—"


def standing(remaining: int) -> Standing:
    return Standing(due=timezone.now(), remaining=remaining, late=remaining < 0, due_soon=0 <= remaining <= 1)


@pytest.mark.parametrize(
    ("remaining", "paused", "english", "vietnamese"),
    [
        (-1, False, '<span class="badge late">Late</span> by 1 working day', None),
        (-3, False, '<span class="badge late">Late</span> by 3 working days', "quá 3 ngày làm việc"),
        (0, False, '<span class="badge soon">Due soon</span> due today', "đến hạn hôm nay"),
        (1, False, '<span class="badge soon">Due soon</span> 1 working day left', None),
        (5, False, "5 working days left", "còn 5 ngày làm việc"),
        (None, True, '<span class="badge paused">Paused</span> waiting for the citizen', "chờ công dân bổ sung"),
        (None, False, "—", "—"),
    ],
)
def test_the_badge_says_where_a_dossier_stands(remaining, paused, english, vietnamese):
    # Given where a dossier stands (None: its clock is not running)
    where = standing(remaining) if remaining is not None else None
    # When its badge is written, in English and in Vietnamese
    with translation.override("en"):
        badge = standing_badge(where, paused=paused)
    with translation.override("vi"):
        badge_vi = standing_badge(where, paused=paused)
    # Then it says so in words, marked safe for the templates
    assert badge == english and isinstance(badge, SafeString)
    assert vietnamese is None or badge_vi.endswith(vietnamese)


def test_a_row_shows_a_change_to_its_dossier_at_once(spread, desk_officer):
    desk = logged_in_client(desk_officer)
    lan = spread["Nguyễn Thị Lan"]
    assert "Nguyễn Thị Lan" in names_in(desk, hang="tat-ca")  # the row is written, and kept

    # When the dossier changes behind the page's back (no save, no signal)
    Dossier.objects.filter(pk=lan.pk).update(applicant_name="Nguyễn Thị Lan Anh", status=DossierStatus.FOR_APPROVAL)

    # Then its row shows it on the next page
    text = desk.get(QUEUE, {"hang": "tat-ca"}).content.decode()
    row = next(row for row in text.split("<tr") if lan.code in row)
    assert "Nguyễn Thị Lan Anh" in row and f">{escape(DossierStatus.FOR_APPROVAL.label)}</td>" in row


def test_rows_are_written_in_the_language_asked(spread, desk_officer):
    desk = logged_in_client(desk_officer)

    vietnamese = desk.get(QUEUE, {"hang": "tre-han"}).content.decode()
    english = desk.get(QUEUE, {"hang": "tre-han"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert time_left_cell(vietnamese, "Lê Thị Mai").startswith('<span class="badge late">Quá hạn</span> quá ')
    assert time_left_cell(english, "Lê Thị Mai").startswith('<span class="badge late">Late</span> by ')
