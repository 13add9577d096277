"""What an officer's browser sees of the statistics with a read replica that lags: run by test_replica.py in a
process of its own with production settings (DEBUG off, DATABASE_URL the primary, REPLICA_DATABASE_URL its
streaming replica), printing what it saw as JSON on its last line.

`python -m tests.config.replica_scenario`
"""

import json
import time

import django
import time_machine

from tests.clock import WORKING_MORNING, steady

PAGE = "/staff/ho-so/thong-ke/"
PERIOD = {"tu": "01/03/2026", "den": "31/03/2026"}


def total_on_page(client) -> int:
    """The page's figure 'total' of the whole commune, and whether it was answered at all."""
    response = client.get(PAGE, PERIOD)
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    by_department = page[page.index('id="by-department"') : page.index('id="by-procedure"')]
    total_row = by_department[by_department.index('class="total"') :].split("</tr>")[0]
    return int(total_row.split("<td>")[1].split("<")[0])


def replica_caught_up(connections) -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    for _ in range(200):
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise RuntimeError("the replica did not catch up in 10 s")


def replay(connections, *, paused: bool) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")


def main() -> dict:
    django.setup()
    from django.core.management import call_command
    from django.db import connections, transaction

    from tests.conftest import logged_in_client
    from tests.factories import make_commune, make_department, make_staff
    from tests.onestop.factories import load_catalogue, received
    from vidan.core.replica import PIN_COOKIE, replica_reads
    from vidan.onestop.models import Dossier
    from vidan.org.models import Role

    call_command("migrate", verbosity=0)
    seen = {}
    # Given a commune with one dossier received, its leader logged in, and the replica up to date
    load_catalogue()
    commune = make_commune(name="Thuận Hóa")
    desk = make_staff(commune, Role.DESK_OFFICER, department=make_department(commune))
    received(desk, commune)
    leader = make_staff(commune, Role.LEADER, full_name="Phạm Văn Minh")
    browser = logged_in_client(leader)
    replica_caught_up(connections)
    seen["up_to_date"] = total_on_page(browser)
    # When the replica stops replaying and the desk receives a second dossier on the primary
    replay(connections, paused=True)
    received(desk, commune, name="Lê Văn Tám")
    # Then the statistics, read from the replica, still count one
    seen["replica_behind"] = total_on_page(browser)
    seen["replica_rows"] = Dossier.objects.using("replica").count()
    seen["primary_rows"] = Dossier.objects.count()
    # And a browser that has just sent a form (here the language) reads from the primary for REPLICA_PIN_SECONDS
    response = browser.post("/i18n/setlang/", {"language": "vi", "next": PAGE})
    seen["pin_cookie_max_age"] = response.cookies[PIN_COOKIE]["max-age"]
    seen["after_a_post"] = total_on_page(browser)
    seen["other_browser"] = total_on_page(logged_in_client(leader))
    # And back to the replica once the pin has run out
    time.sleep(2.5)
    seen["pin_run_out"] = total_on_page(browser)
    # And inside a transaction on the primary, what the replica would have read comes from the primary
    with replica_reads():
        seen["outside_a_transaction"] = Dossier.objects.count()
        with transaction.atomic():
            seen["inside_a_transaction"] = Dossier.objects.count()
    # When the replica replays again, it counts two
    replay(connections, paused=False)
    replica_caught_up(connections)
    seen["replica_again"] = total_on_page(browser)
    return seen


if __name__ == "__main__":
    # A weekday morning, for the desk to receive at: the scenario never depends on the day it runs.
    with time_machine.travel(steady(WORKING_MORNING), tick=True):
        print(json.dumps(main()))
