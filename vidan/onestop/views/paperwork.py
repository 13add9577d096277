"""The official papers in the back office: forms 01–05 of a dossier as PDF, the notices of a return during
processing and of a refusal after processing, and the tracking book (form 06) of a period as PDF or XLSX.

The papers carry the applicant's personal data, so each download is audited like a view of the dossier's page.
The PIN is stored only as a hash: the receipt can print it only while the session that received the dossier
still holds it, for a short while after receipt.
"""

import calendar as months
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vidan.audit.services import audit_record
from vidan.core.days import DayField
from vidan.core.errors import NotFound
from vidan.onestop import paperwork
from vidan.onestop.access import access_dossier
from vidan.onestop.links import RECEIPT, dossier_links
from vidan.onestop.models import Dossier
from vidan.onestop.paperwork_data import (
    APOLOGY_ACTIONS,
    DECISION_REFUSAL_ACTIONS,
    REFUSAL_ACTIONS,
    RETURN_ACTIONS,
    SUPPLEMENT_ACTIONS,
    BookScope,
    apology_of,
    assignee_names,
    commune_departments,
    control_sheet_of,
    decision_refusal_of,
    department_label,
    paper_event,
    receipt_documents,
    receipt_of,
    refusal_of,
    return_notice_of,
    supplement_request_of,
    tracking_book_dossiers,
    tracking_book_of,
    tracking_line,
)
from vidan.onestop.queues import dossier_events
from vidan.onestop.selectors import procedures_in_force, procedures_listed
from vidan.onestop.services import commune_calendar
from vidan.onestop.staff_forms import procedure_choices
from vidan.org.gate import staff_page
from vidan.org.models import DepartmentKind

# PINs of dossiers this session has just received: {dossier id: {"pin": …, "until": Unix time}}.
RECEIPT_PINS = "vidan_onestop_receipt_pins"
# Long enough to print the receipt while the citizen is at the desk, and to print it again if the printer jams.
RECEIPT_PIN_WINDOW = timedelta(minutes=30)
RECEIPT_PINS_KEPT = 20
# More than this makes a book nobody can use, and a PDF that takes too long to draw.
BOOK_ROW_LIMIT = 20_000
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- the PIN on the receipt ------------------------------------------------------------------------------


def receipt_pin_keep(session, dossier_id: int, pin: str) -> None:
    """Keep the PIN of a dossier just received so that its receipt prints it, in this session, for a while."""
    now = timezone.now().timestamp()
    kept = {key: entry for key, entry in (session.get(RECEIPT_PINS) or {}).items() if entry.get("until", 0) > now}
    kept[str(dossier_id)] = {"pin": pin, "until": now + RECEIPT_PIN_WINDOW.total_seconds()}
    newest = sorted(kept.items(), key=lambda item: item[1]["until"])[-RECEIPT_PINS_KEPT:]
    session[RECEIPT_PINS] = dict(newest)


def _receipt_pin(session, dossier_id: int) -> str | None:
    """The PIN kept for this dossier's receipt, if its time has not run out; PINs whose time has are dropped."""
    kept = session.get(RECEIPT_PINS)
    if not kept:
        return None
    now = timezone.now().timestamp()
    current = {key: entry for key, entry in kept.items() if entry.get("until", 0) > now}
    if len(current) != len(kept):
        session[RECEIPT_PINS] = current
    entry = current.get(str(dossier_id))
    return entry.get("pin") if entry is not None else None


# -- the papers of a dossier -----------------------------------------------------------------------------


def _record(request, dossier: Dossier, form: str, **data) -> None:
    with transaction.atomic():
        audit_record(
            actor=request.actor,
            action="onestop.dossier.paper",
            obj=dossier,
            commune=dossier.commune,
            data={"form": form, **data},
        )


