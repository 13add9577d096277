"""Forms shared by the back office and the public pages: the applicant's particulars, the catalogue upload."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from vidan.core.errors import DomainError, FieldsRefused, refusal_fields
from vidan.core.uploads import UploadRefused, upload_check
from vidan.onestop.applicant import ADDRESS_MAX, EMAIL_MAX, NAME_MAX, PHONE_MAX, applicant_clean
from vidan.onestop.applicant import phone_normalise as phone_normalise
from vidan.onestop.models import Channel, ResultDelivery


def form_refusal_show(form: forms.Form, error: DomainError, renames: dict[str, str] | None = None) -> None:
    """Show a refusal from a service (or from vidan.onestop.applicant) on the form: each message next to the
    field it names — under the form's own name where `renames` gives one — and the others above the form."""
    for field, messages in refusal_fields(error).items():
        name = (renames or {}).get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class ShownRequired:
    """A field marked required for the person filling in the form (its asterisk), whose absence the form does
    not refuse itself: the rule it is passed to refuses it, in its own words, and the form shows that."""

    def validate(self, value):
        return None


class RuleText(ShownRequired, forms.CharField):
    """Text as typed, for a rule to check (vidan.onestop.applicant, a service)."""


class RuleId(ShownRequired, forms.IntegerField):
    """An id picked from a list, for a service to look up among what the actor may pick."""


class ApplicantForm(forms.Form):
    """Who the dossier is for and how to reach them, as typed: cleaned and checked by vidan.onestop.applicant,
    the one definition the services apply too."""

    channel = Channel.DESK

    applicant_name = RuleText(label=_("Applicant's full name"), widget=forms.TextInput(attrs={"maxlength": NAME_MAX}))
    applicant_phone = RuleText(
        label=_("Phone"),
        required=False,
        help_text=_("For the notices about the dossier, for example 0912 345 678."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "maxlength": PHONE_MAX}),
    )
    applicant_email = RuleText(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"maxlength": EMAIL_MAX})
    )
    applicant_address = RuleText(
        label=_("Address"), required=False, widget=forms.TextInput(attrs={"maxlength": ADDRESS_MAX})
    )

    result_delivery = forms.ChoiceField(
        label=_("Where the result is received"),
        choices=ResultDelivery.choices,
        initial=ResultDelivery.DESK,
        required=False,  # not sent: at the desk
        widget=forms.RadioSelect,
        help_text=_("By post, the result goes to the address above; the postal charge is the citizen's."),
    )

    def clean(self):
        data = super().clean()
        try:
            applicant = applicant_clean(
                channel=self.channel,
                name=data.get("applicant_name", ""),
                phone=data.get("applicant_phone", ""),
                email=data.get("applicant_email", ""),
                address=data.get("applicant_address", ""),
                result_delivery=data.get("result_delivery", ""),
            )
        except FieldsRefused as refused:
            form_refusal_show(self, refused)
        else:
            data.update(
                applicant_name=applicant.name,
                applicant_phone=applicant.phone,
                applicant_email=applicant.email,
                applicant_address=applicant.address,
                result_delivery=applicant.result_delivery,
            )
        return data


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=_("Catalogue file (.xlsx or .csv)"))
    apply = forms.BooleanField(
        label=_("Write the changes (leave unticked to check the file first)"), required=False, initial=False
    )


ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _file_field(document, *, required: bool) -> forms.FileField:
    copies = document.get_form_display()
    return forms.FileField(
        label=document.name,
        required=required,
        help_text=_("%(form)s; PDF, JPEG or PNG, at most %(limit)s.") % {"form": copies, "limit": _upload_limit()},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Upload “%(name)s”: the procedure requires it.") % {"name": document.name},
            "empty": _("The file is empty."),
        },
    )


def _upload_limit() -> str:
    return filesizeformat(settings.VIDAN_UPLOAD_MAX_BYTES)


class _UploadsMixin:
    """File fields named doc-<id>, one per document of the procedure that may be uploaded; each file is checked
    by its content (vidan.core.uploads) and kept as a CheckedFile."""

    def _add_document_fields(self, documents, *, all_optional: bool) -> None:
        self.documents = {}
        for document in documents:
            if not document.upload_accepted:
                continue
            name = f"doc-{document.pk}"
            self.fields[name] = _file_field(document, required=document.required and not all_optional)
            self.documents[name] = document

    def document_fields(self):
        return [self[name] for name in self.documents]

    def _clean_uploads(self) -> None:
        self.checked = []
        for name, document in self.documents.items():
            upload = self.cleaned_data.get(name)
            if not upload:
                continue
            try:
                self.checked.append((document, upload_check(upload, field=name)))
            except UploadRefused as refused:
                self.add_error(name, refused.message)


class OnlineSubmissionForm(_UploadsMixin, ApplicantForm):
    """A citizen's online dossier: the applicant, one upload per document the procedure accepts online, and
    the consent to the use of their personal data, unticked until they tick it."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the commune uses the personal data in this dossier, including the copies of identity "
            "papers, only to handle it, as the law on personal data protection requires."
        ),
        required=True,
        initial=False,
        error_messages={
            "required": _(
                "Tick the box to agree to the use of your personal data for this dossier; without it we cannot take it."
            )
        },
    )
    declaration = forms.BooleanField(
        label=_("I declare that the information and the documents I send are true."),
        required=True,
        initial=False,
        error_messages={"required": _("Tick the box to declare that what you send is true.")},
    )

    field_order = ["applicant_name", "applicant_phone", "applicant_email", "applicant_address"]
    channel = Channel.ONLINE

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.fields["applicant_address"].required = True  # online, the citizen gives it (vidan.onestop.applicant)
        self.fields["applicant_phone"].help_text = _("The desk sends the notices about your dossier here.")
        self._add_document_fields(procedure.documents.all(), all_optional=False)
        # What the fee is counted on, when the procedure's rule counts it (the service checks the numbers).
        rule = procedure.fee_rule
        if rule.needs_pages:
            self.fields["fee_pages"] = RuleText(label=_("Pages of the original"), required=True, max_length=10)
        if rule.counts_copies:
            self.fields["fee_copies"] = RuleText(label=_("Copies asked for"), initial="1", max_length=10)
        # The consent and the declaration come last, after the documents.
        self.fields["consent"] = self.fields.pop("consent")
        self.fields["declaration"] = self.fields.pop("declaration")
        # The error summary names a field by its label; these two labels are whole sentences.
        self.fields["consent"].summary_label = _("Consent to the use of personal data")
        self.fields["declaration"].summary_label = _("Declaration that the information is true")
        self.checked = []

    def clean(self):
        data = super().clean()
        self._clean_uploads()
        return data


class SupplementForm(_UploadsMixin, forms.Form):
    """What the desk asked for, sent by the citizen with the dossier's PIN (that it sends something is the
    service's rule: vidan.onestop.online.dossier_supplement_online)."""

    pin = forms.CharField(
        label=_("PIN (6 digits, shown when the dossier was sent, or on the receipt)"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Enter the PIN you were given with the code.")},
    )
    note = forms.CharField(
        label=_("A word for the desk (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep it under %(limit_value)d characters.")},
    )

    def __init__(self, *args, procedure, check_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_document_fields(procedure.documents.all(), all_optional=True)
        self.checked, self.check_files = [], check_files

    def clean(self):
        data = super().clean()
        if self.check_files:  # the PIN failed: the files are not even opened
            self._clean_uploads()
        return data
