"""The desk's back office: receiving a dossier, the queues, a dossier's page and its steps."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from vidan.audit.services import audit_record
from vidan.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from vidan.onestop.access import access_dossier
from vidan.onestop.desk import dossier_apologise_as_seen
from vidan.onestop.dossier_fees import FEE_PAY_PERMISSION, dossier_fee_mark_paid
from vidan.onestop.forms import form_refusal_show
from vidan.onestop.intake import dossier_refuse_at_desk, dossier_supplement_at_desk
from vidan.onestop.lifecycle import APOLOGY, APOLOGY_TOO_LATE, TRANSITIONS, apology_offered, apology_refusal
from vidan.onestop.models import Channel, DossierFile, DossierStatus, FeeStatus
from vidan.onestop.online import CITIZEN
from vidan.onestop.queues import (
    QUEUE_ROW_FIELDS,
    QUEUES,
    QueueRow,
    assignee_groups,
    default_queue,
    dossier_events,
    dossier_queue,
    dossier_standing,
    filter_procedures,
    filters_key,
    queue_counts,
    queue_rows,
)
from vidan.onestop.results import RESULT_STATUSES, dossier_result_attach
from vidan.onestop.selectors import dossier_actions_offered, procedures_in_force, procedures_listed
from vidan.onestop.services import commune_calendar, dossier_receive_at_desk, dossier_transition
from vidan.onestop.staff_forms import (
    STEPS,
    ApologyForm,
    FeePaymentForm,
    QueueFilterForm,
    ReceiveForm,
    ResultUploadForm,
    StepForm,
    step_done_label,
)
from vidan.onestop.versions import dossier_rules, form_numbers
from vidan.onestop.views.files import stored_file_response
from vidan.onestop.views.paperwork import receipt_pin_keep
from vidan.org.gate import staff_page

PAGE_SIZE = 50
# The PIN waits in the session until the dossier's page shows it, once.
SESSION_PINS = "vidan_onestop_pins"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else "—"


# -- receiving at the desk -------------------------------------------------------------------------------


def _answer_recorded(request, form: ReceiveForm):
    """Form 02 or 03 for the citizen at the desk, recorded; the page of the dossier it made, or None (the
    refusal is shown on the form)."""
    data = form.cleaned_data
    applicant = {
        "actor": request.actor,
        "commune": request.commune,
        "procedure": data["procedure"],
        "applicant_name": data["applicant_name"],
        "applicant_phone": data["applicant_phone"],
        "applicant_email": data["applicant_email"],
        "applicant_address": data["applicant_address"],
    }
    try:
        if form.answer == "supplement":
            dossier = dossier_supplement_at_desk(**applicant, items=form.items, note=data["supplement_note"])
        else:
            dossier = dossier_refuse_at_desk(**applicant, reason=data["refusal_reason"])
    except DomainError as error:
        if error.status in (403, 404):
            raise
        form_refusal_show(form, error, {"reason": "refusal_reason"})
        return None
    if form.answer == "supplement":
        messages.success(request, _("The supplement request is recorded: print form 02 for the citizen."))
    else:
        messages.success(request, _("The refusal to receive is recorded: print form 03 for the citizen."))
    return redirect("onestop:desk-dossier", dossier.pk)


@require_http_methods(["GET", "POST"])
@staff_page("dossier.receive")
def receive(request):
    """A citizen hands in a dossier at the desk: the officer types it in and answers — receives it (it is
    numbered and given its due date), asks for a supplement (form 02) or refuses it (form 03).

    Choosing a procedure asks for this page again with `?procedure=` (htmx), to show its documents and the
    verification box only for procedures that allow extra time.
    """
    procedures = procedures_listed(procedures_in_force())
    form = ReceiveForm(
        request.POST if request.method == "POST" else None,
        procedures=procedures,
        answer=request.POST.get("answer", "receive"),
        initial={"procedure": request.GET.get("procedure", "")},
    )
    if request.method == "POST" and form.is_valid() and form.answer != "receive":
        answered = _answer_recorded(request, form)
        if answered is not None:
            return answered
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier, pin = dossier_receive_at_desk(
                actor=request.actor,
                commune=request.commune,
                procedure=data["procedure"],
                applicant_name=data["applicant_name"],
                applicant_phone=data["applicant_phone"],
                applicant_email=data["applicant_email"],
                applicant_address=data["applicant_address"],
                result_delivery=data["result_delivery"],
                needs_verification=data["needs_verification"],
                fee_pages=data["fee_pages"],
                fee_copies=data["fee_copies"],
                fee_exemption=data["fee_exemption"],
                documents=form.handed_documents,
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form_refusal_show(form, error)
        else:
            pins = request.session.get(SESSION_PINS, {})
            pins[str(dossier.pk)] = pin
            request.session[SESSION_PINS] = pins
            # The receipt printed right after receipt carries it too, for a while.
            receipt_pin_keep(request.session, dossier.pk, pin)
            messages.success(
                request,
                _("Dossier %(code)s received. Result due %(due)s.")
                % {"code": dossier.code, "due": _local(dossier.due_at)},
            )
            return redirect("onestop:desk-dossier", dossier.pk)
    return render(request, "onestop/staff/receive.html", {"form": form})


# -- the queues ------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@staff_page("dossier.view")
def queue(request):
    """One tab of the commune's queues, filtered and searched, 50 a page; htmx asks for the rows alone."""
    actor, commune = request.actor, request.commune
    slug = request.GET.get("hang", "")
    if slug not in QUEUES:
        slug = "tat-ca" if request.GET.get("q") else default_queue(actor, commune.id)
    procedures = filter_procedures()
    form = QueueFilterForm(request.GET, procedures=procedures)
    now, calendar = timezone.now(), commune_calendar(commune)
    dossiers = dossier_queue(
        commune=commune, queue=slug, staff=request.user, now=now, calendar=calendar, **form.filters()
    )
    counts = queue_counts(commune=commune, staff=request.user, now=now, calendar=calendar)
    paginator = Paginator(dossiers, PAGE_SIZE)
    if not any(form.filters().values()):
        # The tab's own count, at most QUEUE_COUNTS_TTL seconds behind another process's writes: no COUNT(*) over
        # the commune's dossiers on every page, and the same queries whichever page is asked. For those seconds
        # the last page may show a few rows fewer, or more, than a fresh count would give it.
        paginator.count = counts[slug]
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["hang"] = slug
    context = {
        "form": form,
        "page": page,
        "rows": queue_rows(page.object_list.values(*QUEUE_ROW_FIELDS), calendar, now),
        "queue": QUEUES[slug],
        "page_query": query.urlencode(),
        "can_receive": actor.can("dossier.receive", commune.id),
    }
    # htmx asks for the rows alone, except when it restores a page from history and needs all of it.
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        response = render(request, "onestop/staff/_queue_rows.html", context)
    else:
        context["tabs"] = [(queue, counts.get(queue.slug)) for queue in QUEUES.values()]
        context["filters_key"] = filters_key(form, procedures)
        response = render(request, "onestop/staff/queue.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# -- a dossier's page and its steps ----------------------------------------------------------------------


def _received_today(dossier) -> bool:
    """A dossier received today is due soon from its first minute when its procedure is done the same day: its
    page should not open on the apology."""
    return dossier.received_at is not None and timezone.localdate(dossier.received_at) == timezone.localdate()


def _dossier_page(request, dossier, *, bound=None, conflict=None, carried=("", ""), status=200, fee_form=None):
    """The page of a dossier with the steps this actor may take from its status now.

    `bound` is the form the actor just sent back with its errors; `conflict` the message of a step that was
    overtaken, and `carried` that step's name and the text the actor had typed for it, shown again so
    nothing is lost (and put back into the same step's form if it is still possible).
    """
    carried_action, carried_note = carried
    actor = request.actor
    offered = dossier_actions_offered(actor, dossier)
    specialists = assignee_groups(dossier) if "assign" in offered else []
    documents = list(dossier.procedure.documents.all())
    steps = []
    # A supplement is asked for once, with all missing items in one notice; after it, only receipt or refusal.
    for action in offered:
        if bound is not None and getattr(bound, "action", None) == action:
            form = bound
        else:
            initial = {"expected_status": dossier.status}
            if action == "assign" and dossier.assignee_id:
                initial["assignee"] = dossier.assignee_id
            if carried_note and action == carried_action and STEPS[action].note_label:
                initial["note"] = carried_note
            form = StepForm(
                action=action,
                specialists=specialists,
                documents=documents,
                verification_days=dossier.procedure.verification_extra_days,
                handed_in=dossier.channel == Channel.DESK,
                initial=initial,
            )
        steps.append(form)
    apology, apology_too_late = None, None
    if (
        not apology_offered(actor, dossier, timezone.now())
        and actor.can(APOLOGY.permission, dossier.commune_id)
        and apology_refusal(dossier, timezone.now()) == APOLOGY_TOO_LATE
    ):
        apology_too_late = APOLOGY_TOO_LATE
    if apology_offered(actor, dossier, timezone.now()):
        if isinstance(bound, ApologyForm):
            apology = bound
        else:
            close = commune_calendar(dossier.commune).hours.close
            initial = {"expected_status": dossier.status, "new_due_time": f"{close:%H:%M}"}
            if carried_action == "apology":
                initial["reason"] = carried_note
            apology = ApologyForm(initial=initial)
    pin = None
    if status == 200 and bound is None and conflict is None:
        pins = request.session.get(SESSION_PINS) or {}
        pin = pins.pop(str(dossier.pk), None)
        if pin is not None:
            request.session[SESSION_PINS] = pins
    statuses = dict(DossierStatus.choices)
    events = [
        {
            "event": event,
            "step": step_done_label(event.action),
            "from": statuses.get(event.from_status, event.from_status),
            "to": statuses.get(event.to_status, event.to_status),
            "who": event.actor.full_name
            if event.actor and event.actor.full_name
            else _("Citizen")
            if event.actor_label == CITIZEN
            else event.actor_label,
        }
        for event in dossier_events(dossier)
    ]
    standing = dossier_standing(dossier, commune_calendar(dossier.commune), timezone.now())
    files = list(DossierFile.objects.filter(dossier=dossier).order_by("round", "id"))
    result_form = None
    if dossier.status in RESULT_STATUSES and actor.can("dossier.result", dossier.commune_id):
        result_form = bound if isinstance(bound, ResultUploadForm) else ResultUploadForm()
    rules = dossier_rules(dossier)
    context = {
        "dossier": dossier,
        "rules": rules,
        "forms": form_numbers(rules),
        "row": QueueRow(dossier, standing),
        "events": events,
        "steps": steps,
        "apology": apology,
        "apology_too_late": apology_too_late,
        "conflict": conflict,
        "carried_note": carried_note,
        "open_step": getattr(bound, "action", None) or carried_action,
        "apology_open": isinstance(bound, ApologyForm)
        or carried_action == "apology"
        or bool(standing and (standing.late or (standing.due_soon and not _received_today(dossier)))),
        "pin": pin,
        "files": [file for file in files if not file.is_result],
        "results": [file for file in files if file.is_result],
        "result_form": result_form,
        "fee_form": fee_form
        or (
            FeePaymentForm()
            if dossier.fee_status == FeeStatus.UNPAID and actor.can(FEE_PAY_PERMISSION, dossier.commune_id)
            else None
        ),
    }
    response = render(request, "onestop/staff/dossier.html", context, status=status)
    return response


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def dossier_page(request, dossier_id: int):
    dossier = access_dossier(request.actor, dossier_id)
    # The page shows the applicant's personal data: every view is recorded (docs/legal.md §5).
    with transaction.atomic():
        audit_record(actor=request.actor, action="onestop.dossier.view", obj=dossier, commune=dossier.commune)
    return _dossier_page(request, dossier)


def _back_to(dossier):
    return redirect(reverse("onestop:desk-dossier", args=[dossier.pk]))


@never_cache
@require_POST
@staff_page("dossier.view")
def dossier_step(request, dossier_id: int):
    """Take one step of the lifecycle from the dossier's page (the services check the permission again)."""
    dossier = access_dossier(request.actor, dossier_id)
    action = request.POST.get("action", "")
    if action not in STEPS:
        return _dossier_page(request, dossier, conflict=_("Unknown action."), status=400)
    if not request.actor.can(TRANSITIONS[action].permission, dossier.commune_id):
        raise PermissionDenied()
    form = StepForm(
        request.POST,
        action=action,
        specialists=assignee_groups(dossier),
        documents=list(dossier.procedure.documents.all()),
        verification_days=dossier.procedure.verification_extra_days,
        handed_in=dossier.channel == Channel.DESK,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            dossier_transition(
                actor=request.actor,
                dossier=dossier,
                action=action,
                expected_status=data["expected_status"],
                note=data.get("note", ""),
                assignee=data.get("assignee"),
                needs_verification=data.get("needs_verification", False),
                items=form.items,
                documents=form.handed_documents,
            )
        except Conflict as conflict:
            fresh = access_dossier(request.actor, dossier_id)
            return _dossier_page(
                request, fresh, conflict=conflict.message, carried=(action, data.get("note", "")), status=409
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form_refusal_show(form, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": STEPS[action].done})
            return _back_to(dossier)
    return _dossier_page(request, dossier, bound=form)


@never_cache
@require_POST
@staff_page("dossier.view")
def dossier_apology(request, dossier_id: int):
    """Form 04: an apology with a new appointment, once."""
    dossier = access_dossier(request.actor, dossier_id)
    actor = request.actor
    if not actor.can("dossier.apologise", dossier.commune_id):
        raise PermissionDenied()
    form = ApologyForm(request.POST)
    if form.is_valid():
        try:
            dossier_apologise_as_seen(
                actor=actor,
                dossier=dossier,
                expected_status=form.cleaned_data["expected_status"],
                reason=form.cleaned_data["reason"],
                new_due=form.new_due(),
            )
        except Conflict as conflict:
            fresh = access_dossier(actor, dossier_id)
            return _dossier_page(
                request, fresh, conflict=conflict.message, carried=("apology", form.cleaned_data["reason"]), status=409
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form_refusal_show(form, error, {"new_due": "new_due_date"})
        else:
            messages.success(
                request, _("The apology is recorded; the new appointment is %(due)s.") % {"due": _local(form.new_due())}
            )
            return _back_to(dossier)
    if not apology_offered(actor, dossier, timezone.now()):
        message = apology_refusal(dossier, timezone.now())
        return _dossier_page(
            request, dossier, conflict=message, carried=("apology", request.POST.get("apology-reason", "")), status=409
        )
    return _dossier_page(request, dossier, bound=form)


@never_cache
@require_POST
@staff_page("dossier.view")
def dossier_fee_pay(request, dossier_id: int):
    """The desk took the dossier's fee (the service checks the permission, the status and the amount)."""
    dossier = access_dossier(request.actor, dossier_id)
    if not request.actor.can(FEE_PAY_PERMISSION, dossier.commune_id):
        raise PermissionDenied()
    form = FeePaymentForm(request.POST)
    if form.is_valid():
        try:
            dossier_fee_mark_paid(
                actor=request.actor,
                dossier=dossier,
                method=form.cleaned_data["method"],
                amount=form.cleaned_data["amount"] or None,
            )
        except Conflict as conflict:
            return _dossier_page(
                request, access_dossier(request.actor, dossier_id), conflict=conflict.message, status=409
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form_refusal_show(form, error)
        else:
            messages.success(request, _("The fee is recorded as paid."))
            return _back_to(dossier)
    return _dossier_page(request, dossier, fee_form=form)


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def dossier_file(request, dossier_id: int, file_id: int):
    """A file of the dossier (the citizen's upload or the result) with the type its content showed: downloaded,
    or with `?xem=1` shown in the browser (a PDF, JPEG or PNG only: nothing else is ever stored). Every view
    and download audited; nothing kept in a cache on the way."""
    dossier = access_dossier(request.actor, dossier_id)
    stored = DossierFile.objects.filter(dossier=dossier, pk=file_id).first()
    if stored is None:
        raise NotFound()
    preview = request.GET.get("xem") == "1"
    with transaction.atomic():
        audit_record(
            actor=request.actor,
            action="onestop.dossier.file_preview" if preview else "onestop.dossier.file",
            obj=dossier,
            commune=dossier.commune,
            data={"file": stored.pk, "sha256": stored.sha256},
        )
    return stored_file_response(stored, inline=preview)


@never_cache
@require_POST
@staff_page("dossier.result")
def dossier_result(request, dossier_id: int):
    """The officer attaches the dossier's electronic result."""
    dossier = access_dossier(request.actor, dossier_id, permission="dossier.result")
    form = ResultUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            dossier_result_attach(actor=request.actor, dossier=dossier, checked=form.checked)
        except Conflict as conflict:
            return _dossier_page(
                request, access_dossier(request.actor, dossier_id), conflict=conflict.message, status=409
            )
        messages.success(request, _("The result is attached: the citizen can download it with the PIN."))
        return _back_to(dossier)
    return _dossier_page(request, dossier, bound=form)