def _pdf(content: bytes, dossier: Dossier, form: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    stem = dossier.code or f"ho-so-{dossier.pk}"
    response["Content-Disposition"] = f'inline; filename="{stem}-{form}.pdf"'
    return response


def _lookup_url(request, dossier: Dossier) -> str:
    return request.build_absolute_uri(reverse("onestop:lookup")) + "?" + urlencode({"ma": dossier.code})


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def receipt(request, dossier_id: int):
    """Form 01, with the PIN while this session still holds it right after receipt."""
    dossier = access_dossier(request.actor, dossier_id)
    pin = _receipt_pin(request.session, dossier.pk)
    slip = receipt_of(
        dossier,
        documents=receipt_documents(dossier),
        pin=pin,
        lookup_url=_lookup_url(request, dossier),
        book=tracking_line(dossier),
        extra_codes=[(request.build_absolute_uri(link.path), link.caption) for link in dossier_links(dossier, RECEIPT)],
    )
    if slip is None:
        raise NotFound()
    _record(request, dossier, "01", with_pin=pin is not None)
    return _pdf(paperwork.render_receipt(slip), dossier, "01")


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def control_sheet(request, dossier_id: int):
    """Form 05: every hand-over of the dossier so far, on time or late."""
    dossier = access_dossier(request.actor, dossier_id)
    events = list(dossier_events(dossier))
    sheet = control_sheet_of(
        dossier,
        events,
        calendar=commune_calendar(dossier.commune),
        departments=commune_departments(dossier.commune),
        assignees=assignee_names(dossier.commune, events),
    )
    if sheet is None:
        raise NotFound()
    _record(request, dossier, "05")
    return _pdf(paperwork.render_control_sheet(sheet), dossier, "05")


def _event_paper(request, dossier_id, *, actions, build, render, form: str) -> HttpResponse:
    """A paper drawn from one event of the dossier: the latest of `actions`, or the one `?buoc=` names."""
    dossier = access_dossier(request.actor, dossier_id)
    raw = request.GET.get("buoc")
    if raw is not None and not (raw.isdigit() and len(raw) < 12):
        raise NotFound()
    event = paper_event(dossier, actions, int(raw) if raw is not None else None)
    record = build(dossier, event) if event is not None else None
    if record is None:
        raise NotFound()
    _record(request, dossier, form, event=event.pk)
    return _pdf(render(record), dossier, form)


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def supplement_request(request, dossier_id: int):
    """Form 02, once the desk has asked for a supplement."""
    return _event_paper(
        request,
        dossier_id,
        actions=SUPPLEMENT_ACTIONS,
        build=supplement_request_of,
        render=paperwork.render_supplement_request,
        form="02",
    )


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def refusal(request, dossier_id: int):
    """Form 03, once the desk has refused to receive the dossier."""
    return _event_paper(
        request, dossier_id, actions=REFUSAL_ACTIONS, build=refusal_of, render=paperwork.render_refusal, form="03"
    )


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def return_notice(request, dossier_id: int):
    """The written notice of a return during processing, with what to complete and the time spent."""

    def build(dossier, event):
        return return_notice_of(
            dossier, event, events=list(dossier_events(dossier)), calendar=commune_calendar(dossier.commune)
        )

    return _event_paper(
        request,
        dossier_id,
        actions=RETURN_ACTIONS,
        build=build,
        render=paperwork.render_return_notice,
        form=paperwork.FORM_SET["return_notice"].slug,
    )


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def decision_refusal(request, dossier_id: int):
    """The committee's refusal after processing, for its Chairman (or a Vice-Chairman) to sign."""
    return _event_paper(
        request,
        dossier_id,
        actions=DECISION_REFUSAL_ACTIONS,
        build=decision_refusal_of,
        render=paperwork.render_decision_refusal,
        form=paperwork.FORM_SET["decision_refusal"].slug,
    )


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def apology(request, dossier_id: int):
    """Form 04, once the apology with its new appointment is recorded."""
    return _event_paper(
        request, dossier_id, actions=APOLOGY_ACTIONS, build=apology_of, render=paperwork.render_apology, form="04"
    )


# -- form 06, the tracking book ----------------------------------------------------------------------------


def _day_field(label, required_message):
    return DayField(label=label, error_messages={"required": required_message})


class TrackingBookForm(forms.Form):
    """The period (days of receipt, both included), and optionally a department or a procedure."""

    received_from = _day_field(gettext_lazy("Received from"), gettext_lazy("Enter the first day of the period."))
    received_to = _day_field(gettext_lazy("Received to"), gettext_lazy("Enter the last day of the period."))
    department_kind = forms.ChoiceField(label=gettext_lazy("Department"), required=False)
    procedure = forms.TypedChoiceField(label=gettext_lazy("Procedure"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedures = {procedure.id: procedure for procedure in procedures}
        anything = ("", _("Any"))
        self.fields["department_kind"].choices = [anything, *DepartmentKind.choices]
        self.fields["procedure"].choices = [anything, *procedure_choices(procedures)]
        for name in ("department_kind", "procedure"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from the list.")

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        procedure = self.procedures.get(data["procedure"]) if data["procedure"] else None
        return {
            "received_from": data["received_from"],
            "received_to": data["received_to"],
            "department_kind": data["department_kind"],
            "procedure_code": procedure.code if procedure is not None else "",
        }


def _book_form(request) -> TrackingBookForm:
    """The form bound to the address's query; a day left out of it is this month's first or last."""
    today = timezone.localdate()
    data = request.GET.copy()
    if "received_from" not in data:
        data["received_from"] = today.replace(day=1).isoformat()
    if "received_to" not in data:
        data["received_to"] = today.replace(day=months.monthrange(today.year, today.month)[1]).isoformat()
    return TrackingBookForm(data, procedures=procedures_listed(procedures_in_force()))


def _too_many() -> str:
    return _(
        "The period holds more than %(limit)s dossiers, too many for one book. "
        "Choose a shorter period, a department or a procedure."
    ) % {"limit": number_format(BOOK_ROW_LIMIT, force_grouping=True)}


def _book_page(request, form: TrackingBookForm, *, count: int | None = None, status: int = 200) -> HttpResponse:
    context = {"form": form, "summary": "", "too_many": "", "page_query": ""}
    if count is not None:
        context["summary"] = ngettext(
            "%(count)s dossier received in this period.", "%(count)s dossiers received in this period.", count
        ) % {"count": number_format(count, force_grouping=True)}
        context["too_many"] = _too_many() if count > BOOK_ROW_LIMIT else ""
        context["page_query"] = urlencode(
            {name: value for name, value in form.data.items() if name in form.fields and value not in ("", None)}
        )
    return render(request, "onestop/staff/tracking_book.html", context, status=status)


@require_http_methods(["GET"])
@staff_page("dossier.view")
def tracking_book(request):
    """Choose the period, see how many dossiers it holds, download the book."""
    form = _book_form(request)
    if not form.is_valid():
        return _book_page(request, form)
    count = tracking_book_dossiers(commune=request.commune, **form.filters()).count()
    return _book_page(request, form, count=count)


@never_cache
@require_http_methods(["GET"])
@staff_page("dossier.view")
def tracking_book_download(request, file_format: str):
    """The book of the period as PDF (A4 landscape) or XLSX; bad filters give the page back with the errors."""
    form = _book_form(request)
    if not form.is_valid():
        return _book_page(request, form, status=400)
    commune, filters = request.commune, form.filters()
    dossiers = list(tracking_book_dossiers(commune=commune, **filters)[: BOOK_ROW_LIMIT + 1])
    if len(dossiers) > BOOK_ROW_LIMIT:
        form.add_error(None, _too_many())
        return _book_page(request, form, status=400)
    departments = commune_departments(commune)
    kind = filters["department_kind"]
    scope = BookScope(
        received_from=filters["received_from"],
        received_to=filters["received_to"],
        department=department_label(kind, departments) if kind else "",
    )
    book = tracking_book_of(commune, dossiers, scope=scope, departments=departments, now=timezone.now())
    with transaction.atomic():
        audit_record(
            actor=request.actor,
            action="onestop.tracking_book.download",
            commune=commune,
            data={
                "format": file_format,
                "from": scope.received_from.isoformat(),
                "to": scope.received_to.isoformat(),
                "department_kind": kind,
                "procedure": filters["procedure_code"],
                "rows": len(dossiers),
            },
        )
    stem = f"so-theo-doi-ho-so-{scope.received_from:%Y%m%d}-{scope.received_to:%Y%m%d}"
    if file_format == "xlsx":
        response = HttpResponse(paperwork.render_tracking_book_xlsx(book), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    else:
        response = HttpResponse(paperwork.render_tracking_book_pdf(book), content_type=PDF)
        response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
    return response
