"""The back office's sidebar and header are cached per process: each staff member still sees their own links,
name and unread notices, the page they are on marked, in their language, and a logout form that works."""

from tests.conftest import logged_in_client
from tests.factories import make_staff
from vidan.notify.services import staff_notice_send
from vidan.org.models import Role


def sidebar(client, path="/staff/") -> str:
    text = client.get(path).content.decode()
    return text[text.index('<nav class="sidebar"') : text.index("</nav>", text.index('<nav class="sidebar"'))]


def test_each_role_sees_its_own_links_from_the_same_cache(commune, desk_officer):
    leader = make_staff(commune, Role.LEADER)
    desk, lead = logged_in_client(desk_officer), logged_in_client(leader)
    assert "/staff/audit/" in sidebar(lead)
    assert "/staff/audit/" not in sidebar(desk)  # after the leader's sidebar was cached
    assert "/staff/audit/" in sidebar(lead)


def test_the_page_being_shown_is_marked_and_the_language_followed(desk_officer):
    client = logged_in_client(desk_officer)
    assert 'href="/staff/ho-so/" aria-current="page"' in sidebar(client, "/staff/ho-so/")
    assert 'href="/staff/notices/" aria-current="page"' in sidebar(client, "/staff/notices/")
    assert 'href="/staff/ho-so/" aria-current' not in sidebar(client, "/staff/notices/")
    assert "Hồ sơ" in sidebar(client, "/staff/ho-so/")
    client.cookies["django_language"] = "en"
    assert "Dossiers" in sidebar(client, "/staff/ho-so/")


def header(client, path="/staff/notices/") -> str:
    text = client.get(path).content.decode()
    return text[text.index('<header class="staff-top"') : text.index("</header>")]


def test_each_staff_member_sees_their_name_unread_count_and_search_in_the_cached_header(
    commune, desk_officer, django_capture_on_commit_callbacks
):
    other = make_staff(commune, Role.DESK_OFFICER, full_name="Phạm Văn Bình")
    desk, hoa = logged_in_client(desk_officer), logged_in_client(other)
    assert desk_officer.full_name in header(desk) and "Phạm Văn Bình" in header(hoa)
    assert desk_officer.full_name not in header(hoa)
    # a notice arrives: the count shows at once (the notices page itself marks them read, so look elsewhere)
    with django_capture_on_commit_callbacks(execute=True):
        staff_notice_send(recipient=other, commune=commune, text="Hồ sơ mới", link="")
    assert '<span class="count" aria-hidden="true">1</span>' in header(hoa, "/staff/")
    # what was searched stays in the box on the search page only
    assert 'value="Binh"' in header(hoa, "/staff/search/?q=Binh") and 'value="Binh"' not in header(hoa, "/staff/")


def test_the_logout_form_carries_a_valid_token_under_the_cached_header(desk_officer):
    from django.test import Client

    # Given the header cached by one browser of a staff member
    first = logged_in_client(desk_officer)
    first.handler.enforce_csrf_checks = True
    header(first)
    # When a second browser of the same staff member (its own CSRF cookie) gets the cached header
    second = logged_in_client(desk_officer)
    second.handler.enforce_csrf_checks = True
    top = header(second)
    token = top.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    # Then the token in it is the second browser's: its logout goes through (a token cached from the first
    # browser would be refused with 403)
    assert second.post("/staff/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert second.get("/staff/").status_code == 302 and first.get("/staff/").status_code == 200
    assert Client().get("/staff/").status_code == 302
