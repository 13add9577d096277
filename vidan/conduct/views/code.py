"""The code of conduct in the back office: each officer reads and acknowledges each version; the leadership
enters a version from its signed decision, publishes it, sees who has not acknowledged it and reminds them."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vidan.conduct.access import access_code_version
from vidan.conduct.forms import CodeVersionForm, refusal_show
from vidan.conduct.models import CodeVersion
from vidan.conduct.selectors import (
    acknowledgements_of,
    publication_due,
    published_versions,
    superseded_by,
    version_in_force,
    version_standing,
    versions_for_staff,
    versions_to_acknowledge,
)
from vidan.conduct.services import (
    acknowledgement_remind,
    code_version_acknowledge,
    code_version_create,
    code_version_delete,
    code_version_edit,
    code_version_publish,
)
from vidan.core.errors import Conflict, DomainError, NotFound
from vidan.org.gate import staff_page


def signed_file_response(version: CodeVersion, *, inline: bool) -> FileResponse:
    """The signed decision with the type its content showed; shown in a document that may run nothing."""
    if not version.file:
        raise NotFound()
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=not inline,
        filename=version.download_name,
        content_type=version.file_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline and version.file_content_type == "application/pdf":
        response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'"
    return response


def _read_page(request, *, conflict: str = "", status: int = 200):
    commune = request.commune
    acks = acknowledgements_of(request.user)
    in_force = version_in_force(commune)
    pending = [v for v in versions_to_acknowledge(commune) if v.pk not in acks]
    done = [(v, acks[v.pk]) for v in published_versions(commune) if v.pk in acks]
    return render(
        request,
        "conduct/staff/read.html",
        {
            "pending": pending,
            "done": done,
            "in_force": in_force,
            "conflict": conflict,
            "can_acknowledge": request.user.commune_id == commune.pk,
        },
        status=status,
    )


@require_http_methods(["GET"])
@staff_page("conduct.acknowledge")
def read(request):
    """What the officer has to read: the version in force and any published to take effect later, unless already
    acknowledged; then those acknowledged."""
    return _read_page(request)


@require_POST
@staff_page("conduct.acknowledge")
def acknowledge(request, version_id: int):
    version = access_code_version(request.actor, version_id, permission="conduct.acknowledge")
    try:
        code_version_acknowledge(actor=request.actor, version=version)
    except Conflict as conflict:
        return _read_page(request, conflict=conflict.message, status=409)
    messages.success(
        request,
        _("Thank you: your acknowledgement of %(number)s is recorded.") % {"number": version.decision_number},
    )
    return redirect("conduct:read")


@require_http_methods(["GET"])
@staff_page("conduct.view")
def versions(request):
    commune = request.commune
    return render(
        request,
        "conduct/staff/versions.html",
        {
            "versions": list(versions_for_staff(commune)),
            "in_force": version_in_force(commune),
            "can_publish": request.actor.can("conduct.publish", commune.pk),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_page("conduct.publish")
def version_new(request):
    form = CodeVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = code_version_create(
                actor=request.actor,
                commune=request.commune,
                decision_number=data["decision_number"],
                signed_on=data["signed_on"],
                effective_on=data["effective_on"],
                title=data["title"],
                text=data["text"],
                checked=form.checked,
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            refusal_show(form, error)
        else:
            messages.success(request, _("The draft is saved. Check it, then publish it."))
            return redirect("conduct:version", version.pk)
    return render(request, "conduct/staff/version_new.html", {"form": form}, status=422 if form.errors else 200)


def _version_page(request, version: CodeVersion, *, form=None, problem: str = "", status: int = 200):
    actor, commune_id = request.actor, version.commune_id
    can_publish = actor.can("conduct.publish", commune_id)
    if form is None and can_publish and not version.is_published:
        form = CodeVersionForm()
        form.initial_from(version)
    standing = version_standing(version, no_department=_("No department")) if version.is_published else None
    superseded = superseded_by(version)
    return render(
        request,
        "conduct/staff/version.html",
        {
            "version": version,
            "form": form if not version.is_published else None,
            "standing": standing,
            "problem": problem,
            "can_publish": can_publish,
            "can_remind": actor.can("conduct.remind", commune_id) and superseded is None,
            "superseded_by": superseded,
            "publication_due": publication_due(version),
            "today": timezone.localdate(),
            "in_force": version_in_force(version.commune),
        },
        status=status,
    )


@require_http_methods(["GET"])
@staff_page("conduct.view")
def version_page(request, version_id: int):
    version = access_code_version(request.actor, version_id, permission="conduct.view")
    return _version_page(request, version)


@require_POST
@staff_page("conduct.publish")
def version_edit(request, version_id: int):
    version = access_code_version(request.actor, version_id, permission="conduct.publish")
    form = CodeVersionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            code_version_edit(
                actor=request.actor,
                version=version,
                decision_number=data["decision_number"],
                signed_on=data["signed_on"],
                effective_on=data["effective_on"],
                title=data["title"],
                text=data["text"],
                checked=form.checked,
            )
        except Conflict as conflict:
            return _version_page(request, version, problem=conflict.message, status=409)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            refusal_show(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("conduct:version", version.pk)
    if version.is_published:
        return _version_page(request, version, problem=_("This version is published and can no longer be changed."),
                             status=409)  # fmt: skip
    return _version_page(request, version, form=form, status=422)


@require_POST
@staff_page("conduct.publish")
def version_publish(request, version_id: int):
    version = access_code_version(request.actor, version_id, permission="conduct.publish")
    try:
        code_version_publish(actor=request.actor, version=version)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        return _version_page(request, version, problem=error.message, status=409)
    messages.success(
        request, _("Published: the code is on the commune's site and every officer is asked to acknowledge it.")
    )
    return redirect("conduct:version", version.pk)


@require_POST
@staff_page("conduct.publish")
def version_delete(request, version_id: int):
    version = access_code_version(request.actor, version_id, permission="conduct.publish")
    try:
        code_version_delete(actor=request.actor, version=version)
    except Conflict as conflict:
        return _version_page(request, version, problem=conflict.message, status=409)
    messages.success(request, _("The draft is deleted."))
    return redirect("conduct:versions")


@require_POST
@staff_page("conduct.remind")
def version_remind(request, version_id: int):
    version = access_code_version(request.actor, version_id, permission="conduct.remind")
    try:
        staff_ids = [int(value) for value in request.POST.getlist("staff")] or None
    except ValueError:
        staff_ids = None
    try:
        reminded = acknowledgement_remind(actor=request.actor, version=version, staff_ids=staff_ids)
    except Conflict as conflict:
        return _version_page(request, version, problem=conflict.message, status=409)
    if reminded:
        messages.success(
            request,
            _("A reminder was sent to: %(names)s.") % {"names": ", ".join(m.full_name for m in reminded)},
        )
    else:
        messages.info(request, _("Nobody to remind: everyone has acknowledged or was reminded in the last day."))
    return redirect("conduct:version", version.pk)


@require_http_methods(["GET"])
@staff_page("backoffice.view")
def version_file(request, version_id: int):
    """The signed decision: a published one to anyone of the commune, a draft's to those who see drafts."""
    version = access_code_version(request.actor, version_id, permission="backoffice.view")
    if not version.is_published and not request.actor.can("conduct.view", version.commune_id):
        raise NotFound()
    return signed_file_response(version, inline=request.GET.get("xem") == "1")
