"""Reading the audit log."""

from django.db.models import QuerySet

from vidan.audit.models import AuditEntry


def audit_entries(
    *, commune_ids, action: str = "", action_code: str = "", actor: str = "", date_from=None, date_to=None
) -> QuerySet:
    """Entries of the given communes, newest first, with their actor and commune joined.

    `action` keeps the entries whose code starts with it (`onestop.dossier` for every step of a dossier);
    `action_code` only those of exactly that code (`auth.login`, not `auth.login_failed`)."""
    qs = AuditEntry.objects.filter(commune_id__in=commune_ids).select_related("commune__unit")
    if action:
        qs = qs.filter(action__startswith=action)
    if action_code:
        qs = qs.filter(action=action_code)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-id")
