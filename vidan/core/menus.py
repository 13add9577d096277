"""What a module adds to the menus: back-office sidebar entries, links of the public site under the model's
criterion they serve, and the back office's search results. Registered in `<app>/menus.py`; the web layer
shows them (vidan/web/nav.py)."""

from dataclasses import dataclass, field

from vidan.core.registry import Registry


@dataclass(frozen=True)
class StaffMenuEntry:
    """A link of the back office's sidebar, shown to the roles holding `permission` in the current commune."""

    url_name: str  # a URL without arguments
    label: str
    permission: str
    order: int  # place in the sidebar, smallest first


@dataclass(frozen=True)
class PublicMenuEntry:
    """A link of a commune's public home page, under one of the model's five criteria."""

    area: str  # the criterion's anchor (vidan/web/areas.py): "tuyen-truyen", "thu-tuc", "dan-chu", …
    url_name: str
    label: str
    order: int
    takes_commune: bool = False  # the URL takes the commune's slug
    primary: bool = False  # shown as the criterion's main button


@dataclass(frozen=True)
class StaffSearchEntry:
    """A link that the back office's search box offers for its query: the module's own list, filtered by it."""

    url_name: str
    heading: str
    label: str  # may name the query as %(query)s
    permission: str
    params: dict[str, str] = field(default_factory=dict)  # besides the query, sent as `q`
    order: int = 50


STAFF_MENU: Registry[StaffMenuEntry] = Registry(
    "sidebar entries", key=lambda entry: entry.url_name, sort_key=lambda entry: entry.order
)
PUBLIC_MENU: Registry[PublicMenuEntry] = Registry(
    "public menu entries", key=lambda entry: entry.url_name, sort_key=lambda entry: (entry.area, entry.order)
)
STAFF_SEARCH: Registry[StaffSearchEntry] = Registry(
    "search entries", key=lambda entry: entry.url_name, sort_key=lambda entry: entry.order
)
