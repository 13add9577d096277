"""Forms of the desk's back office: receiving a dossier, filtering the queues, each step of a dossier's life."""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vidan.core.days import DayField
from vidan.core.uploads import UploadRefused, upload_check
from vidan.onestop.forms import ApplicantForm, RuleId, RuleText
from vidan.onestop.intake_items import HANDED_FORMS, HandedDocument, MissingItem
from vidan.onestop.lifecycle import TRANSITIONS, Transition
from vidan.onestop.models import DocumentForm, DossierStatus, FeeExemption, PaymentMethod, Procedure, RequiredDocument
from vidan.org.models import DepartmentKind
from vidan.workdays.calendar import VIETNAM
from vidan.workdays.forms import TimeText


def procedure_choices(procedures: list[Procedure]) -> list:
    """Procedures grouped by field, for a <select> with <optgroup>s (the list is ordered by field)."""
    return [
        (field_name, [(p.id, p.name) for p in group])
        for field_name, group in groupby(procedures, key=lambda p: p.field.name)
    ]


# -- the papers listed on a form: documents handed in (form 01), items asked for with their reasons (form 02) --

EXTRA_ROWS = 3  # rows for documents the catalogue does not list
HANDED_FORM_CHOICES = [(value, label) for value, label in DocumentForm.choices if value in HANDED_FORMS]


@dataclass(frozen=True)
class Row:
    """One line of a table of fields on the page: the bound fields of its cells."""

    cells: tuple


def handed_fields_add(form: forms.Form, documents: list[RequiredDocument]) -> None:
    """A row per document of the procedure (ticked, with the form and number the catalogue asks for, for the
    officer to correct to what was handed in) and a few empty rows for other documents."""
    for index, document in enumerate(documents):
        form.fields[f"doc{index}_in"] = forms.BooleanField(label=document.name, required=False, initial=True)
        form.fields[f"doc{index}_form"] = forms.ChoiceField(
            label=_("Form"),
            choices=HANDED_FORM_CHOICES,
            initial=_catalogue_form(document),
            required=False,
        )
        form.fields[f"doc{index}_count"] = _count_field(document.count, required=False)
    for index in range(EXTRA_ROWS):
        form.fields[f"other{index}_name"] = forms.CharField(
            label=_("Other document handed in"), required=False, max_length=255
        )
        form.fields[f"other{index}_form"] = forms.ChoiceField(
            label=_("Form"), choices=HANDED_FORM_CHOICES, initial=DocumentForm.ORIGINAL, required=False
        )
        form.fields[f"other{index}_count"] = _count_field(1, required=False)
    form.handed_documents_listed = documents


def _catalogue_form(document: RequiredDocument) -> str:
    return document.form if document.form in HANDED_FORMS else DocumentForm.ORIGINAL


def _count_field(initial: int, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Number"),
        initial=initial,
        min_value=1,
        max_value=99,
        required=required,
        widget=forms.NumberInput(attrs={"class": "copies"}),
        error_messages={
            "required": _("Enter the number of copies."),
            "invalid": _("Enter the number of copies."),
            "min_value": _("At least 1."),
            "max_value": _("At most 99."),
        },
    )


def handed_rows(form: forms.Form) -> list[Row]:
    rows = [
        Row((form[f"doc{index}_in"], form[f"doc{index}_form"], form[f"doc{index}_count"]))
        for index in range(len(getattr(form, "handed_documents_listed", ())))
    ]
    if getattr(form, "handed_documents_listed", None) is not None:
        rows += [
            Row((form[f"other{index}_name"], form[f"other{index}_form"], form[f"other{index}_count"]))
            for index in range(EXTRA_ROWS)
        ]
    return rows


def handed_documents(form: forms.Form) -> list[HandedDocument]:
    """What the officer ticked or typed as handed in, from a cleaned form."""
    data = form.cleaned_data
    handed = []
    for index, document in enumerate(getattr(form, "handed_documents_listed", ())):
        if data.get(f"doc{index}_in"):
            handed.append(
                HandedDocument(
                    document.name,
                    data.get(f"doc{index}_form") or _catalogue_form(document),
                    data.get(f"doc{index}_count") or document.count,
                )
            )
    for index in range(EXTRA_ROWS if hasattr(form, "handed_documents_listed") else 0):
        name = (data.get(f"other{index}_name") or "").strip()
        if name:
            handed.append(
                HandedDocument(
                    name, data.get(f"other{index}_form") or DocumentForm.ORIGINAL, data.get(f"other{index}_count") or 1
                )
            )
    return handed


