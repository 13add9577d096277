"""The commune's launch of the model and its departments' models."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.errors import Conflict, FieldsRefused, PermissionDenied
from vidan.core.uploads import CheckedFile
from vidan.model.files import FilesUndone, model_files_store
from vidan.model.frameworks import framework_for
from vidan.model.models import DepartmentModel, FileRole, Launch, LaunchAttendee
from vidan.org.actors import Actor
from vidan.org.models import Commune, Department


@dataclass(frozen=True)
class Attendee:
    position: str
    organisation: str
    full_name: str = ""


def launch_of(commune: Commune) -> Launch | None:
    return Launch.objects.filter(commune=commune).select_related("framework__publisher").first()


def launch_record(
    *,
    actor: Actor,
    commune: Commune,
    held_on: date,
    attendees: list[Attendee],
    place: str = "",
    article_url: str = "",
    article_text: str = "",
    documents: list[CheckedFile] = (),
    photos: list[CheckedFile] = (),
) -> Launch:
    """Record the launch ceremony, once per commune, under the framework in force on its day."""
    if not actor.can("model.launch", commune.pk):
        raise PermissionDenied()
    errors: dict[str, list] = {}
    framework = framework_for(commune, held_on)
    if held_on > timezone.localdate():
        errors["held_on"] = [_("The launch is recorded once it has taken place: the day is in the future.")]
    elif framework is None:
        errors["held_on"] = [
            _("No framework of the model was in force for this commune on %(day)s: the province publishes it first.")
            % {"day": held_on.strftime("%d/%m/%Y")}
        ]
    if not attendees:
        errors["attendees"] = [_("Name at least one attendee, with their position and organisation.")]
    for attendee in attendees:
        if not attendee.position.strip() or not attendee.organisation.strip():
            errors["attendees"] = [_("Each attendee needs a position and an organisation.")]
    if errors:
        raise FieldsRefused(errors)
    with FilesUndone() as written, transaction.atomic():
        existing = Launch.objects.select_for_update().filter(commune=commune).first()
        if existing is not None:
            raise Conflict(
                _("The commune already launched the model on %(day)s.") % {"day": existing.held_on.strftime("%d/%m/%Y")}
            )
        launch = Launch(
            commune=commune,
            held_on=held_on,
            place=place.strip(),
            framework=framework,
            article_url=article_url.strip(),
            article_text=article_text.strip(),
            recorded_by=actor.staff,
        )
        launch.full_clean()
        launch.save()
        LaunchAttendee.objects.bulk_create(
            LaunchAttendee(
                launch=launch,
                full_name=a.full_name.strip(),
                position=a.position.strip(),
                organisation=a.organisation.strip(),
                order=n,
            )
            for n, a in enumerate(attendees)
        )
        model_files_store(
            actor=actor,
            commune=commune,
            role=FileRole.DOCUMENT,
            checked=list(documents),
            written=written,
            launch=launch,
        )
        model_files_store(
            actor=actor, commune=commune, role=FileRole.PHOTO, checked=list(photos), written=written, launch=launch
        )
        launch_sequence_update(commune)
        audit_record(
            actor=actor,
            action="model.launch.record",
            obj=launch,
            data={
                "held_on": held_on.isoformat(),
                "framework": framework.pk,
                "attendees": len(attendees),
                "files": len(documents) + len(photos),
            },
        )
    return launch


def launch_files_add(*, actor: Actor, launch: Launch, role: str, checked: list[CheckedFile], title: str = "") -> list:
    """Add documents or photos to a recorded launch."""
    if not actor.can("model.launch", launch.commune_id):
        raise PermissionDenied()
    if role not in (FileRole.DOCUMENT, FileRole.PHOTO):
        raise FieldsRefused({"role": [_("Choose a document or a photo.")]})
    if not checked:
        raise FieldsRefused({"files": [_("Choose at least one file.")]})
    with FilesUndone() as written, transaction.atomic():
        rows = model_files_store(
            actor=actor,
            commune=launch.commune,
            role=role,
            checked=checked,
            written=written,
            title=title.strip(),
            launch=launch,
        )
        audit_record(
            actor=actor,
            action="model.launch.files",
            obj=launch,
            data={"role": role, "files": [row.pk for row in rows], "sha256": [row.sha256 for row in rows]},
        )
    return rows


@transaction.atomic
def launch_article_update(*, actor: Actor, launch: Launch, article_url: str, article_text: str) -> Launch:
    if not actor.can("model.launch", launch.commune_id):
        raise PermissionDenied()
    launch = Launch.objects.select_for_update().get(pk=launch.pk)
    launch.article_url, launch.article_text = article_url.strip(), article_text.strip()
    launch.full_clean()
    launch.save(update_fields=["article_url", "article_text", "updated_at"])
    audit_record(actor=actor, action="model.launch.article", obj=launch, data={"article_url": launch.article_url})
    return launch


@transaction.atomic
def department_model_add(
    *, actor: Actor, department: Department, name: str, started_on: date, description: str = ""
) -> DepartmentModel:
    """Give a department a model of its own within the commune's."""
    if not actor.can("model.launch", department.commune_id):
        raise PermissionDenied()
    errors: dict[str, list] = {}
    if not name.strip():
        errors["name"] = [_("Name the department's model.")]
    if started_on > timezone.localdate():
        errors["started_on"] = [_("The day is in the future.")]
    if errors:
        raise FieldsRefused(errors)
    if DepartmentModel.objects.select_for_update().filter(department=department).exists():
        raise Conflict(_("%(department)s already has a model.") % {"department": department.name})
    row = DepartmentModel(
        commune_id=department.commune_id,
        department=department,
        name=name.strip(),
        description=description.strip(),
        started_on=started_on,
    )
    row.full_clean()
    row.save()
    audit_record(actor=actor, action="model.department_model.add", obj=row, data={"department": department.pk})
    return row


def commune_launches(commune: Commune):
    return Launch.objects.filter(commune=commune)


def launch_sequence_update(commune: Commune) -> None:
    """Keep the commune's launch day, and every launched commune's order in its district, as the launches say:
    the commune's home page shows them ("commune number 9 of Tuyên Hóa to run the model"). A launch recorded late
    with an earlier day moves the communes after it one place on."""
    parent = commune.unit.parent_id
    launches = Launch.objects.filter(commune__unit__parent_id=parent) if parent else commune_launches(commune)
    ordered = sorted(launches.only("commune_id", "held_on"), key=lambda launch: (launch.held_on, launch.commune_id))
    for sequence, launch in enumerate(ordered, start=1):
        Commune.objects.filter(pk=launch.commune_id).exclude(
            model_launched_on=launch.held_on, model_sequence=sequence
        ).update(model_launched_on=launch.held_on, model_sequence=sequence, updated_at=timezone.now())
