"""The electronic result of a dossier: the file an officer attaches once the dossier is decided (the signed
certificate, the decision, the letter of refusal), checked like every upload, kept in the private storage, and
downloaded by the citizen from the lookup page once they have given the PIN.

The citizen's download goes through a signed address the lookup page gives after a right PIN: it names the
dossier and the file, expires after RESULT_LINK_TTL, and is refused for any other file.
"""

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.core.errors import Conflict, PermissionDenied
from vidan.core.rows import row_insert
from vidan.core.uploads import CheckedFile
from vidan.onestop.models import Dossier, DossierFile
from vidan.onestop.models import DossierStatus as S
from vidan.onestop.online import _FilesUndone
from vidan.onestop.services import dossier_event_record
from vidan.org.actors import Actor

# A result exists once the dossier is decided, and stays attachable until it is handed over and after (a copy
# sent later, a corrected scan).
RESULT_STATUSES = frozenset({S.APPROVED, S.REJECTED, S.RESULT_READY, S.RETURNED})
RESULT_LINK_TTL = 30 * 60  # seconds: long enough to download, short enough that a shared link soon dies
_SALT = "vidan.onestop.result"


def dossier_result_attach(*, actor: Actor, dossier: Dossier, checked: CheckedFile) -> DossierFile:
    """Attach a checked file as the dossier's electronic result; the event and the audit entry name it."""
    if not actor.can("dossier.result", dossier.commune_id):
        raise PermissionDenied()
    with _FilesUndone() as written:
        row = DossierFile(
            commune_id=dossier.commune_id,
            document_name=dossier.procedure.name,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_at=timezone.now(),
            is_result=True,
        )
        row.file.save(checked.name, checked.upload, save=False)  # before the lock: the disk is slow
        written.append(row.file.name)
        with transaction.atomic():
            locked = Dossier.objects.select_for_update(of=("self",)).select_related("commune").get(pk=dossier.pk)
            if locked.status not in RESULT_STATUSES:
                raise Conflict(
                    _("This dossier is “%(status)s”: a result can be attached once it is approved or rejected.")
                    % {"status": locked.get_status_display()}
                )
            row.dossier = locked
            row.full_clean(exclude=["dossier", "commune", "file"])
            row_insert(row)
            dossier_event_record(
                locked, actor, "attach_result", locked.status, file=row.pk, sha256=row.sha256, name=row.name
            )
    return row


def dossier_results(dossier: Dossier) -> list[DossierFile]:
    return list(DossierFile.objects.filter(dossier=dossier, is_result=True).order_by("id"))


def result_link_token(dossier: Dossier, result: DossierFile) -> str:
    return signing.dumps([dossier.pk, result.pk], salt=_SALT, compress=True)


def result_by_token(token: str) -> DossierFile | None:
    """The result a link given after a right PIN names, while it is fresh; None for anything else."""
    try:
        dossier_id, file_id = signing.loads(token, salt=_SALT, max_age=RESULT_LINK_TTL)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        DossierFile.objects.select_related("dossier", "commune")
        .filter(pk=file_id, dossier_id=dossier_id, is_result=True)
        .first()
    )