def item_fields_add(form: forms.Form, documents: list[RequiredDocument]) -> None:
    """A row per document of the procedure (tick it to ask for it, and give the reason) and a few empty rows
    for anything else to add or correct."""
    for index, document in enumerate(documents):
        form.fields[f"ask{index}"] = forms.BooleanField(label=document.name, required=False)
        form.fields[f"ask{index}_reason"] = forms.CharField(label=_("Reason"), required=False, max_length=500)
    for index in range(EXTRA_ROWS):
        form.fields[f"extra{index}_name"] = forms.CharField(
            label=_("Other item to add or correct"), required=False, max_length=255
        )
        form.fields[f"extra{index}_reason"] = forms.CharField(label=_("Reason"), required=False, max_length=500)
    form.item_documents_listed = documents


def item_rows(form: forms.Form) -> list[Row]:
    documents = getattr(form, "item_documents_listed", None)
    if documents is None:
        return []
    rows = [Row((form[f"ask{index}"], form[f"ask{index}_reason"])) for index in range(len(documents))]
    return rows + [Row((form[f"extra{index}_name"], form[f"extra{index}_reason"])) for index in range(EXTRA_ROWS)]


REASON_MISSING = _("Give the reason: the citizen receives it in writing.")


def missing_items(form: forms.Form) -> list[MissingItem] | None:
    """The items asked for, each with its reason, from a cleaned form; a row without its reason (or a reason
    without its item) gets an error beside it and None is returned."""
    data, items, complete = form.cleaned_data, [], True
    for index, document in enumerate(getattr(form, "item_documents_listed", ())):
        reason = (data.get(f"ask{index}_reason") or "").strip()
        if data.get(f"ask{index}"):
            if not reason:
                form.add_error(f"ask{index}_reason", REASON_MISSING)
                complete = False
            items.append(MissingItem(document.name, reason))
        elif reason:
            form.add_error(f"ask{index}", _("Tick the document this reason is for."))
            complete = False
    for index in range(EXTRA_ROWS):
        name = (data.get(f"extra{index}_name") or "").strip()
        reason = (data.get(f"extra{index}_reason") or "").strip()
        if name and not reason:
            form.add_error(f"extra{index}_reason", REASON_MISSING)
            complete = False
        elif reason and not name:
            form.add_error(f"extra{index}_name", _("Name what is to be added or corrected."))
            complete = False
        elif name:
            items.append(MissingItem(name, reason))
    if complete and not items:
        form.add_error(None, _("Tick or name at least one document to add or correct, with its reason."))
        complete = False
    return items if complete else None


# The desk's three answers to a dossier handed in (NĐ 61/2018 Art. 18): receive it, ask for a supplement, refuse.
ANSWERS = ("receive", "supplement", "refuse")


