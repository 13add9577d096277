"""The back office's sidebar is cached per process: each staff member still sees their own links, the page they
are on marked, in their language."""

from tests.conftest import logged_in_client
from tests.factories import make_staff
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
