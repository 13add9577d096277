"""The model's forms: they read what a person typed and uploaded; the services judge it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vidan.core.days import DayField
from vidan.core.uploads import UploadRefused, upload_check, upload_too_large_message, uploads_total_check
from vidan.model.commitments import Signer
from vidan.model.launch import Attendee
from vidan.model.models import FileRole, FollowUpStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one field; each is checked by its content in the form's clean()."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(each, initial) for each in data if each] or ([] if not self.required else single(None))
        return [single(data, initial)] if data else ([] if not self.required else single(None))


class CheckedFilesMixin:
    """Every file field of the form checked by vidan.core.uploads: `self.checked[name]` is its list of CheckedFile."""

    file_fields: tuple[str, ...] = ()

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = bool(request is not None and getattr(request, "upload_too_large", False))

    def _check_files(self) -> None:
        self.checked = {}
        everything = []
        if self.too_large:
            self.add_error(None, upload_too_large_message())
            return
        for name in self.file_fields:
            uploads = self.cleaned_data.get(name) or []
            checked = []
            for upload in uploads:
                try:
                    checked.append(upload_check(upload, field=name))
                except UploadRefused as refused:
                    self.add_error(name, refused.message)
            self.checked[name] = checked
            everything += checked
        try:
            uploads_total_check(everything)
        except UploadRefused as refused:
            self.add_error(None, refused.message)

    def clean(self):
        data = super().clean()
        self._check_files()
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LaunchForm(CheckedFilesMixin, forms.Form):
    file_fields = ("documents", "photos")
    held_on = DayField(label=_("Day of the launch"), error_messages={"required": _("Enter the day of the launch.")})
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    attendees = forms.CharField(
        label=_("Attendees"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line: position | organisation | full name (the name may be left out)."),
        error_messages={"required": _("Name at least one attendee, with their position and organisation.")},
    )
    article_url = forms.URLField(
        assume_scheme="https",
        label=_("Address of the article"),
        required=False,
        max_length=500,
        error_messages={"invalid": _("Enter a full web address, starting with https://")},
    )
    article_text = forms.CharField(
        label=_("Text of the article"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    documents = FilesField(label=_("Documents (PDF, JPEG, PNG)"), required=False)
    photos = FilesField(label=_("Photos (JPEG, PNG)"), required=False)

    def clean_attendees(self):
        rows = []
        for line in _lines(self.cleaned_data["attendees"]):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _("“%(line)s”: write the position and the organisation, separated by |.") % {"line": line}
                )
            rows.append(
                Attendee(position=parts[0], organisation=parts[1], full_name=parts[2] if len(parts) > 2 else "")
            )
        return rows


class LaunchFilesForm(CheckedFilesMixin, forms.Form):
    file_fields = ("files",)
    role = forms.ChoiceField(
        label=_("Kind"), choices=[(FileRole.DOCUMENT, _("Document")), (FileRole.PHOTO, _("Photo"))]
    )
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    files = FilesField(label=_("Files (PDF, JPEG, PNG)"), error_messages={"required": _("Choose at least one file.")})


class ArticleForm(forms.Form):
    article_url = forms.URLField(
        assume_scheme="https",
        label=_("Address of the article"),
        required=False,
        max_length=500,
        error_messages={"invalid": _("Enter a full web address, starting with https://")},
    )
    article_text = forms.CharField(
        label=_("Text of the article"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class DepartmentModelForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"), error_messages={"invalid_choice": _("Choose from the list.")})
    name = forms.CharField(label=_("Name of the model"), max_length=255)
    description = forms.CharField(label=_("What it does"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    started_on = DayField(label=_("Started on"))

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—"), *((str(d.pk), d.name) for d in departments)]


class CommitmentForm(forms.Form):
    items = forms.CharField(
        label=_("What the department commits to"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item a line."),
        error_messages={"required": _("Write at least one thing the department commits to.")},
    )
    signatories = forms.CharField(
        label=_("Signatories"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: full name | position."),
        error_messages={"required": _("Name at least one signatory, with their position.")},
    )

    def clean_items(self):
        return _lines(self.cleaned_data["items"])

    def clean_signatories(self):
        rows = []
        for line in _lines(self.cleaned_data["signatories"]):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 2 or not all(parts):
                raise forms.ValidationError(
                    _("“%(line)s”: write the full name and the position, separated by |.") % {"line": line}
                )
            rows.append(Signer(full_name=parts[0], position=parts[1]))
        return rows


class SignForm(CheckedFilesMixin, forms.Form):
    file_fields = ("scan",)
    signed_on = DayField(label=_("Signed on"), error_messages={"required": _("Enter the day it was signed.")})
    scan = FilesField(
        label=_("Scan of the signed commitment (PDF, JPEG, PNG)"),
        error_messages={"required": _("Upload the scan of the signed commitment.")},
    )


class FollowUpForm(CheckedFilesMixin, forms.Form):
    file_fields = ("evidence",)
    item = forms.IntegerField(widget=forms.HiddenInput)
    period_day = DayField(label=_("A day of the period"), help_text=_("The quarter that holds this day."))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=FollowUpStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose done, in progress or not done.")},
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence = FilesField(label=_("Evidence (PDF, JPEG, PNG)"), required=False)


class StartAssessmentForm(forms.Form):
    period_day = DayField(label=_("A day of the period"), help_text=_("The quarter that holds this day."))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for correction"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to approve or to return.")},
    )
    comment = forms.CharField(
        label=_("Comment, or the reason for returning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    expected = forms.CharField(widget=forms.HiddenInput, required=False)