class ReceiveForm(ApplicantForm):
    """A dossier handed in at the desk, as the officer types it from the citizen's papers, and the desk's answer:
    receive it with the documents actually handed in (form 01), ask for everything missing with a reason for
    each (form 02), or refuse it with the reason (form 03). Whether the procedure allows the extra days for
    verification is the service's rule (vidan.onestop.services)."""

    field_order = ["procedure", "needs_verification"]

    procedure = forms.TypedChoiceField(
        label=_("Procedure"),
        coerce=int,
        empty_value=None,
        error_messages={
            "required": _("Choose the procedure."),
            "invalid_choice": _("Choose a procedure from the list."),
        },
    )
    needs_verification = forms.BooleanField(label=_("Needs verification"), required=False)
    # The fee's pages, copies and exemption are checked by the service, which knows the procedure's rule.
    fee_pages = forms.CharField(
        label=_("Pages of the original"),
        required=False,
        max_length=10,
        help_text=_("The fee is counted on the pages of the original."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    fee_copies = forms.CharField(
        label=_("Copies asked for"),
        required=False,
        max_length=10,
        initial="1",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    fee_exemption = forms.ChoiceField(
        label=_("Fee exemption (Luật Hộ tịch Art. 11)"),
        required=False,
        choices=[("", _("No exemption")), *FeeExemption.choices],
        widget=forms.RadioSelect,
        help_text=_("Tick the reason the applicant shows papers for: the fee becomes 0 and the reason is kept."),
    )
    supplement_note = forms.CharField(
        label=_("Other remarks for the citizen (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    refusal_reason = forms.CharField(
        label=_("Reasons for refusing to receive the dossier (the citizen receives them in writing)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, procedures: list[Procedure], answer: str = "receive", **kwargs):
        super().__init__(*args, **kwargs)
        self.answer = answer if answer in ANSWERS else "receive"
        self.items: list[MissingItem] = []
        self.procedures = {p.id: p for p in procedures}
        self.fields["procedure"].choices = [("", _("— Choose —")), *procedure_choices(procedures)]
        # Choosing a procedure asks the page again for the parts that fit it: its documents, the verification box,
        # the fee's pages, copies and exemption.
        self.fields["procedure"].widget.attrs.update(
            {
                "hx-get": reverse("onestop:desk-receive"),
                "hx-trigger": "change",
                "hx-target": "#procedure-parts",
                "hx-select": "#procedure-parts",
                "hx-swap": "outerHTML",
            }
        )
        chosen = self.chosen_procedure
        if chosen is not None and chosen.verification_extra_days:
            self.fields["needs_verification"].help_text = _(
                "Adds %(days)d working days to the time limit, as the law allows when the facts must be verified."
            ) % {"days": chosen.verification_extra_days}
        else:
            self.fields["needs_verification"].help_text = _(
                "Only for procedures that allow extra time for verification."
            )
        documents = list(chosen.documents.all()) if chosen is not None else []
        if chosen is not None:
            handed_fields_add(self, documents)
            item_fields_add(self, documents)

    @property
    def handed_rows(self) -> list[Row]:
        return handed_rows(self)

    @property
    def item_rows(self) -> list[Row]:
        return item_rows(self)

    @property
    def handed_documents(self) -> list[HandedDocument]:
        return handed_documents(self)

    def clean(self):
        data = super().clean()
        if self.errors or "procedure" not in data:
            return data
        if self.answer == "receive" and not self.handed_documents:
            self.add_error(None, _("Tick the documents handed in, or name them: the receipt lists them."))
        elif self.answer == "supplement":
            self.items = missing_items(self) or []
        elif self.answer == "refuse" and not (data.get("refusal_reason") or "").strip():
            self.add_error("refusal_reason", _("Give the reasons: the citizen receives them in writing."))
        return data

    @property
    def chosen_procedure(self) -> Procedure | None:
        raw = self.data.get(self.add_prefix("procedure")) if self.is_bound else self.initial.get("procedure")
        try:
            return self.procedures.get(int(raw))
        except (TypeError, ValueError):
            return None

    @property
    def offers_verification(self) -> bool:
        """Whether to show the checkbox: once a procedure is chosen, only if it allows the extra time."""
        chosen = self.chosen_procedure
        return chosen is None or chosen.verification_extra_days > 0

    @property
    def offers_pages(self) -> bool:
        chosen = self.chosen_procedure
        return chosen is None or chosen.fee_rule.needs_pages

    @property
    def offers_copies(self) -> bool:
        chosen = self.chosen_procedure
        return chosen is None or chosen.fee_rule.counts_copies

    @property
    def offers_exemption(self) -> bool:
        chosen = self.chosen_procedure
        return chosen is None or chosen.fee_exemptible

    def clean_procedure(self) -> Procedure:
        return self.procedures[self.cleaned_data["procedure"]]


class QueueFilterForm(forms.Form):
    """The filters above a queue. Anything that does not parse is reported and ignored."""

    q = forms.CharField(label=_("Code, name or phone (accents optional)"), required=False, max_length=100)
    procedure = forms.TypedChoiceField(label=_("Procedure"), coerce=int, empty_value=None, required=False)
    department_kind = forms.ChoiceField(label=_("Department"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    received_from = DayField(label=_("Received from"), required=False)
    received_to = DayField(label=_("Received to"), required=False)

    def __init__(self, *args, procedures: list[Procedure], **kwargs):
        super().__init__(*args, **kwargs)
        anything = ("", _("Any"))
        # Built only when a procedure is asked for or the field is drawn (the page keeps the drawn filters).
        self.fields["procedure"].choices = lambda: [anything, *procedure_choices(procedures)]
        self.fields["department_kind"].choices = [anything, *DepartmentKind.choices]
        self.fields["status"].choices = [anything, *DossierStatus.choices]
        self.fields["q"].widget.attrs.update(type="search", id="queue-q")
        for name in ("procedure", "department_kind", "status"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from the list.")

    def clean(self):
        data = super().clean()
        if data.get("received_from") and data.get("received_to") and data["received_from"] > data["received_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"].strip(),
            "procedure": data["procedure"],
            "department_kind": data["department_kind"],
            "status": data["status"],
            "received_from": data["received_from"],
            "received_to": data["received_to"],
        }


# -- the steps of a dossier's life -----------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """How the back office shows a step of the transition table; what the step requires is the table's."""

    action: str
    button: str  # what the button says
    done: str  # how the timeline and the confirmation name the step once taken
    note_label: str = ""  # "" = no note; otherwise the label of the note field

    @property
    def transition(self) -> Transition:
        return TRANSITIONS[self.action]

    @property
    def note_required(self) -> bool:
        return self.transition.note_required


_REASONS = _("Reasons (the citizen receives them in writing)")
# Steps that ask the citizen for items, each with its reason: a supplement at intake, a return in processing.
ITEMISED = ("request_supplement", "return_incomplete")
STEPS: dict[str, Step] = {
    step.action: step
    for step in (
        Step(
            "request_supplement",
            _("Request a supplement"),
            _("Supplement requested"),
            _("Everything that is missing, in one notice"),
        ),
        Step("refuse_intake", _("Refuse to receive"), _("Refused at intake"), _REASONS),
        Step("receive", _("Receive"), _("Received"), _("Note")),
        Step("assign", _("Assign"), _("Assigned"), _("Note")),
        Step("start", _("Start processing"), _("Processing started")),
        Step(
            "consult",
            _("Record a consultation"),
            _("Consultation recorded"),
            _("Who was consulted, and what they answered"),
        ),
        Step(
            "return_incomplete",
            _("Return to the citizen as incomplete"),
            _("Returned as incomplete"),
            _("What the citizen must complete (the clock restarts when it is done)"),
        ),
        Step(
            "resume_complete",
            _("Completed by the citizen: resume"),
            _("Completed; the time limit restarts"),
            _("Note"),
        ),
        Step("submit_for_approval", _("Submit for approval"), _("Submitted for approval"), _("Note")),
        Step("approve", _("Approve"), _("Approved"), _("Note")),
        Step("reject", _("Refuse, with reasons"), _("Refused, with reasons"), _REASONS),
        Step("send_back", _("Send back for more work"), _("Sent back for more work"), _("What needs more work")),
        Step("mark_result_ready", _("Result ready"), _("Result ready")),
        Step("return_result", _("Return the result to the citizen"), _("Result returned")),
        Step("withdraw", _("Withdraw at the citizen's request"), _("Withdrawn"), _("The citizen's reason")),
    )
}
# Timeline names of steps taken elsewhere (the citizen online, the apology).
DONE_ELSEWHERE = {
    "submit": _("Submitted online"),
    "supplement": _("Supplemented by the citizen"),
    "apologise": _("Apology and new appointment"),
    "attach_result": _("Electronic result attached"),
    "fee_paid": _("Fee paid"),
}


def step_done_label(action: str) -> str:
    if action in STEPS:
        return STEPS[action].done
    return DONE_ELSEWHERE.get(action, action)


class StepForm(forms.Form):
    """One step from the dossier page. The action travels outside the form (it picks the form's prefix).

    The form only reads what was typed and picked; the service refuses what the step's rules do not allow (a
    missing note, an assignee who may not take the dossier, …) and the page shows it next to the field."""

    expected_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        action: str,
        specialists=None,
        documents=(),
        verification_days: int = 0,
        handed_in: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.action, self.step = action, STEPS[action]
        self.items: list[MissingItem] = []
        transition = self.step.transition
        if transition.verification and verification_days:
            self.fields["needs_verification"] = forms.BooleanField(
                label=_("Needs verification"),
                required=False,
                help_text=_(
                    "Adds %(days)d working days to the time limit, as the law allows when the facts must be verified."
                )
                % {"days": verification_days},
            )
        if action in ITEMISED:
            # Every item to add or correct, each with its reason: the one notice lists them (form 02, the return).
            item_fields_add(self, list(documents))
        if action == "receive" and handed_in:
            # A dossier handed in at the desk: the documents handed in, as the receipt lists them.
            handed_fields_add(self, list(documents))
        if transition.assignee_required:
            # The list offers the commune's specialists, grouped by department (the dossier's procedure's first:
            # vidan.onestop.queues.assignee_groups); the service checks the one picked, whatever was sent.
            self.fields["assignee"] = RuleId(
                label=_("Specialist"),
                widget=forms.Select(
                    choices=lambda: [
                        ("", _("— Choose —")),
                        *((label, [(staff.pk, str(staff)) for staff in members]) for label, members in specialists),
                    ]
                ),
                error_messages={"invalid": _("Choose a specialist from the list.")},
            )
        if self.step.note_label:
            self.fields["note"] = RuleText(
                label=_("Other remarks for the citizen (optional)") if action in ITEMISED else self.step.note_label,
                required=transition.note_required and action not in ITEMISED,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": _("Keep it under %(limit_value)d characters.")},
            )

    @property
    def item_rows(self) -> list[Row]:
        return item_rows(self)

    @property
    def handed_rows(self) -> list[Row]:
        return handed_rows(self)

    @property
    def handed_documents(self) -> list[HandedDocument]:
        return handed_documents(self) if hasattr(self, "handed_documents_listed") else []

    def clean(self):
        data = super().clean()
        if self.action in ITEMISED:
            self.items = missing_items(self) or []
        if self.handed_rows and not self.handed_documents:
            self.add_error(None, _("Tick the documents handed in, or name them: the receipt lists them."))
        return data

    def visible_plain_fields(self):
        """The fields drawn one by one (the tables of items and documents are drawn as tables)."""
        tabled = {field.name for row in [*self.item_rows, *self.handed_rows] for field in row.cells}
        return [field for field in self.visible_fields() if field.name not in tabled]


class ApologyForm(forms.Form):
    """Form 04: the reason for the delay and the new appointment (NĐ 61/2018 Art. 19(9)), as typed; the service
    refuses a missing reason and an appointment the clock does not allow."""

    expected_status = forms.CharField(widget=forms.HiddenInput)
    reason = RuleText(
        label=_("Reason for the delay"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_due_date = DayField(
        label=_("New appointment: day"), error_messages={"required": _("Enter the day of the new appointment.")}
    )
    new_due_time = TimeText(
        label=_("New appointment: time"), error_messages={"required": _("Enter the time of the new appointment.")}
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "apology")
        super().__init__(*args, **kwargs)

    def new_due(self) -> datetime:
        data = self.cleaned_data
        return datetime.combine(data["new_due_date"], data["new_due_time"], tzinfo=VIETNAM)


class ResultUploadForm(forms.Form):
    """The electronic result of a dossier, checked like every upload (vidan.core.uploads)."""

    result = forms.FileField(
        label=_("Result file (PDF, JPEG or PNG)"),
        help_text=_("For example the signed certificate, scanned or as issued. The citizen downloads it with the PIN."),
        error_messages={"required": _("Choose the file of the result.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "result")
        super().__init__(*args, **kwargs)
        self.checked = None

    def clean_result(self):
        upload = self.cleaned_data["result"]
        try:
            self.checked = upload_check(upload, field="result")
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


class FeePaymentForm(forms.Form):
    """The desk took the fee. The amount only for a fee at the province's rate; the service checks both."""

    prefix = "fee"

    method = forms.ChoiceField(
        label=_("Paid how"),
        choices=[("", _("— Choose —")), *PaymentMethod.choices],
        required=False,
    )
    amount = RuleText(label=_("Amount taken (đồng)"), required=False, max_length=15)
