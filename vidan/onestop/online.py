"""Dossiers a citizen sends online: the submission, and the supplement after the desk asked for one.

A submitted dossier gets a tracking reference and a PIN at once, so the citizen can follow it and answer the
desk; the official code (whose date is the day of receipt) and the legal clock come when the desk receives it
(NĐ 61/2018 Arts. 17, 26). Files are checked by vidan.core.uploads before they reach these functions and
written to the private storage before the transaction that inserts their rows, so no lock is held while the
disk works; they are removed again if anything after fails. Submissions are limited per address, so a script
cannot bury the desk.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.core.errors import Conflict, DomainError, FieldsRefused
from vidan.core.rows import row_insert
from vidan.core.throttle import window_count
from vidan.core.uploads import CheckedFile, uploads_total_check
from vidan.notify.services import staff_notice_send
from vidan.onestop.applicant import applicant_clean
from vidan.onestop.codes import pin_new, reference_new
from vidan.onestop.fee_request import dossier_fee_work_out
from vidan.onestop.lifecycle import CITIZEN_TRANSITIONS
from vidan.onestop.models import (
    Channel,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierStatus,
    OnlineLevel,
    Procedure,
    RequiredDocument,
    ResultDelivery,
    dossier_storage,
)
from vidan.onestop.notices import citizen_notify
from vidan.onestop.services import dossier_event_record
from vidan.org.actors import Actor
from vidan.org.models import Commune

CITIZEN = "citizen"


def citizen_actor(ip: str | None) -> Actor:
    return Actor(ip=ip, label_override=CITIZEN)


def procedure_accepts_online(procedure: Procedure) -> bool:
    return procedure.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)


Files = list[tuple[RequiredDocument, CheckedFile]]


class TooManySubmissions(DomainError):
    code = "too_many_submissions"
    status = 429


def _submissions_count(ip: str | None) -> None:
    """Count a submission from this address; refuse once the hour's allowance is used (0 = no limit)."""
    allowed = settings.VIDAN_ONLINE_SUBMISSIONS_PER_HOUR
    if not allowed or not ip:
        return
    if window_count(f"vidan:online-submissions:{ip}", 3600) > allowed:
        raise TooManySubmissions(
            _(
                "Too many dossiers were sent from your connection in the last hour. "
                "Try again later, or come to the desk."
            )
        )


def _files_write(commune_id: int, files: Files, round_: int, written: list[str]) -> list[DossierFile]:
    """Write the files to the private storage, before any transaction (no lock is held while the disk
    works); return their rows, unsaved, for the transaction to insert. The storage names go into `written`
    for the caller to remove if anything fails after."""
    rows, now = [], timezone.now()
    for document, checked in files:
        row = DossierFile(
            commune_id=commune_id,
            document=document,
            document_name=document.name,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            round=round_,
            uploaded_at=now,
        )
        row.file.save(checked.name, checked.upload, save=False)
        written.append(row.file.name)
        rows.append(row)
    return rows


def _files_insert(dossier: Dossier, rows: list[DossierFile]) -> int:
    for row in rows:
        row.dossier = dossier
        row_insert(row)
    return len(rows)


class _FilesUndone:
    """Around the writing of files and of the rows that name them: if anything fails, the files go."""

    def __init__(self):
        self.written: list[str] = []

    def __enter__(self):
        return self.written

    def __exit__(self, kind, error, traceback):
        if kind is not None:
            storage = dossier_storage()
            for name in self.written:
                storage.delete(name)
        return False


# A new reference clashes with one already given (1 in 244 million a day) so rarely that the whole submission
# is written again with another, rather than each one paying for a savepoint around the dossier's insert.
REFERENCE_DRAWS = 5


def _submission_write(dossier: Dossier, rows: list[DossierFile], actor: Actor) -> None:
    """The dossier under a fresh reference, its files, the event and its audit entry, the message to the
    citizen: one transaction, written again under another reference if the one drawn is taken."""
    day = timezone.localdate(dossier.submitted_at)
    for _draw in range(REFERENCE_DRAWS):
        dossier.reference = reference_new(day)
        try:
            with transaction.atomic():
                row_insert(dossier)
                count = _files_insert(dossier, rows)
                citizen_notify(dossier, "submitted")
                dossier_event_record(dossier, actor, "submit", "", procedure=dossier.procedure.code, files=count)
            return
        except IntegrityError:
            if not Dossier.objects.filter(reference=dossier.reference).exists():
                raise  # another constraint: not the reference's to retry
            dossier.pk, dossier._state.adding = None, True
            for row in rows:
                row.pk, row._state.adding = None, True
    raise RuntimeError(f"no free tracking reference after {REFERENCE_DRAWS} draws")


