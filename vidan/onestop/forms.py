"""Forms shared by the back office and the public pages: the applicant's particulars, the catalogue upload."""

import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from vidan.core.text import clean_text
from vidan.core.uploads import UploadRefused, upload_check

# 10 digits from 0 (a mobile, 0912 345 678), or 11 from 02 (a landline with its area code, 0232 3824 123).
PHONE = re.compile(r"^(?:0[1-9]\d{8}|02\d{9})$")


def phone_normalise(text: str) -> str:
    """ "0912 345 678", "0912.345.678", "+84 912 345 678", "+84 (0) 912 345 678" → "0912345678"; raises
    ValueError if not a Vietnamese phone number."""
    compact = re.sub(r"[\s.\-()]", "", text or "")
    if compact.startswith("+84"):
        rest = compact[3:]
        compact = rest if rest.startswith("0") else "0" + rest
    if not PHONE.match(compact):
        raise ValueError(text)
    return compact


class ApplicantForm(forms.Form):
    """Who the dossier is for and how to reach them."""

    applicant_name = forms.CharField(
        label=_("Applicant's full name"),
        max_length=120,
        error_messages={
            "required": _("Enter the applicant's full name."),
            "max_length": _("The name is too long (at most %(limit_value)d characters)."),
        },
    )
    applicant_phone = forms.CharField(
        label=_("Phone"),
        max_length=24,
        required=False,
        help_text=_("For the notices about the dossier, for example 0912 345 678."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        error_messages={"max_length": _("The phone number is too long.")},
    )
    applicant_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter a valid e-mail address, for example ten@example.com.")},
    )
    applicant_address = forms.CharField(
        label=_("Address"),
        max_length=255,
        required=False,
        error_messages={"max_length": _("The address is too long (at most %(limit_value)d characters).")},
    )

    def clean_applicant_name(self) -> str:
        name = clean_text(self.cleaned_data["applicant_name"])
        if not name:
            raise forms.ValidationError(self.fields["applicant_name"].error_messages["required"], code="required")
        return name

    def clean_applicant_phone(self) -> str:
        raw = self.cleaned_data["applicant_phone"].strip()
        if not raw:
            return ""
        try:
            return phone_normalise(raw)
        except ValueError:
            raise forms.ValidationError(
                _(
                    "Enter a Vietnamese phone number: 10 digits starting with 0 (11 for a landline), "
                    "for example 0912 345 678."
                ),
                code="invalid",
            ) from None


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

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.fields["applicant_address"].required = True
        self.fields["applicant_address"].error_messages["required"] = _("Enter your address.")
        self.fields["applicant_phone"].help_text = _("The desk sends the notices about your dossier here.")
        self._add_document_fields(procedure.documents.all(), all_optional=False)
        # The consent and the declaration come last, after the documents.
        self.fields["consent"] = self.fields.pop("consent")
        self.fields["declaration"] = self.fields.pop("declaration")
        self.checked = []

    def clean(self):
        data = super().clean()
        if (
            not data.get("applicant_phone")
            and not data.get("applicant_email")
            and not self.has_error("applicant_phone")
        ):
            self.add_error(
                "applicant_phone",
                _("Give a phone number or an e-mail address, so the desk can tell you how your dossier goes."),
            )
        self._clean_uploads()
        return data


class SupplementForm(_UploadsMixin, forms.Form):
    """What the desk asked for, sent by the citizen with the dossier's PIN."""

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
        if not self.check_files:  # the PIN failed: the files are not even opened
            return data
        self._clean_uploads()
        if not self.errors and not self.checked and not data.get("note", "").strip():
            raise forms.ValidationError(_("Upload the missing documents, or explain what you are sending."))
        return data
