"""Domain errors. Services raise them; views and the API turn them into a message or structured JSON."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is shown to the user as it is."""

    code = "invalid"
    status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, field: str | None = None, details: dict | None = None):
        self.message = message or self.default_message
        self.field = field
        self.details = details or {}
        super().__init__(str(self.message))


class NotFound(DomainError):
    """Missing, or not visible to the actor: the two look the same on purpose."""

    code = "not_found"
    status = 404
    default_message = _("Not found, or you do not have access to it.")


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403
    default_message = _("You do not have the right to do this.")


class Conflict(DomainError):
    """The object changed since the actor last saw it (a stale or concurrent transition)."""

    code = "conflict"
    status = 409
    default_message = _("Someone else changed this in the meantime. Reload the page and try again.")


class FieldsRefused(DomainError):
    """A request refused for what one or more of its fields say. `fields` maps each field to its messages; the
    first is also the error's own `field` and `message`, for callers that show one."""

    def __init__(self, fields: dict[str, list]):
        first = next(iter(fields))
        super().__init__(fields[first][0], field=first)
        self.fields = fields


def refusal_fields(error: DomainError) -> dict[str | None, list]:
    """The messages of a refusal by the field each names (None: the request as a whole)."""
    return getattr(error, "fields", None) or {error.field: [error.message]}