def dossier_submit_online(
    *,
    commune: Commune,
    procedure: Procedure,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    result_delivery: str = ResultDelivery.DESK,
    files: Files,
    consent: bool,
    ip: str | None = None,
    fee_pages: int | str | None = None,
    fee_copies: int | str | None = None,
) -> tuple[Dossier, str]:
    """A dossier sent by a citizen: with its tracking reference and a PIN, waiting for the desk's check.
    Returns the dossier and the PIN. The consent and the applicant's particulars (cleaned as every door cleans
    them, vidan.onestop.applicant) are refused together, field by field."""
    if not procedure_accepts_online(procedure):
        raise DomainError(_("This procedure is done at the one-stop desk only; it cannot be submitted online."))
    errors: dict[str, list] = {}
    if not consent:
        errors["consent"] = [
            _("Tick the box to agree to the use of your personal data for this dossier; without it we cannot take it.")
        ]
    try:
        applicant = applicant_clean(
            channel=Channel.ONLINE,
            name=applicant_name,
            phone=applicant_phone,
            email=applicant_email,
            address=applicant_address,
            result_delivery=result_delivery,
        )
    except FieldsRefused as refused:
        errors.update(refused.fields)
    # The online fee where the catalogue has one (TT 75/2022 for residence).
    try:
        fee = dossier_fee_work_out(procedure, online=True, pages=fee_pages, copies=fee_copies)
    except FieldsRefused as refused:
        errors.update({f"fee_{name}": messages for name, messages in refused.fields.items()})
    if errors:
        raise FieldsRefused(errors)
    given = {document.pk for document, _checked in files}
    missing = [d.name for d in procedure.documents.all() if d.required and d.upload_accepted and d.pk not in given]
    if missing:
        raise DomainError(
            _("Upload the required documents: %(names)s.") % {"names": "; ".join(missing)}, field="documents"
        )
    uploads_total_check([checked for _document, checked in files])
    _submissions_count(ip)
    now = timezone.now()
    pin, pin_hash = pin_new()
    dossier = Dossier(
        commune=commune,
        procedure=procedure,
        pin_hash=pin_hash,
        channel=Channel.ONLINE,
        status=DossierStatus.SUBMITTED,
        **applicant.columns(),
        working_days=procedure.time_limit_days,
        submitted_at=now,
        consent_at=now,
        **fee.columns(),
    )
    dossier.full_clean(exclude=["commune", "procedure", "assignee", "received_by", "reference"])
    with _FilesUndone() as written:
        rows = _files_write(commune.pk, files, 0, written)
        # Only the rows are written under the database's lock.
        _submission_write(dossier, rows, citizen_actor(ip))
    return dossier, pin


def dossier_supplement_online(
    *,
    dossier: Dossier,
    files: Files,
    note: str = "",
    ip: str | None = None,
) -> Dossier:
    """The citizen sends what the desk asked for; the dossier goes back to the desk's check.

    The caller has checked the PIN. The officer who asked for the supplement is told.
    """
    transition = CITIZEN_TRANSITIONS["supplement"]
    note = (note or "").strip()
    if not files and not note:
        raise DomainError(_("Upload the missing documents, or explain what you are sending."), field="documents")
    uploads_total_check([checked for _document, checked in files])
    with _FilesUndone() as written:
        rows = _files_write(dossier.commune_id, files, 0, written)  # their round is known under the lock
        with transaction.atomic():
            dossier = (
                Dossier.objects.select_for_update().select_related("commune__unit", "procedure").get(pk=dossier.pk)
            )
            if dossier.status not in transition.sources:
                raise Conflict(
                    _("This dossier is now “%(status)s”: it is not waiting for a supplement.")
                    % {"status": dossier.get_status_display()}
                )
            last_round = DossierFile.objects.filter(dossier=dossier).aggregate(last=Max("round"))["last"]
            for row in rows:
                row.round = (last_round or 0) + 1
            before = dossier.status
            dossier.status = transition.target
            dossier.save(update_fields=["status", "updated_at"])
            count = _files_insert(dossier, rows)
            request = (
                DossierEvent.objects.filter(dossier=dossier, action="request_supplement", actor__isnull=False)
                .select_related("actor")
                .order_by("-id")
                .first()
            )
            if request is not None and request.actor.is_active:
                staff_notice_send(
                    recipient=request.actor,
                    commune=dossier.commune,
                    text=_("Dossier %(code)s: the citizen has sent the supplement you asked for.")
                    % {"code": dossier.label},
                    link=reverse("onestop:desk-dossier", args=[dossier.pk]),
                )
            dossier_event_record(dossier, citizen_actor(ip), "supplement", before, note, files=count)
    return dossier


def dossier_file_forget(sender, instance: DossierFile, **kwargs) -> None:
    """A file row deleted (with its dossier, say): its file goes too, once the deletion is committed."""
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: dossier_storage().delete(name))


def dossier_files_sweep(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Remove stored files no row names: left by a crash between writing a file and committing its row.
    Files younger than `older_than` are left alone, as their transaction may still be running. Every folder
    under dossiers/ is searched, whatever the layout the files were stored under."""
    storage, cutoff, removed = dossier_storage(), timezone.now() - older_than, 0
    for folder, names in _storage_walk(storage, "dossiers"):
        paths = [f"{folder}/{name}" for name in names]
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            known = set(DossierFile.objects.filter(file__in=chunk).values_list("file", flat=True))
            for path in chunk:
                if path not in known and storage.get_modified_time(path) < cutoff:
                    storage.delete(path)
                    removed += 1
    return removed


def _storage_walk(storage, folder: str):
    """(folder, its file names) for `folder` and every folder below it, as os.walk does. A folder that does not
    exist holds nothing (an S3 bucket has no folders, only names with slashes: `exists()` never finds one)."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield folder, names
    for child in folders:
        yield from _storage_walk(storage, f"{folder}/{child}")
