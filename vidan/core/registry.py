"""Extension points: what a module adds to the platform, declared in its own folder.

A module (an app of the `vidan` package) adds permissions, sidebar and public menu entries, tick jobs, demo
and simulation steps, benchmark scenarios, model indicators, API routers and the labels of its audit actions by
registering them in modules of its own folder — `<app>/rules.py`, `<app>/menus.py`, `<app>/tick.py`,
`<app>/demo.py`, `<app>/simulation.py`, `<app>/bench.py`, `<app>/indicators.py`, `<app>/api.py`,
`<app>/audit_actions.py`, `<app>/setup.py` (or packages of those names). The layer that uses an
extension point owns its registry and names no module: the first time a registry is read, every installed
app's registering modules are imported once. An app that is not installed is never imported, so it leaves no
trace anywhere else.
"""

import threading
from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Generic, TypeVar

from django.apps import apps
from django.utils.module_loading import module_has_submodule

# The modules an app may register from, in the order they are imported.
REGISTERING_MODULES = (
    "rules",
    "menus",
    "tick",
    "demo",
    "simulation",
    "bench",
    "indicators",
    "api",
    "audit_actions",
    "setup",
)

T = TypeVar("T")

_discovered = False
_lock = threading.RLock()


def platform_apps():
    """The installed apps of the platform itself (third-party apps register nothing)."""
    return [config for config in apps.get_app_configs() if config.name.startswith("vidan.")]


def registries_discover() -> None:
    """Import every installed platform app's registering modules, once per process."""
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        for config in platform_apps():
            for name in REGISTERING_MODULES:
                if module_has_submodule(config.module, name):
                    import_module(f"{config.name}.{name}")
        _discovered = True


class Registry(Generic[T]):
    """Items registered under a unique key, read in the order of `sort_key` (then of registration, which follows
    INSTALLED_APPS). Reading discovers the apps' registering modules first."""

    def __init__(self, what: str, *, key: Callable[[T], str], sort_key: Callable[[T], object] | None = None):
        self.what = what
        self._key = key
        self._sort_key = sort_key
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        key = self._key(item)
        if key in self._items and self._items[key] != item:
            raise ValueError(f"Two {self.what} are registered as {key!r}.")
        self._items[key] = item
        return item

    def all(self) -> list[T]:
        registries_discover()
        items = list(self._items.values())
        return sorted(items, key=self._sort_key) if self._sort_key else items

    def get(self, key: str) -> T:
        registries_discover()
        try:
            return self._items[key]
        except KeyError:
            raise LookupError(f"No {self.what} is registered as {key!r}.") from None

    def __contains__(self, key: str) -> bool:
        registries_discover()
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self.all())
