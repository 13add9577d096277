"""Writing the code of conduct: a draft entered from the signed decision, corrected, published (then fixed for
good); each officer's acknowledgement of each version; the leadership's reminders to those who have not.

Every change is audited in its own transaction. A published version is never changed or deleted: the services
refuse it with a message, and the row is locked while it is checked, so a correction racing the publication
finds the version published.
"""

import unicodedata
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.conduct.models import Acknowledgement, AcknowledgementReminder, CodeVersion, conduct_storage
from vidan.conduct.selectors import officers, publication_due, published_versions, superseded_by
from vidan.core.errors import Conflict, DomainError, FieldsRefused, PermissionDenied
from vidan.core.text import clean_text
from vidan.core.uploads import CheckedFile
from vidan.notify.models import OutboxChannel
from vidan.notify.services import outbox_enqueue, staff_notice_send
from vidan.org.actors import Actor
from vidan.org.models import Commune, Staff

# A reminder to the same officer about the same version at most this often.
REMINDER_INTERVAL = timedelta(hours=20)


class VersionPublished(Conflict):
    code = "version_published"


def _superseded_check(version: CodeVersion) -> None:
    current = superseded_by(version)
    if current is not None:
        raise Conflict(
            _(
                "Version %(number)s is no longer in force: version %(current)s replaced it from %(day)s. "
                "Acknowledge the version in force."
            )
            % {
                "number": version.decision_number,
                "current": current.decision_number,
                "day": current.effective_on.strftime("%d/%m/%Y"),
            }
        )


def _published_refusal(version: CodeVersion) -> VersionPublished:
    return VersionPublished(
        _(
            "Version %(number)s was published on %(day)s: a published version is never changed or deleted. "
            "To change the code, enter the new decision as a new version."
        )
        % {"number": version.decision_number, "day": timezone.localtime(version.published_at).strftime("%d/%m/%Y")}
    )


def _fields_check(*, commune: Commune, decision_number: str, signed_on: date, effective_on: date, exclude=None):
    errors: dict[str, list] = {}
    if signed_on and signed_on > timezone.localdate():
        errors["signed_on"] = [_("The decision cannot be signed later than today.")]
    if signed_on and effective_on and effective_on < signed_on:
        errors["effective_on"] = [_("A decision takes effect on the day it is signed or later.")]
    # Compared here without regard to case ("qđ" is "QĐ"): SQLite's iexact folds only ASCII letters. A commune
    # holds a handful of versions.
    others = CodeVersion.objects.filter(commune=commune)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    wanted = decision_number.casefold()
    if decision_number and any(n.casefold() == wanted for n in others.values_list("decision_number", flat=True)):
        errors["decision_number"] = [_("A version with this decision number is already entered.")]
    if errors:
        raise FieldsRefused(errors)


def _file_put(version: CodeVersion, checked: CheckedFile, written: list[str]) -> None:
    version.file_name = checked.name
    version.file_content_type = checked.content_type
    version.file_size = checked.size
    version.file_sha256 = checked.sha256
    version.file.save(checked.name, checked.upload, save=False)
    written.append(version.file.name)


def _text(text: str) -> str:
    """The code's text as typed, composed (NFC) and with one kind of line break, trimmed."""
    return unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n")).strip()


def _files_remove(names) -> None:
    storage = conduct_storage()
    for name in names:
        if name:
            storage.delete(name)


