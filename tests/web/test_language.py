"""A visitor switches the site's language: the form needs no CSRF token, the page comes back in the new
language, and the headers cached per language follow."""

import re

from django.test import Client

from tests.conftest import logged_in_client

SWITCH = "/i18n/setlang/"


def language_form(html: str) -> str:
    return re.search(r'<form class="language".*?</form>', html, flags=re.S).group(0)


def test_switching_returns_to_the_page_in_english_without_a_csrf_token(db):
    client = Client(enforce_csrf_checks=True)  # as a browser: no token, no check skipped
    page = "/tra-cuu/?ma=000.25.31.H44-260312-9999"
    assert "Tra cứu hồ sơ" in client.get(page).content.decode()

    response = client.post(SWITCH, {"language": "en"}, headers={"referer": f"http://testserver{page}"})

    assert response.status_code == 302 and response["Location"] == f"http://testserver{page}"
    text = client.get(response["Location"]).content.decode()
    assert "<h1>Look up a dossier</h1>" in text and "No dossier has this code" in text
    assert "Friendly government, serving the people" in text  # the header, cached per language
    assert '<option value="en" selected>English</option>' in language_form(text)

    client.post(SWITCH, {"language": "vi"}, headers={"referer": f"http://testserver{page}"})
    text = client.get(page).content.decode()
    assert "<h1>Tra cứu hồ sơ</h1>" in text and "Chính quyền thân thiện, vì nhân dân phục vụ" in text


def test_a_commune_s_menu_follows_the_language(commune):
    client = Client()
    home = f"/xa/{commune.slug}/"
    assert "Ủy ban nhân dân" in client.get(home).content.decode()
    client.post(SWITCH, {"language": "en"}, headers={"referer": f"http://testserver{home}"})
    text = client.get(home).content.decode()
    assert "People's Committee of" in text
    assert f'<li><a href="{home}">Home</a></li>' in text


def test_a_referer_from_another_site_or_none_leads_home(db):
    client = Client()
    foreign = client.post(SWITCH, {"language": "en"}, headers={"referer": "https://example.com/tra-cuu/"})
    assert foreign.status_code == 302 and foreign["Location"] == "/"
    assert client.cookies["django_language"].value == "en"  # the language still changes
    assert Client().post(SWITCH, {"language": "en"})["Location"] == "/"


def test_a_get_changes_nothing(db):
    client = Client()
    client.get(SWITCH, {"language": "en"}, headers={"referer": "http://testserver/tra-cuu/"})
    assert "django_language" not in client.cookies
    assert "Tra cứu hồ sơ" in client.get("/tra-cuu/").content.decode()


def test_the_form_carries_nothing_of_the_visitor_and_works_without_javascript(db):
    first = language_form(Client().get("/tra-cuu/").content.decode())
    second = language_form(Client().get("/tra-cuu/").content.decode())
    assert first == second
    assert 'action="/i18n/setlang/" method="post"' in first and 'type="submit"' in first
    assert "csrfmiddlewaretoken" not in first and 'name="next"' not in first
    assert '<option value="vi" selected>Tiếng Việt</option>' in first


def test_the_staff_pages_keep_the_same_form(desk_officer):
    login = language_form(Client().get("/staff/login/").content.decode())
    assert 'action="/i18n/setlang/"' in login and "csrfmiddlewaretoken" not in login
    staff = logged_in_client(desk_officer)
    page = "/staff/notices/"
    assert 'action="/i18n/setlang/"' in language_form(staff.get(page).content.decode())
    response = staff.post(SWITCH, {"language": "en"}, headers={"referer": f"http://testserver{page}"})
    assert response["Location"] == f"http://testserver{page}"
    assert '<option value="en" selected>English</option>' in language_form(staff.get(page).content.decode())


def test_the_english_pages_name_the_commune_as_english_does(commune):
    # Given a visitor who reads English
    from html import unescape

    from django.test import Client

    text = unescape(Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/xa/{commune.slug}/").content.decode())
    # Then the header, the footer and the lead say "Thuận Hóa commune", never "of xã"
    header = text.split('class="brand"')[1].split("</a>")[0]
    assert "People's Committee of" in header and "<strong>Thuận Hóa commune</strong>" in header
    assert "People's Committee of Thuận Hóa commune" in text.split('class="site-footer"')[1]
    assert "of xã" not in text and "Xã Thuận Hóa" not in text
    # while Vietnamese keeps its own order
    vietnamese = Client().get(f"/xa/{commune.slug}/").content.decode()
    assert "Ủy ban nhân dân xã</span>" in vietnamese and "<strong>Thuận Hóa</strong>" in vietnamese
    assert "Ủy ban nhân dân xã Thuận Hóa" in vietnamese
