"""The forms of office culture: a version of the code from its signed decision, a badge's revocation, an
officer's public profile. Files are checked by vidan.core.uploads, by their content."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vidan.conduct.models import RevokeReason
from vidan.core.days import DayField
from vidan.core.errors import DomainError, refusal_fields
from vidan.core.uploads import UploadRefused, upload_check

ACCEPT_DOCUMENT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
ACCEPT_PHOTO = ".jpg,.jpeg,.png,image/jpeg,image/png"


def refusal_show(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the form: each message next to its field, the others above the form."""
    for field, messages in refusal_fields(error).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class CheckedUploadMixin:
    """A file field whose upload is checked by its content; the checked file is kept as `checked`."""

    upload_field = "file"

    def _checked_upload(self):
        upload = self.cleaned_data.get(self.upload_field)
        self.checked = None
        if upload:
            try:
                self.checked = upload_check(upload, field=self.upload_field)
            except UploadRefused as refused:
                raise forms.ValidationError(refused.message) from None
        return upload


class CodeVersionForm(CheckedUploadMixin, forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=60,
        help_text=_("As written on the decision, for example 45/QĐ-UBND."),
        error_messages={"required": _("Enter the number of the decision that adopted the code.")},
    )
    signed_on = DayField(label=_("Signed on"), error_messages={"required": _("Enter the day the decision was signed.")})
    effective_on = DayField(
        label=_("In force from"), error_messages={"required": _("Enter the day the code takes effect.")}
    )
    title = forms.CharField(
        label=pgettext_lazy("code of conduct", "Title"),
        max_length=255,
        error_messages={"required": _("Enter the title of the code.")},
    )
    text = forms.CharField(
        label=_("Text of the code"),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Enter the text of the code, as the decision adopts it.")},
    )
    file = forms.FileField(
        label=_("Signed decision (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("The decision as signed and stamped, scanned. Needed to publish."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENT}),
    )

    def clean_file(self):
        return self._checked_upload()

    def initial_from(self, version) -> None:
        for name in ("decision_number", "signed_on", "effective_on", "title", "text"):
            self.initial[name] = getattr(version, name)


class RevokeForm(forms.Form):
    prefix = "revoke"

    reason = forms.ChoiceField(
        label=_("Why"),
        choices=RevokeReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the badge is revoked.")},
    )
    revoked_on = DayField(
        label=_("From"),
        help_text=_("For an officer who left, the first day they no longer work at the commune."),
        error_messages={"required": _("Enter the day the badge stops being valid.")},
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()


class ProfileForm(forms.Form):
    prefix = "profile"

    reception_hours = forms.CharField(
        label=_("Reception hours"),
        max_length=255,
        required=False,
        help_text=_("When and where the officer receives citizens, e.g. Monday to Friday 7:30–11:30, one-stop desk."),
    )


class PhotoForm(CheckedUploadMixin, forms.Form):
    prefix = "photo"
    upload_field = "photo"

    photo = forms.FileField(
        label=_("Photo (JPEG or PNG)"),
        help_text=_("A portrait as on an ID card; it is cut to 3×4 and what the camera recorded is removed."),
        error_messages={"required": _("Choose the photo.")},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_PHOTO}),
    )

    def clean_photo(self):
        return self._checked_upload()