def _full_clean(version: CodeVersion) -> None:
    try:
        version.full_clean(exclude=["commune", "file", "created_by", "published_by"])
    except ValidationError as error:
        raise FieldsRefused(
            {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
        ) from None


def code_version_create(
    *,
    actor: Actor,
    commune: Commune,
    decision_number: str,
    signed_on: date,
    effective_on: date,
    title: str,
    text: str,
    checked: CheckedFile | None = None,
) -> CodeVersion:
    """A draft version from a signed decision. The file (checked by vidan.core.uploads) may come later."""
    if not actor.can("conduct.publish", commune.pk):
        raise PermissionDenied()
    decision_number, title = clean_text(decision_number), clean_text(title)
    _fields_check(commune=commune, decision_number=decision_number, signed_on=signed_on, effective_on=effective_on)
    version = CodeVersion(
        commune=commune,
        decision_number=decision_number,
        signed_on=signed_on,
        effective_on=effective_on,
        title=title,
        text=_text(text),
        created_by=actor.staff,
    )
    _full_clean(version)
    written: list[str] = []
    try:
        if checked is not None:
            _file_put(version, checked, written)  # before the transaction: the disk is slow
        with transaction.atomic():
            version.save()
            audit_record(
                actor=actor,
                action="conduct.code.create",
                obj=version,
                data={"decision": decision_number, "sha256": version.file_sha256 or None},
            )
    except BaseException:
        _files_remove(written)
        raise
    return version


def _locked_draft(version: CodeVersion) -> CodeVersion:
    locked = CodeVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_published:
        raise _published_refusal(locked)
    return locked


def code_version_edit(
    *,
    actor: Actor,
    version: CodeVersion,
    decision_number: str,
    signed_on: date,
    effective_on: date,
    title: str,
    text: str,
    checked: CheckedFile | None = None,
) -> CodeVersion:
    """Correct a draft; a new file replaces the old one. A published version is refused."""
    if not actor.can("conduct.publish", version.commune_id):
        raise PermissionDenied()
    if version.is_published:
        raise _published_refusal(version)
    decision_number, title = clean_text(decision_number), clean_text(title)
    _fields_check(
        commune=version.commune,
        decision_number=decision_number,
        signed_on=signed_on,
        effective_on=effective_on,
        exclude=version,
    )
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = _locked_draft(version)
            old_file = locked.file.name
            locked.decision_number, locked.signed_on, locked.effective_on = decision_number, signed_on, effective_on
            locked.title, locked.text = title, _text(text)
            if checked is not None:
                _file_put(locked, checked, written)
            _full_clean(locked)
            locked.save()
            audit_record(
                actor=actor,
                action="conduct.code.edit",
                obj=locked,
                data={"decision": decision_number, "sha256": locked.file_sha256 or None},
            )
            if checked is not None and old_file:
                transaction.on_commit(lambda: _files_remove([old_file]))
    except BaseException:
        _files_remove(written)
        raise
    return locked


@transaction.atomic
def code_version_delete(*, actor: Actor, version: CodeVersion) -> None:
    """Drop a draft entered by mistake. A published version is refused."""
    if not actor.can("conduct.publish", version.commune_id):
        raise PermissionDenied()
    locked = _locked_draft(version)
    name = locked.file.name
    audit_record(actor=actor, action="conduct.code.delete", obj=locked, data={"decision": locked.decision_number})
    locked.delete()
    transaction.on_commit(lambda: _files_remove([name]))


@transaction.atomic
def code_version_publish(*, actor: Actor, version: CodeVersion) -> CodeVersion:
    """Publish a draft on the commune's site for good. It needs its text and the signed decision, and takes
    effect no earlier than the version published before it (a version is superseded, never back-dated)."""
    if not actor.can("conduct.publish", version.commune_id):
        raise PermissionDenied()
    locked = _locked_draft(version)
    if not locked.file:
        raise DomainError(_("Attach the signed decision (PDF or a scan) before publishing."), field="file")
    if not locked.text.strip():
        raise DomainError(_("Enter the text of the code before publishing."), field="text")
    latest = published_versions(locked.commune).first()
    if latest is not None and locked.effective_on < latest.effective_on:
        raise DomainError(
            _(
                "Version %(number)s, already published, is in force from %(day)s: a new version must take effect "
                "on that day or later."
            )
            % {"number": latest.decision_number, "day": latest.effective_on.strftime("%d/%m/%Y")},
            field="effective_on",
        )
    locked.published_at = timezone.now()
    locked.published_by = actor.staff
    locked.save(update_fields=["published_at", "published_by", "updated_at"])
    due = publication_due(locked)
    audit_record(
        actor=actor,
        action="conduct.code.publish",
        obj=locked,
        data={
            "decision": locked.decision_number,
            "effective_on": str(locked.effective_on),
            "sha256": locked.file_sha256,
            "due": str(due),
            "late": timezone.localdate(locked.published_at) > due,
        },
    )
    return locked


def code_version_acknowledge(*, actor: Actor, version: CodeVersion) -> Acknowledgement:
    """The officer has read the version and undertakes to follow it: once per version."""
    member = actor.staff
    if (
        member is None
        or not actor.can("conduct.acknowledge", version.commune_id)
        or member.commune_id != version.commune_id
    ):
        raise PermissionDenied(_("Only an official of this commune acknowledges its code of conduct."))
    if not version.is_published:
        raise Conflict(_("This version is not published yet: there is nothing to acknowledge."))
    _superseded_check(version)
    try:
        with transaction.atomic():
            earlier = Acknowledgement.objects.filter(version=version, staff=member).first()
            if earlier is None:
                ack = Acknowledgement(
                    commune_id=version.commune_id, version=version, staff=member, acknowledged_at=timezone.now()
                )
                ack.save()
                audit_record(
                    actor=actor,
                    action="conduct.code.acknowledge",
                    obj=version,
                    commune=version.commune,
                    data={"decision": version.decision_number},
                )
                return ack
    except IntegrityError:
        # The same officer's second click, a moment after the first: the first one counts.
        earlier = Acknowledgement.objects.get(version=version, staff=member)
    raise Conflict(
        _("You already acknowledged version %(number)s on %(day)s.")
        % {
            "number": version.decision_number,
            "day": timezone.localtime(earlier.acknowledged_at).strftime("%d/%m/%Y %H:%M"),
        }
    )


@transaction.atomic
def acknowledgement_remind(*, actor: Actor, version: CodeVersion, staff_ids: list[int] | None = None) -> list[Staff]:
    """Remind the officers who have not acknowledged the version (all of them, or those named): a notice in
    the back office and, to those with an address, an e-mail. An officer reminded in the last REMINDER_INTERVAL
    is not reminded again. Returns those reminded."""
    if not actor.can("conduct.remind", version.commune_id):
        raise PermissionDenied()
    if not version.is_published:
        raise Conflict(_("This version is not published yet: there is nothing to acknowledge."))
    _superseded_check(version)
    now = timezone.now()
    done = set(Acknowledgement.objects.filter(version=version).values_list("staff_id", flat=True))
    recent = set(
        AcknowledgementReminder.objects.filter(version=version, sent_at__gt=now - REMINDER_INTERVAL).values_list(
            "staff_id", flat=True
        )
    )
    wanted = None if staff_ids is None else set(staff_ids)
    reminded = []
    commune = version.commune
    link = reverse("conduct:read")
    text = _("Please read the code of conduct (%(number)s) and confirm that you will follow it.") % {
        "number": version.decision_number
    }
    for member in officers(commune):
        if member.pk in done or member.pk in recent or (wanted is not None and member.pk not in wanted):
            continue
        AcknowledgementReminder.objects.create(
            commune=commune, version=version, staff=member, sent_by=actor.staff, sent_at=now
        )
        staff_notice_send(recipient=member, commune=commune, text=text, link=link)
        if member.email:
            outbox_enqueue(
                commune=commune,
                channel=OutboxChannel.EMAIL,
                recipient=member.email,
                subject=_("Code of conduct: please acknowledge"),
                body=text,
                kind="conduct.reminder",
            )
        reminded.append(member)
    if reminded:
        audit_record(
            actor=actor,
            action="conduct.code.remind",
            obj=version,
            data={"staff": [m.pk for m in reminded], "decision": version.decision_number},
        )
    return reminded
