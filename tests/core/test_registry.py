"""Registries: a module registers what it adds once, in its own folder; reading finds every installed app's."""

from dataclasses import dataclass

import pytest

from vidan.core.menus import STAFF_MENU
from vidan.core.registry import Registry
from vidan.core.tick import TICK_JOBS
from vidan.org.rules import PERMISSIONS, roles_for


@dataclass(frozen=True)
class Item:
    name: str
    order: int = 0


def test_items_are_read_in_their_order_then_in_registration_order():
    registry = Registry("items", key=lambda item: item.name, sort_key=lambda item: item.order)
    for item in (Item("b", 2), Item("a", 1), Item("c", 1)):
        registry.register(item)
    assert [item.name for item in registry.all()] == ["a", "c", "b"]
    assert registry.get("c") == Item("c", 1) and "b" in registry and "z" not in registry


def test_two_items_under_one_name_are_refused_and_an_unknown_name_is_an_error():
    registry = Registry("items", key=lambda item: item.name)
    registry.register(Item("a"))
    registry.register(Item("a"))  # the same module imported twice registers the same item: harmless
    with pytest.raises(ValueError, match="Two items are registered as 'a'"):
        registry.register(Item("a", 5))
    with pytest.raises(LookupError, match="No items is registered as 'z'"):
        registry.get("z")


def test_every_installed_module_has_registered_its_own():
    # The organisation's permissions and the one-stop desk's, each from its own rules.py
    assert {"audit.view", "calendar.manage", "dossier.receive"} <= {p.name for p in PERMISSIONS}
    assert roles_for("dossier.approve") == frozenset({"leader"})
    with pytest.raises(LookupError):
        roles_for("dossier.fly")
    # The sidebar in the order the modules gave, the overview first
    assert [entry.url_name for entry in STAFF_MENU][:3] == [
        "web:staff-home",
        "onestop:desk-queue",
        "onestop:desk-receive",
    ]
    # Tick jobs that queue messages run before the outbox sends them
    names = [job.name for job in TICK_JOBS]
    assert names.index("onestop.apology_reminders") < names.index("outbox.send") < names.index("sessions.clear_expired")
