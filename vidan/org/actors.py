"""Who is acting: the staff member (or nobody), where from, and the roles they hold in each commune."""

from dataclasses import dataclass, field
from functools import cached_property

from vidan.org.rules import roles_for


@dataclass(frozen=True)
class Actor:
    """The author of a request, a command or a scheduled task.

    `roles` maps a commune id to the roles the staff member holds there, whether granted at the commune
    itself or at a unit above it (a supervisor at a province sees every commune of the province).
    """

    staff: object | None = None
    ip: str | None = None
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    is_system: bool = False
    label_override: str = ""

    @classmethod
    def system(cls, label: str = "system") -> "Actor":
        return cls(is_system=True, label_override=label)

    @classmethod
    def anonymous(cls, ip: str | None = None) -> "Actor":
        return cls(ip=ip)

    @property
    def is_staff_member(self) -> bool:
        return self.staff is not None

    @property
    def label(self) -> str:
        if self.label_override:
            return self.label_override
        if self.staff is not None:
            return self.staff.username
        return "anonymous"

    @cached_property
    def commune_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    def roles_in(self, commune_id: int) -> frozenset[str]:
        return self.roles.get(commune_id, frozenset())

    def can(self, permission: str, commune_id: int) -> bool:
        if self.is_system:
            return True
        return bool(self.roles_in(commune_id) & roles_for(permission))

    def communes_where(self, permission: str) -> frozenset[int]:
        allowed = roles_for(permission)
        return frozenset(cid for cid, roles in self.roles.items() if roles & allowed)

    @property
    def all_roles(self) -> frozenset[str]:
        return frozenset().union(*self.roles.values()) if self.roles else frozenset()
