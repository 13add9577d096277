"""Every action the code records has a label a leader can read; the log page shows labels and links."""

import ast
from pathlib import Path

import vidan
from tests.conftest import logged_in_client
from tests.factories import SYSTEM, make_department, make_staff
from vidan.audit.actions import AUDIT_ACTIONS, audit_action_label, audit_object_url
from vidan.audit.models import AuditEntry
from vidan.audit.services import audit_record
from vidan.onestop.lifecycle import CITIZEN_TRANSITIONS, TRANSITIONS
from vidan.org.models import Role

SOURCE = Path(vidan.__file__).parent


def _strings(node: ast.expr) -> list[str]:
    """The codes an `action=` argument can take: a literal, or either side of `a if … else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def recorded_actions() -> tuple[set[str], set[str]]:
    """Every literal code given as `action=` to a call in vidan/ that looks like an audit code (has a dot), and
    the prefixes of the codes built with an f-string (`f"onestop.dossier.{action}"`)."""
    codes, prefixes = set(), set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                codes.update(code for code in _strings(keyword.value) if "." in code)
                if isinstance(keyword.value, ast.JoinedStr) and isinstance(keyword.value.values[0], ast.Constant):
                    prefixes.add(keyword.value.values[0].value)
    return codes, prefixes


def dossier_steps_recorded() -> set[str]:
    """The steps of a dossier the code records: the transition tables' and those named where they are taken."""
    steps = set(TRANSITIONS) | set(CITIZEN_TRANSITIONS)
    for path in (SOURCE / "onestop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "dossier_event_record":
                steps.update(_strings(node.args[2]) if len(node.args) > 2 else [])
    return steps


def test_every_action_the_code_records_has_a_label():
    codes, prefixes = recorded_actions()
    assert {"auth.login", "onestop.dossier.paper", "workdays.override.add"} <= codes  # the scan finds them
    assert prefixes == {"onestop.dossier."}
    codes |= {f"onestop.dossier.{step}" for step in dossier_steps_recorded()}

    unlabelled = sorted(code for code in codes if code not in AUDIT_ACTIONS)

    assert not unlabelled, f"audit actions without a label (add them to <app>/audit_actions.py): {unlabelled}"


def test_labels_are_vietnamese_and_unknown_codes_have_none():
    assert audit_action_label("onestop.dossier.paper") == "Tải phiếu của hồ sơ"
    assert audit_action_label("onestop.dossier.receive") == "Hồ sơ: Đã tiếp nhận"
    assert audit_action_label("onestop.dossier.teleport") is None
    assert audit_object_url("onestop.dossier", "66") == "/staff/ho-so/66/"
    assert audit_object_url("onestop.dossier", "not-a-number") is None
    assert audit_object_url("org.commune", "1") is None


def test_the_log_shows_labels_and_links_and_old_codes_as_written(commune):
    # given a leader, a colleague whose details they opened, and an entry of a code no module knows any more
    leader = make_staff(commune, Role.LEADER)
    colleague = make_staff(commune, Role.SPECIALIST)
    client = logged_in_client(leader)
    client.get(f"/staff/people/{colleague.id}/")
    audit_record(actor=SYSTEM, action="onestop.dossier.teleport", commune=commune)

    # when the leader opens the audit log
    text = client.get("/staff/audit/").content.decode()

    # then actions are named in Vietnamese, the colleague's card is linked, and the old code is still there
    assert "Xem thông tin cá nhân của cán bộ" in text
    assert "<code>org.staff.view_personal</code>" not in text
    assert f'<a href="/staff/people/{colleague.id}/">Cán bộ {colleague.id}</a>' in text
    assert "<code>onestop.dossier.teleport</code>" in text


def test_the_action_filter_is_a_list_of_labels_and_keeps_only_that_action(commune):
    admin = make_staff(commune, Role.ADMIN)
    make_department(commune, name="Văn phòng – Thống kê")
    client = logged_in_client(admin)
    audit_record(actor=SYSTEM, action="auth.login_failed", commune=commune)
    audit_record(actor=SYSTEM, action="auth.login", commune=commune)

    page = client.get("/staff/audit/", {"action": "auth.login"})
    text = page.content.decode()

    assert '<select name="action"' in text and '<option value="auth.login" selected>Đăng nhập</option>' in text
    shown = {row["entry"].action for row in page.context["rows"]}
    assert shown == {"auth.login"}  # not auth.login_failed, which starts the same


def test_an_action_not_in_the_list_is_refused_with_a_message(commune):
    client = logged_in_client(make_staff(commune, Role.ADMIN))

    page = client.get("/staff/audit/", {"action": "org.department"})

    assert page.status_code == 200
    assert "không phải là một trong các lựa chọn" in page.content.decode()
    assert len(page.context["rows"]) == AuditEntry.objects.filter(commune=commune).count()  # the log, unfiltered
