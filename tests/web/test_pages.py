from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import make_department, make_staff
from vidan.audit.models import AuditEntry
from vidan.notify.services import staff_notice_send
from vidan.org.models import Role


def test_public_commune_home_shows_the_model_contact_and_hours(commune):
    response = Client().get(f"/xa/{commune.slug}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Chính quyền thân thiện, vì nhân dân phục vụ" in text
    assert "Giờ tiếp dân" in text
    assert text.count('class="card area"') == 5


def test_single_commune_site_opens_on_its_home(commune):
    response = Client().get("/")
    assert response["Location"] == f"/xa/{commune.slug}/"


def test_commune_list_searches_without_accents(commune, other_commune):
    response = Client().get("/", {"q": "lam hoa"})
    text = response.content.decode()
    assert "Lâm Hóa" in text and "Thuận Hóa" not in text


def test_the_front_page_leads_to_what_needs_no_commune(commune, other_commune):
    # Given a site of several communes, the front page lists them and leads to the lookup and the catalogue
    text = Client().get("/").content.decode()
    assert 'href="/tra-cuu/"' in text and 'href="/thu-tuc/"' in text
    assert "Tra cứu hồ sơ" in text


def test_every_page_names_the_sites_icon(commune):
    text = Client().get(f"/xa/{commune.slug}/").content.decode()
    icon = text.split('<link rel="icon" href="')[1].split('"')[0]
    assert icon.endswith("favicon.svg")
    response = Client().get(icon)
    assert response.status_code == 200 and b"<svg" in b"".join(response.streaming_content)


def test_unknown_commune_is_a_vietnamese_404(db):
    response = Client().get("/xa/khong-co/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_public_officials_page_lists_badges(commune, desk_officer):
    text = Client().get(f"/xa/{commune.slug}/can-bo/").content.decode()
    assert desk_officer.full_name in text and desk_officer.badge_number in text


def test_english_is_the_second_language(commune):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get(f"/xa/{commune.slug}/").content.decode()
    assert "Friendly government, serving the people" in text


def test_directory_search_ignores_accents_and_answers_htmx_with_rows_only(commune, desk_officer):
    make_staff(commune, Role.SPECIALIST, full_name="Lê Văn Đức")
    client = logged_in_client(make_staff(commune, Role.DESK_OFFICER, full_name="Phạm Minh"))
    page = client.get("/staff/people/", {"q": "duc"})
    assert "Lê Văn Đức" in page.content.decode() and "Trần Thị Hoa" not in page.content.decode()
    fragment = client.get("/staff/people/", {"q": "hoa"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Trần Thị Hoa" in fragment and "<html" not in fragment


def test_leader_sees_personal_details_and_the_view_is_audited(commune, desk_officer):
    leader = make_staff(commune, Role.LEADER)
    text = logged_in_client(leader).get(f"/staff/people/{desk_officer.id}/").content.decode()
    assert desk_officer.username in text
    assert AuditEntry.objects.filter(action="org.staff.view_personal", actor=leader).count() == 1


def test_desk_officer_sees_a_colleague_without_personal_details(commune, desk_officer):
    colleague = make_staff(commune, Role.SPECIALIST)
    text = logged_in_client(desk_officer).get(f"/staff/people/{colleague.id}/").content.decode()
    assert colleague.full_name in text and colleague.username not in text
    assert not AuditEntry.objects.filter(action="org.staff.view_personal").exists()


def test_audit_log_filters_by_action(commune):
    admin = make_staff(commune, Role.ADMIN)
    make_department(commune, name="Văn phòng – Thống kê")
    client = logged_in_client(admin)
    text = client.get("/staff/audit/", {"action": "org.department.create"}).content.decode()
    assert "Tạo bộ phận" in text and 'title="org.staff.create"' not in text
    bad = client.get("/staff/audit/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "Ngày bắt đầu sau ngày kết thúc." in bad.content.decode()


def test_notices_are_counted_and_marked_read(commune, desk_officer):
    staff_notice_send(recipient=desk_officer, commune=commune, text="Hồ sơ mới cần tiếp nhận")
    client = logged_in_client(desk_officer)
    assert 'class="count"' in client.get("/staff/").content.decode()
    assert "Hồ sơ mới cần tiếp nhận" in client.get("/staff/notices/").content.decode()
    client.post("/staff/notices/")
    assert 'class="count"' not in client.get("/staff/").content.decode()


def test_supervisor_switches_between_communes(commune, other_commune):
    import re

    from tests.factories import SYSTEM, make_commune
    from vidan.org.services import role_grant

    def heading(response):
        return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()

    # given a supervisor of both communes (the first shown is Lâm Hóa, by name) and a commune they do not serve
    supervisor = make_staff(None, Role.SUPERVISOR, unit=commune.unit.parent)
    role_grant(actor=SYSTEM, staff=supervisor, unit=other_commune.unit.parent, role=Role.SUPERVISOR)
    elsewhere = make_commune(name="Kim Hóa")
    client = logged_in_client(supervisor)
    assert heading(client.get("/staff/")) == "Xã Lâm Hóa"

    # when they switch to Thuận Hóa, the back office works there
    client.post("/staff/switch/", {"commune": commune.id, "next": "/staff/"})
    assert heading(client.get("/staff/")) == "Xã Thuận Hóa"

    # and a forged commune id is ignored
    client.post("/staff/switch/", {"commune": elsewhere.id, "next": "/staff/"})
    assert heading(client.get("/staff/")) == "Xã Thuận Hóa"


def test_admin_is_for_administrators_only_and_audits_changes(commune, desk_officer):
    from vidan.org.models import Department

    assert logged_in_client(desk_officer).get("/admin/").status_code == 302
    root = make_staff(commune, Role.ADMIN)
    type(root).objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    root.refresh_from_db()
    client = logged_in_client(root)
    assert client.get("/admin/").status_code == 200
    department = make_department(commune, name="Văn phòng")
    response = client.post(
        f"/admin/org/department/{department.pk}/change/",
        {"commune": commune.pk, "kind": "office", "name": "Văn phòng – Thống kê", "phone": ""},
    )
    assert response.status_code == 302
    assert Department.objects.get(pk=department.pk).name == "Văn phòng – Thống kê"
    entry = AuditEntry.objects.filter(action="admin.change").get()
    assert entry.data == {"fields": ["kind", "name"]}


def test_administrator_unlocks_a_locked_account_from_the_admin(commune, desk_officer):
    from datetime import timedelta

    from django.utils import timezone

    from vidan.org.models import Staff

    Staff.objects.filter(pk=desk_officer.pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    root = make_staff(commune, Role.ADMIN)
    Staff.objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    client = logged_in_client(Staff.objects.get(pk=root.pk))
    response = client.post("/admin/org/staff/", {"action": "unlock", "_selected_action": [desk_officer.pk], "index": 0})
    assert response.status_code == 302
    desk_officer.refresh_from_db()
    assert desk_officer.locked_until is None
    assert AuditEntry.objects.filter(action="auth.unlock", object_id=str(desk_officer.pk)).exists()


def test_commune_contact_changed_in_the_admin_shows_at_once(commune):
    from vidan.org.models import Staff

    assert "0232 3 999 999" not in Client().get(f"/xa/{commune.slug}/").content.decode()
    root = make_staff(commune, Role.ADMIN)
    Staff.objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    client = logged_in_client(Staff.objects.get(pk=root.pk))
    response = client.post(
        f"/admin/org/commune/{commune.pk}/change/",
        {
            "unit": commune.unit.pk,
            "slug": commune.slug,
            "agency_code": commune.agency_code,
            "address": "Thôn Tân Hóa",
            "phone": "0232 3 999 999",
            "email": "",
            "reception_hours": "",
            "model_launched_on": "",
            "model_sequence": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "0232 3 999 999" in Client().get(f"/xa/{commune.slug}/").content.decode()


def test_roles_granted_and_revoked_in_the_admin_are_audited(commune, desk_officer):
    from vidan.org.models import RoleGrant, Staff

    root = make_staff(commune, Role.ADMIN)
    Staff.objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    client = logged_in_client(Staff.objects.get(pk=root.pk))
    grant = RoleGrant.objects.get(staff=desk_officer)
    page = client.get(f"/admin/org/staff/{desk_officer.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in {"password", "photo", "last_login"}
    }
    data.update(
        {
            "grants-TOTAL_FORMS": "2",
            "grants-INITIAL_FORMS": "1",
            "grants-0-id": grant.pk,
            "grants-0-staff": desk_officer.pk,
            "grants-0-unit": commune.unit.pk,
            "grants-0-role": "desk_officer",
            "grants-0-DELETE": "on",
            "grants-1-staff": desk_officer.pk,
            "grants-1-unit": commune.unit.pk,
            "grants-1-role": "specialist",
        }
    )
    response = client.post(f"/admin/org/staff/{desk_officer.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert set(RoleGrant.objects.filter(staff=desk_officer).values_list("role", flat=True)) == {"specialist"}
    actions = list(AuditEntry.objects.filter(object_id=str(desk_officer.pk)).values_list("action", "data__role"))
    assert ("org.role.revoke", "desk_officer") in actions and ("org.role.grant", "specialist") in actions


def test_the_commune_list_is_in_vietnamese_alphabetical_order(commune, other_commune):
    # Given communes whose names start with Đ, Ư, Ơ, T with different tones
    from tests.factories import make_commune

    for name in ("Đồng Lê", "Ưng Hòa", "Ơn Thành", "Thạch Hà", "Ô Lâm", "Xuân Lộc"):
        make_commune(name=name)
    # When a visitor opens the list of communes
    text = Client().get("/").content.decode()
    # Then Đ comes after D and before E, Ô and Ơ after O, Ư after U, and tones only after the letters
    names = ["Đồng Lê", "Lâm Hóa", "Ô Lâm", "Ơn Thành", "Thạch Hà", "Thuận Hóa", "Ưng Hòa", "Xuân Lộc"]
    positions = [text.index(f"{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_the_directory_sorts_names_in_vietnamese_order(commune, desk_officer):
    # Given colleagues of one department whose names start with Đ, Ư and T
    department = desk_officer.department
    for name in ("Đỗ Văn Hùng", "Ưng Thị Mai", "Trịnh Văn An", "Dương Thị Lan"):
        make_staff(commune, Role.SPECIALIST, department=department, full_name=name)
    # When the directory is opened
    text = logged_in_client(desk_officer).get("/staff/people/").content.decode().split("<main")[1]
    # Then D comes before Đ, T before Ư
    names = ["Dương Thị Lan", "Đỗ Văn Hùng", "Trần Thị Hoa", "Trịnh Văn An", "Ưng Thị Mai"]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)
